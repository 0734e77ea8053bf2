using System.Collections.Immutable;
using SymDiff.Functions;
using SymDiff.Numbers;

namespace SymDiff.Tensors;

/// <summary>
/// Makes <see cref="TensorExpr"/> nodes: checks shapes (a <see cref="ShapeException"/> names both), interns equal
/// structure to one object, and, when <see cref="Simplifying"/>, applies the identities a textbook applies while
/// writing a derivative down (0 and 1, constants pulled to the front, <c>I@X = X</c>, <c>(c*a)@B = c*(a@B)</c>,
/// <c>x@A = A.T@x</c>, <c>(A.T).T = A</c>, like terms combined). The written function is built by a factory
/// that does not simplify, so its values and domain stay the user's.
/// </summary>
/// <example><code>var f = new TensorFactory();
/// var W = f.Variable("W", Shape.Matrix(3, 2));
/// var x = f.Variable("x", Shape.Vector(2));
/// f.MatMul(W, x).Shape; // 3</code></example>
public sealed partial class TensorFactory(bool simplifying = true)
{
    private readonly Dictionary<string, TensorExpr> _interned = new(StringComparer.Ordinal);
    private int _nextId;

    /// <summary>Whether constructors simplify; false for the written form.</summary>
    public bool Simplifying { get; } = simplifying;

    public TensorExpr Zero => Number(Rational.Zero);
    public TensorExpr One => Number(Rational.One);

    public TensorExpr Number(Rational value) => Intern($"n|{value}", id => new TensorNumber(id, value));

    public TensorExpr Constant(string name, double value) => Intern($"k|{name}", id => new TensorConstant(id, name, value));

    public TensorExpr Variable(string name, Shape shape) => Intern($"v|{name}|{shape}", id => new TensorVariable(id, name, shape));

    public TensorExpr Identity(int size) => Intern($"I|{size}", id => new TensorIdentity(id, size));

    public TensorExpr OnesLike(TensorExpr like) =>
        like.Shape.IsScalar ? One : Intern($"1|{like.Id}", id => new TensorOnesLike(id, like));

    public TensorExpr Index(TensorExpr operand, int index)
    {
        if (operand.Shape.IsScalar || index < 0 || index >= operand.Shape.Rows)
            throw new ShapeException($"index {index} is outside {operand.Shape.Describe()}");
        var shape = operand.Shape.IsVector ? Shape.Scalar : Shape.Vector(operand.Shape.Columns);
        // [a, b, c][1] = b.
        if (Simplifying && operand is TensorList list) return list.Children[index];
        return Intern($"[]|{operand.Id}|{index}", id => new TensorIndex(id, operand, index, shape));
    }

    public TensorExpr Elementwise(ElementwiseOp op, TensorExpr left, TensorExpr right)
    {
        var shape = Shape.Broadcast(left.Shape, right.Shape)
            ?? throw new ShapeException($"{Symbol(op)} needs shapes that broadcast, but the left operand is {left.Shape.Describe()} and the right one {right.Shape.Describe()}");
        if (Simplifying && TrySimplify(op, left, right, shape) is { } simpler) return simpler;
        return Intern($"e{(int)op}|{left.Id}|{right.Id}", id => new TensorElementwise(id, op, left, right, shape));
    }

    public TensorExpr Add(TensorExpr a, TensorExpr b) => Elementwise(ElementwiseOp.Add, a, b);
    public TensorExpr Subtract(TensorExpr a, TensorExpr b) => Elementwise(ElementwiseOp.Subtract, a, b);
    public TensorExpr Multiply(TensorExpr a, TensorExpr b) => Elementwise(ElementwiseOp.Multiply, a, b);
    public TensorExpr Divide(TensorExpr a, TensorExpr b) => Elementwise(ElementwiseOp.Divide, a, b);
    public TensorExpr Power(TensorExpr a, TensorExpr b) => Elementwise(ElementwiseOp.Power, a, b);
    public TensorExpr Multiply(Rational c, TensorExpr a) => Multiply(Number(c), a);

    public TensorExpr Negate(TensorExpr operand)
    {
        if (Simplifying && SimplifyNegation(operand) is { } simpler) return simpler;
        return Intern($"-|{operand.Id}", id => new TensorNegate(id, operand));
    }

    public TensorExpr Call(FunctionInfo function, ImmutableArray<TensorExpr> args)
    {
        var shape = Shape.Scalar;
        foreach (var a in args)
            shape = Shape.Broadcast(shape, a.Shape)
                ?? throw new ShapeException($"{function.Name} needs arguments whose shapes broadcast, but they are {string.Join(" and ", args.Select(x => x.Shape.Describe()))}");
        return Intern($"c|{function.Name}/{function.Arity}|{Ids(args)}", id => new TensorCall(id, function, args, shape));
    }

    public TensorExpr Call(string name, params TensorExpr[] args) =>
        Call(FunctionTable.Lookup(name, args.Length) ?? throw new ArgumentException($"No function {name}/{args.Length}."), [.. args]);

    public TensorExpr MatMul(TensorExpr left, TensorExpr right)
    {
        var shape = MatMulShape(left.Shape, right.Shape);
        if (Simplifying && SimplifyMatMul(left, right) is { } simpler) return simpler;
        return Intern($"@|{left.Id}|{right.Id}", id => new TensorMatMul(id, left, right, shape));
    }

