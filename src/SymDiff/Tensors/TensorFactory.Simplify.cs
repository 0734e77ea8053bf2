using SymDiff.Numbers;

namespace SymDiff.Tensors;

// The identities the simplifying factory applies, each one local and shape-preserving. A scalar 0 stands for a zero
// tensor of any shape (it broadcasts), so a derivative that vanishes prints as 0 whatever the variable's shape.
public sealed partial class TensorFactory
{
    private static bool IsNumber(TensorExpr e, out Rational value)
    {
        value = e is TensorNumber n ? n.Value : default;
        return e is TensorNumber;
    }

    private static bool IsZero(TensorExpr e) => e is TensorNumber { Value.IsZero: true };
    private static bool IsOne(TensorExpr e) => e is TensorNumber { Value.IsOne: true };

    // e = c * core, with c a number (1 when e has no numeric factor, -1 for a negation).
    private static (Rational Coefficient, TensorExpr Core) Split(TensorExpr e) => e switch
    {
        TensorElementwise { Op: ElementwiseOp.Multiply, Left: TensorNumber c } m => (c.Value, m.Right),
        TensorNegate n => (-Split(n.Operand).Coefficient, Split(n.Operand).Core),
        _ => (Rational.One, e),
    };

    private TensorExpr? TrySimplify(ElementwiseOp op, TensorExpr l, TensorExpr r, Shape shape) => op switch
    {
        ElementwiseOp.Add => SimplifyAdd(l, r, shape),
        ElementwiseOp.Subtract => SimplifySubtract(l, r, shape),
        ElementwiseOp.Multiply => SimplifyMultiply(l, r, shape),
        ElementwiseOp.Divide => SimplifyDivide(l, r, shape),
        _ => SimplifyPower(l, r),
    };

    private TensorExpr? SimplifyAdd(TensorExpr l, TensorExpr r, Shape shape)
    {
        if (IsZero(l) && r.Shape == shape) return r;
        if (IsZero(r) && l.Shape == shape) return l;
        if (IsNumber(l, out var a) && IsNumber(r, out var b)) return Number(a + b);
        if (r is TensorNegate neg) return Subtract(l, neg.Operand);
        if (IsNumber(r, out var c) && c.IsNegative) return Subtract(l, Number(-c));
        var (cl, xl) = Split(l);
        var (cr, xr) = Split(r);
        if (ReferenceEquals(xl, xr)) return Multiply(cl + cr, xl);
        if (cl == cr && !cl.IsOne && xl.Shape == shape && xr.Shape == shape) return Multiply(cl, Add(xl, xr));
        if (cl.IsOne && cr.IsOne && FactorMatMul(xl, xr) is { } factored) return factored;
        // A + A.T, not A.T + A: the plain operand first, as textbooks print it.
        if (l is TensorApply { Op: TensorOp.Transpose } t && ReferenceEquals(t.Children[0], r)) return Add(r, l);
        return null;
    }

    // A@x + B@x = (A + B)@x; A@x + A@y = A@(x + y): the textbook's factored form.
    private TensorExpr? FactorMatMul(TensorExpr l, TensorExpr r)
    {
        if (l is not TensorMatMul ml || r is not TensorMatMul mr) return null;
        if (ReferenceEquals(ml.Right, mr.Right) && ml.Left.Shape == mr.Left.Shape) return MatMul(Add(ml.Left, mr.Left), ml.Right);
        if (ReferenceEquals(ml.Left, mr.Left) && ml.Right.Shape == mr.Right.Shape) return MatMul(ml.Left, Add(ml.Right, mr.Right));
        return null;
    }

    private TensorExpr? SimplifySubtract(TensorExpr l, TensorExpr r, Shape shape)
    {
        if (IsZero(r) && l.Shape == shape) return l;
        if (IsZero(l) && r.Shape == shape) return Negate(r);
        if (IsNumber(l, out var a) && IsNumber(r, out var b)) return Number(a - b);
        if (ReferenceEquals(l, r)) return Zero;
        if (r is TensorNegate neg) return Add(l, neg.Operand);
        if (IsNumber(r, out var c) && c.IsNegative) return Add(l, Number(-c));
        var (cl, xl) = Split(l);
        var (cr, xr) = Split(r);
        if (ReferenceEquals(xl, xr)) return Multiply(cl - cr, xl);
        return null;
    }

