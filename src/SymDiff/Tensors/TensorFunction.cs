using System.Collections.Frozen;

namespace SymDiff.Tensors;

/// <summary>The vector and matrix operations; each is a structural node of the tensor expressions.</summary>
public enum TensorOp
{
    Sum, Mean, Dot, Outer, Norm, Trace, Det, Logdet, Inv, Diag, Transpose, Softmax, LogSoftmax, Logsumexp, OnesLike,
}

/// <summary>
/// A vector/matrix function a user can call by name: its arity, what it does (for <c>--help</c> and errors) and
/// PyTorch's spelling. The scalar functions of <see cref="Functions.FunctionTable"/> apply elementwise and are not here.
/// </summary>
public sealed record TensorFunction(string Name, int Arity, TensorOp Op, string Summary, string Torch)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>
    /// Most arguments accepted: <c>sum</c>, <c>mean</c>, <c>softmax</c>, <c>log_softmax</c> and <c>logsumexp</c> take an
    /// optional dimension, as in PyTorch (0, 1 or -1).
    /// </summary>
    public int MaxArity { get; init; } = Arity;

    /// <summary>Every vector/matrix function, in the order <c>--help</c> lists them.</summary>
    public static readonly IReadOnlyList<TensorFunction> All =
    [
        new("sum", 1, TensorOp.Sum, "sum of all entries; sum(X, 0) sums a matrix's rows (one entry per column), sum(X, 1) its columns", "torch.sum(x)") { MaxArity = 2 },
        new("mean", 1, TensorOp.Mean, "mean of all entries; mean(X, 0) of a matrix's rows (one entry per column), mean(X, 1) of its columns", "torch.mean(x)") { MaxArity = 2 },
        new("dot", 2, TensorOp.Dot, "dot product of two vectors of one length", "torch.dot(a, b)"),
        new("outer", 2, TensorOp.Outer, "outer product of two vectors: outer(a, b)[i,j] = a[i]*b[j]", "torch.outer(a, b)"),
        new("norm", 1, TensorOp.Norm, "2-norm of a vector, Frobenius norm of a matrix", "torch.linalg.norm(x)"),
        new("trace", 1, TensorOp.Trace, "sum of the diagonal of a square matrix", "torch.trace(A)"),
        new("det", 1, TensorOp.Det, "determinant of a square matrix", "torch.linalg.det(A)"),
        new("logdet", 1, TensorOp.Logdet, "log of the determinant (NaN where it is negative)", "torch.logdet(A)"),
        new("inv", 1, TensorOp.Inv, "inverse of a square matrix", "torch.linalg.inv(A)"),
        new("diag", 1, TensorOp.Diag, "a vector's diagonal matrix, or a square matrix's diagonal", "torch.diag(x)"),
        new("transpose", 1, TensorOp.Transpose, "transpose of a matrix (also written A.T)", "A.T"),
        new("softmax", 1, TensorOp.Softmax, "softmax along the last dimension; softmax(X, 0) down each column", "torch.softmax(z, -1)") { MaxArity = 2 },
        new("log_softmax", 1, TensorOp.LogSoftmax, "log of the softmax along the last dimension; log_softmax(X, 0) down each column", "torch.log_softmax(z, -1)") { MaxArity = 2 },
        new("logsumexp", 1, TensorOp.Logsumexp, "log(sum(exp(z))) along the last dimension; logsumexp(X, 0) down each column", "torch.logsumexp(z, -1)") { MaxArity = 2 },
        new("ones_like", 1, TensorOp.OnesLike, "a tensor of ones with x's shape (gradients of sums print it)", "torch.ones_like(x)"),
    ];

    private static readonly FrozenDictionary<string, TensorFunction> ByName = All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryFind(string name, out TensorFunction function) => ByName.TryGetValue(name, out function!);

    public static TensorFunction Of(TensorOp op) => All.First(f => f.Op == op);
}
