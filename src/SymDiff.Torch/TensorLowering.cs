using SymDiff.Tensors;
using TensorIndex = SymDiff.Tensors.TensorIndex;
using TorchSharp;
using static TorchSharp.torch;

namespace SymDiff.Torch;

/// <summary>
/// Lowers a vector/matrix expression (<see cref="TensorExpr"/>) onto TorchSharp tensors, node by node, each shared
/// node once: one PyTorch operation per node, so autograd sees exactly the operations the user wrote.
/// </summary>
/// <remarks>
/// The nodes map to PyTorch as <see cref="TensorFunction.Torch"/> spells them: <c>@</c> is <c>torch.matmul</c>,
/// <c>norm</c> is <c>torch.linalg.norm</c> (2-norm of a vector, Frobenius norm of a matrix), <c>det</c> and
/// <c>inv</c> are <c>torch.linalg</c>'s, <c>softmax</c>, <c>log_softmax</c> and <c>logsumexp</c> run along
/// dimension -1, and <c>A.T</c> is <c>A.mT</c> (a vector's transpose is the vector). Scalar functions of the
/// table go through <see cref="TorchBridge.Apply"/>, whose operations broadcast entry by entry. A power whose
/// exponent is free of variables takes it as a Python number (<c>x ** 2</c>), as the scalar written form does.
/// Our broadcasting (<see cref="Shape.Broadcast"/>) is PyTorch's, so elementwise nodes need no reshaping.
/// Tensors belong to the caller's dispose scope; constants and Scalars to the <see cref="TorchLowering"/>.
/// </remarks>
internal static class TensorLowering
{
    /// <summary>
    /// The tensor of <paramref name="root"/>, with <paramref name="leaves"/> (by variable name) standing for the
    /// variables; each result has the node's <see cref="Shape.Dimensions"/>.
    /// </summary>
    /// <exception cref="SymDiff.Evaluation.MissingBindingException">A variable of the expression has no leaf.</exception>
    public static Tensor Lower(TensorExpr root, IReadOnlyDictionary<string, Tensor> leaves, TorchLowering c)
    {
        var memo = new Dictionary<TensorExpr, Tensor>(ReferenceEqualityComparer.Instance);
        // Operands before the operations that use them, each shared node once (the walk the gradient uses).
        foreach (var node in TensorGradient.PostOrder(root))
            memo[node] = Step(node, [.. node.Children.Select(ch => memo[ch])], leaves, c);
        return memo[root];
    }

    private static Tensor Step(TensorExpr node, Tensor[] a, IReadOnlyDictionary<string, Tensor> leaves, TorchLowering c) => node switch
    {
        TensorNumber n => c.Constant(n.Value.ToDouble()),
        TensorConstant k => c.Constant(k.Value),
        TensorVariable v => leaves.TryGetValue(v.Name, out var leaf) ? leaf : throw new SymDiff.Evaluation.MissingBindingException([v.Name]),
        TensorElementwise e => Elementwise(e, a, c),
        TensorNegate => a[0].neg(),
        TensorCall call => TorchBridge.Apply(call.Function, a, c),
        TensorMatMul => torch.matmul(a[0], a[1]),
        TensorApply ap => Apply(ap, a),
        TensorList => torch.stack(a, 0),
        TensorSumTo s => SumTo(a[0], s.Operand.Shape, s.Shape),
        TensorIdentity i => torch.eye(i.Shape.Rows, dtype: c.DType, device: c.Device),
        TensorOnesLike o => torch.ones(Dims(o.Shape), dtype: c.DType, device: c.Device),
        TensorIndex i => a[0].select(0, i.Index),
        _ => throw new System.Diagnostics.UnreachableException($"No TorchSharp lowering for {node.GetType().Name}."),
    };

    private static Tensor Elementwise(TensorElementwise e, Tensor[] a, TorchLowering c) => e.Op switch
    {
        // Tensor.add(Tensor) passes a temporary Scalar alpha = 1 (see TorchBridge's remarks); the kept one is safe.
        ElementwiseOp.Add => a[0].add(a[1], c.Scalar(1)),
        ElementwiseOp.Subtract => a[0].sub(a[1]),
        ElementwiseOp.Multiply => a[0].mul(a[1]),
        ElementwiseOp.Divide => a[0].div(a[1]),
        // A variable-free scalar exponent is a number, as in `x ** 2` (torch picks x*x, sqrt, ...).
        _ when e.Right.FreeVariables.IsEmpty && e.Right.Shape.IsScalar =>
            a[0].pow(c.Scalar(TensorInterpreter.Evaluate(e.Right, Empty).AsScalar)),
        _ => a[0].pow(a[1]),
    };

    private static readonly IReadOnlyDictionary<string, TensorValue> Empty = new Dictionary<string, TensorValue>();

    private static Tensor Apply(TensorApply node, Tensor[] a) => node.Op switch
    {
        TensorOp.Sum => a[0].sum(),
        TensorOp.Mean => a[0].mean(),
        TensorOp.Dot => a[0].dot(a[1]),
        TensorOp.Outer => a[0].outer(a[1]),
        TensorOp.Norm => torch.linalg.norm(a[0]),
        TensorOp.Trace => a[0].trace(),
        TensorOp.Det => torch.linalg.det(a[0]),
        TensorOp.Logdet => a[0].logdet(),
        TensorOp.Inv => torch.linalg.inv(a[0]),
        TensorOp.Diag => a[0].diag(),
        TensorOp.Transpose => node.Children[0].Shape.IsMatrix ? a[0].mT : a[0],
        TensorOp.Softmax => a[0].softmax(-1),
        TensorOp.LogSoftmax => a[0].log_softmax(-1),
        TensorOp.Logsumexp => a[0].logsumexp(-1),
        _ => throw new System.Diagnostics.UnreachableException($"No TorchSharp lowering for {node.Op}."),
    };

    /// <summary>
    /// Sums the entries that broadcasting spread from <paramref name="target"/> to <paramref name="from"/>: the leading
    /// dimensions <paramref name="target"/> lacks, then (keeping them) those where it has size 1.
    /// </summary>
    private static Tensor SumTo(Tensor x, Shape from, Shape target)
    {
        if (from == target) return x;
        var dims = from.Dimensions;
        var lead = dims.Length - target.Dimensions.Length;
        var padded = target.Dimensions;
        var kept = Enumerable.Range(lead, dims.Length - lead).Where(d => padded[d - lead] == 1 && dims[d] != 1).Select(d => (long)d).ToArray();
        if (kept.Length > 0) x = x.sum(kept, keepdim: true);
        if (lead > 0) x = x.sum(Enumerable.Range(0, lead).Select(d => (long)d).ToArray());
        return x.reshape(Dims(target));
    }

    internal static long[] Dims(Shape shape) => [.. shape.Dimensions.Select(d => (long)d)];
}
