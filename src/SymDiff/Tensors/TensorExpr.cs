using System.Collections.Immutable;
using SymDiff.Functions;
using SymDiff.Numbers;

namespace SymDiff.Tensors;

/// <summary>The elementwise binary operators (with PyTorch's broadcasting).</summary>
public enum ElementwiseOp { Add, Subtract, Multiply, Divide, Power }

/// <summary>
/// A node of a vector/matrix expression: immutable, typed by its <see cref="Shape"/>, and hash-consed by the
/// <see cref="TensorFactory"/> that made it (equal structure from one factory is one object, so a forward pass
/// shared by several derivatives is one node). The written function is a tree of these built without
/// simplification; derivatives are built through the simplifying factory.
/// </summary>
public abstract class TensorExpr
{
    private protected TensorExpr(int id, Shape shape, ImmutableArray<TensorExpr> children)
    {
        Id = id;
        Shape = shape;
        Children = children;
        var size = 1;
        foreach (var c in children) size = (int)Math.Min(int.MaxValue, (long)size + c.TreeSize);
        TreeSize = size;
        FreeVariables = children.Aggregate(ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal),
            (set, c) => set.Union(c.FreeVariables));
    }

    /// <summary>The factory that made the node (set once, as it is interned).</summary>
    internal TensorFactory? Owner { get; set; }

    /// <summary>Unique within the factory that made the node; identifies it in interning keys.</summary>
    public int Id { get; }

    public Shape Shape { get; }

    public ImmutableArray<TensorExpr> Children { get; }

    /// <summary>Node count of the tree this DAG stands for (saturating).</summary>
    public int TreeSize { get; }

    public ImmutableSortedSet<string> FreeVariables { get; private protected init; }

    public bool DependsOn(string variable) => FreeVariables.Contains(variable);

    /// <summary>The infix text, as <see cref="TensorFormatter"/> prints it.</summary>
    public override string ToString() => TensorFormatter.Format(this);
}

/// <summary>A scalar constant, exact.</summary>
public sealed class TensorNumber : TensorExpr
{
    internal TensorNumber(int id, Rational value) : base(id, Shape.Scalar, []) => Value = value;
    public Rational Value { get; }
}

/// <summary>A named constant of the table (pi) or e: kept apart from numbers so it prints as written.</summary>
public sealed class TensorConstant : TensorExpr
{
    internal TensorConstant(int id, string name, double value) : base(id, Shape.Scalar, []) => (Name, Value) = (name, value);
    public string Name { get; }
    public double Value { get; }
}

public sealed class TensorVariable : TensorExpr
{
    internal TensorVariable(int id, string name, Shape shape) : base(id, shape, [])
    {
        Name = name;
        FreeVariables = ImmutableSortedSet.Create(StringComparer.Ordinal, name);
    }
    public string Name { get; }
}

/// <summary><c>a + b</c>, <c>a - b</c>, <c>a * b</c>, <c>a / b</c>, <c>a ^ b</c>, entry by entry, broadcast.</summary>
public sealed class TensorElementwise : TensorExpr
{
    internal TensorElementwise(int id, ElementwiseOp op, TensorExpr left, TensorExpr right, Shape shape)
        : base(id, shape, [left, right]) => Op = op;
    public ElementwiseOp Op { get; }
    public TensorExpr Left => Children[0];
    public TensorExpr Right => Children[1];
}

public sealed class TensorNegate : TensorExpr
{
    internal TensorNegate(int id, TensorExpr operand) : base(id, operand.Shape, [operand]) { }
    public TensorExpr Operand => Children[0];
}

/// <summary>A scalar function of the <see cref="FunctionTable"/> applied entry by entry (its arguments broadcast).</summary>
public sealed class TensorCall : TensorExpr
{
    internal TensorCall(int id, FunctionInfo function, ImmutableArray<TensorExpr> args, Shape shape) : base(id, shape, args) =>
        Function = function;
    public FunctionInfo Function { get; }
}

/// <summary><c>a @ b</c>.</summary>
public sealed class TensorMatMul : TensorExpr
{
    internal TensorMatMul(int id, TensorExpr left, TensorExpr right, Shape shape) : base(id, shape, [left, right]) { }
    public TensorExpr Left => Children[0];
    public TensorExpr Right => Children[1];
}

/// <summary>A vector/matrix function of <see cref="TensorFunction.All"/> (transpose included).</summary>
public sealed class TensorApply : TensorExpr
{
    internal TensorApply(int id, TensorOp op, ImmutableArray<TensorExpr> args, Shape shape) : base(id, shape, args) => Op = op;
    public TensorOp Op { get; }
    public TensorFunction Function => TensorFunction.Of(Op);
}

/// <summary>A list literal: scalars stacked into a vector, or vectors of one length stacked into a matrix's rows.</summary>
public sealed class TensorList : TensorExpr
{
    internal TensorList(int id, ImmutableArray<TensorExpr> elements, Shape shape) : base(id, shape, elements) { }
}

/// <summary>
/// The sum of <c>Operand</c>'s entries down to <c>Shape</c>: the adjoint of broadcasting (a bias added to every
/// row of a batch gets the column sums of its gradient). Only derivatives contain it.
/// </summary>
public sealed class TensorSumTo : TensorExpr
{
    internal TensorSumTo(int id, TensorExpr operand, Shape target) : base(id, target, [operand]) { }
    public TensorExpr Operand => Children[0];
}

/// <summary>The identity matrix <c>I</c> of a size; only Jacobians contain it.</summary>
public sealed class TensorIdentity : TensorExpr
{
    internal TensorIdentity(int id, int size) : base(id, Shape.Matrix(size, size), []) { }
}

/// <summary><c>ones_like(x)</c>: a tensor of ones with x's shape (x is not evaluated).</summary>
public sealed class TensorOnesLike : TensorExpr
{
    internal TensorOnesLike(int id, TensorExpr like) : base(id, like.Shape, []) => Like = like;
    public TensorExpr Like { get; }
}

/// <summary><c>x[i]</c> of a vector (a scalar) or <c>X[i]</c> of a matrix (its row i); only derivatives of lists contain it.</summary>
public sealed class TensorIndex : TensorExpr
{
    internal TensorIndex(int id, TensorExpr operand, int index, Shape shape) : base(id, shape, [operand]) => Index = index;
    public TensorExpr Operand => Children[0];
    public int Index { get; }
}