    private TensorExpr? SimplifyMultiply(TensorExpr l, TensorExpr r, Shape shape)
    {
        if (IsZero(l) || IsZero(r)) return Zero;
        if (IsOne(l) && r.Shape == shape) return r;
        if (IsOne(r) && l.Shape == shape) return l;
        var ln = IsNumber(l, out var a);
        var rn = IsNumber(r, out var b);
        if (ln && rn) return Number(a * b);
        if (rn) return Multiply(r, l);
        if (l is TensorOnesLike && r.Shape == shape) return r;
        if (r is TensorOnesLike && l.Shape == shape) return l;
        // (s*ones_like(x))*y is s*y when y already has the shape the ones stretched s to.
        if (l is TensorElementwise { Op: ElementwiseOp.Multiply, Right: TensorOnesLike } so && r.Shape == shape) return Multiply(so.Left, r);
        if (r is TensorElementwise { Op: ElementwiseOp.Multiply, Right: TensorOnesLike } ro && l.Shape == shape) return Multiply(l, ro.Left);
        // a*b^-1 is a/b; (a/b)*b is a.
        if (IsReciprocal(r, out var below)) return Divide(l, below);
        if (IsReciprocal(l, out var under)) return Divide(r, under);
        if (l is TensorElementwise { Op: ElementwiseOp.Divide } dl && ReferenceEquals(dl.Right, r) && dl.Left.Shape == shape) return dl.Left;
        if (r is TensorElementwise { Op: ElementwiseOp.Divide } dr && ReferenceEquals(dr.Right, l) && dr.Left.Shape == shape) return dr.Left;
        // (1/a)*b is b/a.
        if (l is TensorElementwise { Op: ElementwiseOp.Divide, Left: TensorNumber { Value.IsOne: true } } ol) return Divide(r, ol.Right);
        if (r is TensorElementwise { Op: ElementwiseOp.Divide, Left: TensorNumber { Value.IsOne: true } } or) return Divide(l, or.Right);
        if (ln)
        {
            if (a.IsMinusOne) return Negate(r);
            if (r is TensorElementwise { Op: ElementwiseOp.Multiply, Left: TensorNumber inner } m) return Multiply(a * inner.Value, m.Right);
            if (r is TensorNegate n) return Multiply(-a, n.Operand);
            return null;
        }
        if (l is TensorElementwise { Op: ElementwiseOp.Multiply, Left: TensorNumber cl } ml) return Multiply(cl, Multiply(ml.Right, r));
        if (r is TensorElementwise { Op: ElementwiseOp.Multiply, Left: TensorNumber cr } mr) return Multiply(cr, Multiply(l, mr.Right));
        if (l is TensorNegate nl) return Negate(Multiply(nl.Operand, r));
        if (r is TensorNegate nr) return Negate(Multiply(l, nr.Operand));
        if (ReferenceEquals(l, r)) return Power(l, Number(2));
        return null;
    }

    private static bool IsReciprocal(TensorExpr e, out TensorExpr below)
    {
        below = e is TensorElementwise { Op: ElementwiseOp.Power, Right: TensorNumber { Value.IsMinusOne: true } } p ? p.Left : e;
        return !ReferenceEquals(below, e);
    }

    private TensorExpr? SimplifyDivide(TensorExpr l, TensorExpr r, Shape shape)
    {
        if (IsOne(r) && l.Shape == shape) return l;
        if (IsZero(l)) return Zero;
        if (ReferenceEquals(l, r)) return OnesLike(l);
        if (l is TensorElementwise { Op: ElementwiseOp.Multiply } lm && ReferenceEquals(lm.Right, r) && lm.Left.Shape == shape) return lm.Left;
        if (l is TensorElementwise { Op: ElementwiseOp.Multiply } ln2 && ReferenceEquals(ln2.Left, r) && ln2.Right.Shape == shape) return ln2.Right;
        if (IsNumber(r, out var b) && !b.IsZero)
            return IsNumber(l, out var a) ? Number(a / b) : Multiply(b.Reciprocal(), l);
        if (l is TensorElementwise { Op: ElementwiseOp.Multiply, Left: TensorNumber c } m) return Multiply(c, Divide(m.Right, r));
        if (l is TensorNegate n) return Negate(Divide(n.Operand, r));
        return null;
    }

    private TensorExpr? SimplifyPower(TensorExpr l, TensorExpr r)
    {
        if (IsZero(r)) return OnesLike(l);
        if (IsOne(r)) return l;
        if (IsNumber(l, out var a) && IsNumber(r, out var b) && b.IsInteger && System.Numerics.BigInteger.Abs(b.Numerator) <= 64 && !(a.IsZero && b.IsNegative))
            return Number(a.Pow((int)b.Numerator));
        return null;
    }

    private TensorExpr? SimplifyNegation(TensorExpr e) => e switch
    {
        TensorNumber n => Number(-n.Value),
        TensorNegate n => n.Operand,
        TensorElementwise { Op: ElementwiseOp.Multiply, Left: TensorNumber c } m => Multiply(-c.Value, m.Right),
        TensorElementwise { Op: ElementwiseOp.Subtract } s => Subtract(s.Right, s.Left),
        _ => null,
    };

