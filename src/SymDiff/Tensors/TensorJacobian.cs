using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Tensors;

/// <summary>
/// The Jacobian of a vector function with respect to a vector variable in matrix notation, by forward-mode rules
/// (<c>d/dx W@x = W</c>, <c>d/dx sin(x) = diag(cos(x))</c>, <c>d/dz softmax(z) = diag(softmax(z)) -
/// outer(softmax(z), softmax(z))</c>): row i is the gradient of entry i. Where the result would need more than
/// two indices (a matrix function, a matrix variable, a matrix that depends on the variable inside <c>@</c>),
/// there is no matrix notation: <see cref="TryOf"/> says why, and the Jacobian is still computed numerically.
/// </summary>
public static class TensorJacobian
{
    /// <summary>The Jacobian of vector <paramref name="root"/> with respect to vector <paramref name="variable"/>, or null and why not.</summary>
    public static (TensorExpr? Jacobian, string? Why) TryOf(TensorFactory f, TensorExpr root, TensorVariable variable)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!root.Shape.IsVector) return (null, $"the function is {root.Shape.Describe()}: its Jacobian has {root.Shape.Rank + variable.Shape.Rank} indices, more than matrix notation shows");
        if (variable.Shape.IsScalar) return (null, $"{variable.Name} is a scalar: the derivative of a vector function by a scalar has no matrix notation here (it is a vector of f's shape)");
        if (!variable.Shape.IsVector) return (null, $"{variable.Name} is {variable.Shape.Describe()}: the Jacobian has {root.Shape.Rank + variable.Shape.Rank} indices, more than matrix notation shows");
        try
        {
            return (new Forward(f, variable).Of(root), null);
        }
        catch (NotSupportedException e)
        {
            return (null, e.Message);
        }
    }

    // d(node)/d(variable): an n x m matrix for a vector node of n, the gradient (a vector of m) for a scalar node.
    private sealed class Forward(TensorFactory f, TensorVariable x)
    {
        private readonly Dictionary<TensorExpr, TensorExpr> _memo = new(ReferenceEqualityComparer.Instance);
        private int M => x.Shape.Rows;

        public TensorExpr Of(TensorExpr node)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
            if (!node.DependsOn(x.Name)) return f.Zero;
            if (_memo.TryGetValue(node, out var known)) return known;
            var result = node.Shape.IsScalar ? TensorGradient.Of(f, node, [x.Name])[x.Name] : OfVector(node);
            _memo[node] = result;
            return result;
        }

        private TensorExpr OfVector(TensorExpr node) => node switch
        {
            TensorVariable => f.Identity(M),
            TensorNegate n => f.Negate(Of(n.Operand)),
            TensorElementwise e => Elementwise(e),
            TensorCall c => Call(c),
            TensorMatMul m => MatMul(m),
            TensorApply { Op: TensorOp.Transpose } t => Of(t.Children[0]),
            TensorApply { Op: TensorOp.Softmax } s => f.MatMul(f.Subtract(f.Apply(TensorOp.Diag, s), f.Apply(TensorOp.Outer, s, s)), Of(s.Children[0])),
            TensorApply { Op: TensorOp.LogSoftmax } l => LogSoftmax(l),
            TensorList l => f.List([.. l.Children.Select(e => Row(Of(e)))]),
            _ => throw new NotSupportedException($"the Jacobian of {TensorFormatter.Format(node)} is not available in matrix notation"),
        };

        // diag(v)@J for a vector v; v*J for a scalar; J may be a matrix (vector operand) or a gradient (scalar operand).
        private TensorExpr Scale(TensorExpr factor, TensorExpr operand, TensorExpr node)
        {
            var j = Of(operand);
            if (j is TensorNumber { Value.IsZero: true }) return f.Zero;
            var spread = Spread(j, operand, node);
            // A factor that broadcasts (a scalar, or a vector of 1 against a vector of n) scales every entry alike.
            return factor.Shape.IsScalar || (factor.Shape.Rows == 1 && node.Shape.Rows > 1)
                ? f.Multiply(factor, spread)
                : f.MatMul(f.Apply(TensorOp.Diag, factor), spread);
        }

        // An operand broadcast over a vector node's entries: every row of the Jacobian is the operand's one row, its
        // gradient g for a scalar operand, the single row of its 1 x m Jacobian for a vector of 1 (a single bias).
        private TensorExpr Spread(TensorExpr j, TensorExpr operand, TensorExpr node) =>
            j is TensorNumber { Value.IsZero: true } || !node.Shape.IsVector ? j
            : operand.Shape.IsScalar ? f.Apply(TensorOp.Outer, f.OnesLike(node), j)
            : operand.Shape.IsVector && operand.Shape.Rows == 1 && node.Shape.Rows > 1 ? f.Apply(TensorOp.Outer, f.OnesLike(node), j is TensorIdentity ? f.OnesLike(operand) : f.SumAlong(j, 0))
            : j;

        private TensorExpr Elementwise(TensorElementwise e)
        {
            var (a, b) = (e.Left, e.Right);
            return e.Op switch
            {
                ElementwiseOp.Add => f.Add(Spread(Of(a), a, e), Spread(Of(b), b, e)),
                ElementwiseOp.Subtract => f.Subtract(Spread(Of(a), a, e), Spread(Of(b), b, e)),
                ElementwiseOp.Multiply => f.Add(Scale(b, a, e), Scale(a, b, e)),
                ElementwiseOp.Divide => f.Subtract(Scale(f.Divide(f.One, b), a, e), Scale(f.Divide(a, f.Power(b, f.Number(2))), b, e)),
                _ => f.Add(Scale(f.Multiply(b, f.Power(a, f.Subtract(b, f.One))), a, e), Scale(f.Multiply(e, f.Call("log", a)), b, e)),
            };
        }

        private TensorExpr Call(TensorCall c)
        {
            TensorExpr total = f.Zero;
            var scalar = new ExprFactory();
            var placeholders = Enumerable.Range(0, c.Children.Length).Select(k => scalar.Symbol(ScalarLift.ArgumentName(k))).ToImmutableArray();
            for (var i = 0; i < c.Children.Length; i++)
            {
                if (!c.Children[i].DependsOn(x.Name)) continue;
                var rule = c.Function.Partials[i] ?? throw new NotSupportedException($"{c.Function.Name} is not differentiable in argument {i + 1}");
                var partial = ScalarLift.Lift(f, rule(scalar, placeholders), c.Children);
                total = f.Add(total, Scale(partial, c.Children[i], c));
            }
            return total;
        }

        private TensorExpr MatMul(TensorMatMul m)
        {
            var (a, b) = (m.Left, m.Right);
            if (a.Shape.IsMatrix && !a.DependsOn(x.Name)) return f.MatMul(a, Of(b));
            if (b.Shape.IsMatrix && !b.DependsOn(x.Name)) return f.MatMul(f.Transpose(b), Of(a));
            throw new NotSupportedException($"in {TensorFormatter.Format(m)} a matrix depends on {x.Name}: the Jacobian has more than two indices");
        }

        private TensorExpr LogSoftmax(TensorApply l)
        {
            var u = l.Children[0];
            var j = Of(u);
            return f.Subtract(j, f.MatMul(f.Apply(TensorOp.Outer, f.OnesLike(u), f.Apply(TensorOp.Softmax, u)), j));
        }

        // A list entry's Jacobian row: its gradient. A zero one is a list of zeros: 0*ones_like(x) folded to the
        // scalar 0 in the simplifying factory, and the list of rows was refused (the Hessian of x[0]^2*x[1], whose
        // gradient [2*x[0]*x[1], x[0]^2, 0] has a constant entry, fell back to numbers).
        private TensorExpr Row(TensorExpr j) => j is TensorNumber { Value.IsZero: true } ? f.List([.. Enumerable.Repeat(f.Zero, M)]) : j;
    }
}