    public TensorExpr Apply(TensorOp op, params TensorExpr[] args)
    {
        if (op == TensorOp.OnesLike) return args.Length == 1 ? OnesLike(args[0]) : throw new ShapeException($"ones_like takes 1 argument, got {args.Length}");
        var shape = TensorShapes.Of(op, args);
        if (Simplifying && SimplifyApply(op, args) is { } simpler) return simpler;
        return Intern($"a|{op}|{Ids([.. args])}", id => new TensorApply(id, op, [.. args], shape));
    }

    public TensorExpr Transpose(TensorExpr a) => Apply(TensorOp.Transpose, a);

    public TensorExpr List(ImmutableArray<TensorExpr> elements)
    {
        if (elements.IsEmpty) throw new ShapeException("a list needs at least one element");
        var first = elements[0].Shape;
        if (first.IsMatrix) throw new ShapeException("a list's elements are scalars (a vector) or vectors (a matrix's rows), not matrices");
        for (var i = 1; i < elements.Length; i++)
            if (elements[i].Shape != first)
                throw new ShapeException($"the elements of a list must have one shape, but element 0 is {first.Describe()} and element {i} {elements[i].Shape.Describe()} (elements count from 0)");
        var shape = first.IsScalar ? Shape.Vector(elements.Length) : Shape.Matrix(elements.Length, first.Rows);
        return Intern($"L|{Ids(elements)}", id => new TensorList(id, elements, shape));
    }

    /// <summary>Sums <paramref name="operand"/> down to <paramref name="target"/>, undoing a broadcast.</summary>
    public TensorExpr SumTo(TensorExpr operand, Shape target)
    {
        if (operand.Shape == target) return operand;
        if (Simplifying && IsZero(operand)) return Zero;
        if (Shape.Broadcast(operand.Shape, target) != operand.Shape)
            throw new ShapeException($"{operand.Shape.Describe()} does not sum down to {target.Describe()}");
        if (Simplifying && SimplifySumTo(operand, target) is { } simpler) return simpler;
        return Intern($"s|{operand.Id}|{target}", id => new TensorSumTo(id, operand, target));
    }

    /// <summary><c>sum(x, dim)</c>: a matrix's column sums (dim 0) or row sums (dim 1 or -1); a vector's sum for dim 0 or -1.</summary>
    public TensorExpr SumAlong(TensorExpr x, int dim)
    {
        if (x.Shape.IsScalar || dim < -1 || dim > x.Shape.Rank - 1)
            throw new ShapeException($"sum(x, {dim}) needs a dimension of x: x is {x.Shape.Describe()}, so dim is {(x.Shape.IsMatrix ? "0, 1 or -1" : x.Shape.IsVector ? "0 or -1" : "not allowed")}");
        if (x.Shape.IsVector) return Apply(TensorOp.Sum, x);
        return dim == 0 ? SumTo(x, Shape.Vector(x.Shape.Columns)) : SumTo(Transpose(x), Shape.Vector(x.Shape.Rows));
    }

    /// <summary>The shape of <c>a @ b</c>, or a <see cref="ShapeException"/> naming both.</summary>
    public static Shape MatMulShape(Shape a, Shape b)
    {
        if (a.IsScalar || b.IsScalar)
            throw new ShapeException($"@ needs vectors or matrices, but the {(a.IsScalar ? "left" : "right")} operand is a scalar (use * to scale)");
        var inner = a.IsMatrix ? a.Columns : a.Rows;
        if (inner != b.Rows)
            throw new ShapeException(a.IsMatrix
                ? $"the left operand is {a.Describe()} but the right one {(b.IsMatrix ? $"is {b.Describe()}" : $"has {b.Rows} elements")}: its {(b.IsMatrix ? "rows" : "length")} must be {inner}"
                : $"the left operand has {a.Rows} elements but the right one {(b.IsMatrix ? $"is {b.Describe()}" : $"has {b.Rows}")}");
        return (a.Rank, b.Rank) switch
        {
            (2, 2) => Shape.Matrix(a.Rows, b.Columns),
            (2, 1) => Shape.Vector(a.Rows),
            (1, 2) => Shape.Vector(b.Columns),
            _ => Shape.Scalar,
        };
    }

    internal static string Symbol(ElementwiseOp op) => op switch
    {
        ElementwiseOp.Add => "+", ElementwiseOp.Subtract => "-", ElementwiseOp.Multiply => "*",
        ElementwiseOp.Divide => "/", _ => "^",
    };

    private TensorExpr Intern(string key, Func<int, TensorExpr> make)
    {
        if (_interned.TryGetValue(key, out var existing)) return existing;
        var node = make(_nextId++);
        // Keys hold the children's ids, which only mean something within one factory.
        foreach (var c in node.Children)
            if (!ReferenceEquals(c.Owner, this))
                throw new ArgumentException("An operand was made by another TensorFactory; build an expression with one factory.");
        if (node is TensorOnesLike { Like: var like } && !ReferenceEquals(like.Owner, this))
            throw new ArgumentException("An operand was made by another TensorFactory; build an expression with one factory.");
        node.Owner = this;
        _interned.Add(key, node);
        return node;
    }

    private static string Ids(ImmutableArray<TensorExpr> nodes) => string.Join(",", nodes.Select(n => n.Id));
}
