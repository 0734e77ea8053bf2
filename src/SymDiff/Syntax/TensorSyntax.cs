using System.Collections.Immutable;
using SymDiff.Tensors;

namespace SymDiff.Syntax;

// The syntax of vectors and matrices (PyTorch/NumPy habits). The parser builds these nodes whatever the shapes;
// the tensor binder (Tensors/TensorBinder) gives them types, and the scalar binder refuses them with a diagnostic.

/// <summary>
/// <c>left @ right</c>: the matrix product (matrix@matrix, matrix@vector, vector@matrix, vector@vector = dot).
/// '@' binds like '*' and '/' and runs left to right, as in Python: <c>a*b@c/d</c> is <c>((a*b)@c)/d</c>, so the
/// run of factors before '@' is its left operand (a <see cref="ProductSyntax"/> when it has several factors).
/// </summary>
public sealed class MatMulSyntax(TextSpan span, SyntaxNode left, SyntaxNode right) : SyntaxNode(span)
{
    public SyntaxNode Left { get; } = left;
    public SyntaxNode Right { get; } = right;
    public override SyntaxKind Kind => SyntaxKind.MatMul;
    public override ImmutableArray<SyntaxNode> Children => [Left, Right];
}

/// <summary>The postfix transpose <c>W.T</c>; it binds like a call: <c>-W.T^2</c> is <c>-((W.T)^2)</c>.</summary>
public sealed class TransposeSyntax(TextSpan span, SyntaxNode operand) : SyntaxNode(span)
{
    public SyntaxNode Operand { get; } = operand;
    public override SyntaxKind Kind => SyntaxKind.Transpose;
    public override ImmutableArray<SyntaxNode> Children => [Operand];
}

/// <summary>A call of a vector/matrix function (<c>sum</c>, <c>outer</c>, <c>softmax</c>, ...), arity already checked.</summary>
public sealed class TensorCallSyntax(TextSpan span, TensorFunction function, ImmutableArray<SyntaxNode> arguments) : SyntaxNode(span)
{
    public TensorFunction Function { get; } = function;
    public ImmutableArray<SyntaxNode> Arguments { get; } = arguments;
    public override SyntaxKind Kind => SyntaxKind.TensorCall;
    public override ImmutableArray<SyntaxNode> Children => Arguments;
}

/// <summary>A bracketed list <c>[e1, e2, ...]</c>: a vector of scalars, or, nested, the rows of a matrix.</summary>
public sealed class ListSyntax(TextSpan span, ImmutableArray<SyntaxNode> elements) : SyntaxNode(span)
{
    public ImmutableArray<SyntaxNode> Elements { get; } = elements;
    public override SyntaxKind Kind => SyntaxKind.List;
    public override ImmutableArray<SyntaxNode> Children => Elements;
}

/// <summary>
/// Indexing, as in PyTorch: <c>x[i]</c> (an entry of a vector), <c>X[i]</c> (row i of a matrix), <c>X[i, j]</c>
/// (an entry). Indices count from 0, and a negative one counts from the end (<c>x[-1]</c> is the last entry); the
/// tensor binder checks them against the shape. '[' right after an operand indexes it (<c>x[1]</c>, <c>(A@x)[0]</c>,
/// <c>W.T[1]</c>); after a number it starts a list to scale (<c>2[1, 2]</c>).
/// </summary>
public sealed class IndexSyntax(TextSpan span, SyntaxNode operand, ImmutableArray<SyntaxNode> indices) : SyntaxNode(span)
{
    public SyntaxNode Operand { get; } = operand;
    public ImmutableArray<SyntaxNode> Indices { get; } = indices;
    public override SyntaxKind Kind => SyntaxKind.Index;
    public override ImmutableArray<SyntaxNode> Children => [Operand, .. Indices];
}