    private TensorExpr? SimplifyMatMul(TensorExpr l, TensorExpr r)
    {
        if (IsZero(l) || IsZero(r)) return Zero;
        if (l is TensorIdentity) return r;
        if (r is TensorIdentity) return l;
        if (AreInverses(l, r) || AreInverses(r, l)) return Identity(l.Shape.Rows);
        // diag(a)@diag(b) = diag(a*b); diag(a)@(diag(b)@C) = diag(a*b)@C.
        if (IsDiagonal(l, out var a) && IsDiagonal(r, out var b)) return Apply(TensorOp.Diag, Multiply(a, b));
        if (IsDiagonal(l, out var a2) && r is TensorMatMul { Left: var inner } rm && IsDiagonal(inner, out var b2))
            return MatMul(Apply(TensorOp.Diag, Multiply(a2, b2)), rm.Right);
        var (cl, xl) = Split(l);
        var (cr, xr) = Split(r);
        if (!cl.IsOne || !cr.IsOne) return Multiply(cl * cr, MatMul(xl, xr));
        // x@A is A.T@x: one spelling for a vector times a matrix, the one textbooks use.
        if (l.Shape.IsVector && r.Shape.IsMatrix) return MatMul(Transpose(r), l);
        return null;
    }

    private static bool IsDiagonal(TensorExpr e, out TensorExpr vector)
    {
        vector = e is TensorApply { Op: TensorOp.Diag } d && d.Children[0].Shape.IsVector ? d.Children[0] : e;
        return !ReferenceEquals(vector, e);
    }

    // inv(A)@A, and inv(A).T@A.T (the transpose of A@inv(A)), are the identity.
    private static bool AreInverses(TensorExpr a, TensorExpr b) =>
        a is TensorApply { Op: TensorOp.Inv } i && ReferenceEquals(i.Children[0], b)
        || a is TensorApply { Op: TensorOp.Transpose } t && t.Children[0] is TensorApply { Op: TensorOp.Inv } ti
           && b is TensorApply { Op: TensorOp.Transpose } u && ReferenceEquals(ti.Children[0], u.Children[0]);

    private TensorExpr? SimplifyApply(TensorOp op, TensorExpr[] args)
    {
        var x = args[0];
        if (op is TensorOp.Inv && x is TensorApply { Op: TensorOp.Inv } twice) return twice.Children[0];
        if (op is TensorOp.Transpose)
        {
            if (x.Shape.IsVector || IsZero(x) || x is TensorIdentity) return x;
            if (x is TensorApply { Op: TensorOp.Transpose } inner) return inner.Children[0];
            if (x is TensorApply { Op: TensorOp.Outer } outer) return Apply(TensorOp.Outer, outer.Children[1], outer.Children[0]);
            if (x is TensorOnesLike { Like: TensorApply { Op: TensorOp.Transpose } inside }) return OnesLike(inside.Children[0]);
            // (A@B).T = B.T@A.T when that cancels a transpose or reaches one that can: (X.T@D).T is D.T@X.
            if (x is TensorMatMul { Shape.IsMatrix: true } product && (Transposes(product.Left) || Transposes(product.Right)))
                return MatMul(Transpose(product.Right), Transpose(product.Left));
        }
        if (op is TensorOp.Transpose or TensorOp.Sum or TensorOp.Trace or TensorOp.Diag or TensorOp.Outer or TensorOp.Dot)
        {
            // Linear in each argument: numbers come out in front, a zero argument makes zero.
            if (args.Any(IsZero)) return Zero;
            var coefficient = Rational.One;
            var cores = new TensorExpr[args.Length];
            for (var i = 0; i < args.Length; i++) (coefficient, cores[i]) = (coefficient * Split(args[i]).Coefficient, Split(args[i]).Core);
            if (!coefficient.IsOne) return Multiply(coefficient, Apply(op, cores));
        }
        if (op is TensorOp.Sum && x is TensorOnesLike ones) return Number(ones.Shape.Size);
        return null;
    }

    private static bool Transposes(TensorExpr e) =>
        e is TensorApply { Op: TensorOp.Transpose } || e is TensorMatMul m && (Transposes(m.Left) || Transposes(m.Right));

    private TensorExpr? SimplifySumTo(TensorExpr operand, Shape target)
    {
        if (IsZero(operand)) return Zero;
        var (c, core) = Split(operand);
        if (!c.IsOne) return Multiply(c, SumTo(core, target));
        if (target.IsScalar) return Apply(TensorOp.Sum, operand);
        return null;
    }
}
