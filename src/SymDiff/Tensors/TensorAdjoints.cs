namespace SymDiff.Tensors;

/// <summary>
/// The adjoint rule of each vector/matrix function: given the adjoint G of <c>op(args)</c>, what each argument
/// receives (the reverse-mode rules of the matrix cookbook, as PyTorch's autograd applies them).
/// </summary>
internal static class TensorAdjoints
{
    public static IEnumerable<(TensorExpr, TensorExpr)> Of(TensorFactory f, TensorApply node, TensorExpr g)
    {
        var x = node.Children[0];
        switch (node.Op)
        {
            case TensorOp.Sum:
                yield return (x, f.Multiply(g, f.OnesLike(x)));
                break;
            case TensorOp.Mean:
                // The 1/N of a mean is the one constant that depends on the sizes.
                yield return (x, f.Multiply(f.Divide(g, f.Number(x.Shape.Size)), f.OnesLike(x)));
                break;
            case TensorOp.Dot:
                yield return (x, f.Multiply(g, node.Children[1]));
                yield return (node.Children[1], f.Multiply(g, x));
                break;
            case TensorOp.Outer:
                yield return (x, f.MatMul(g, node.Children[1]));
                yield return (node.Children[1], f.MatMul(f.Transpose(g), x));
                break;
            case TensorOp.Norm:
                yield return (x, f.Multiply(g, f.Divide(x, node)));
                break;
            case TensorOp.Trace:
                yield return (x, f.Multiply(g, f.Identity(x.Shape.Rows)));
                break;
            case TensorOp.Det:
                yield return (x, f.Multiply(f.Multiply(g, node), f.Transpose(f.Apply(TensorOp.Inv, x))));
                break;
            case TensorOp.Logdet:
                yield return (x, f.Multiply(g, f.Transpose(f.Apply(TensorOp.Inv, x))));
                break;
            case TensorOp.Inv:
                var inverseT = f.Transpose(node);
                yield return (x, f.Negate(f.MatMul(f.MatMul(inverseT, g), inverseT)));
                break;
            case TensorOp.Diag:
                yield return (x, f.Apply(TensorOp.Diag, g));
                break;
            case TensorOp.Transpose:
                yield return (x, f.Transpose(g));
                break;
            case TensorOp.Softmax:
                // s*(G - <G, s>) along the last dimension, s the softmax itself; for a batch, s*G - diag(sum(G*s, 1))@s.
                yield return (x, x.Shape.IsVector
                    ? f.Multiply(node, f.Subtract(g, f.Apply(TensorOp.Sum, f.Multiply(g, node))))
                    : f.Subtract(f.Multiply(node, g), f.MatMul(f.Apply(TensorOp.Diag, f.SumAlong(f.Multiply(g, node), 1)), node)));
                break;
            case TensorOp.LogSoftmax:
                yield return (x, x.Shape.IsVector
                    ? f.Subtract(g, f.Multiply(f.Apply(TensorOp.Softmax, x), f.Apply(TensorOp.Sum, g)))
                    : f.Subtract(g, f.MatMul(f.Apply(TensorOp.Diag, f.SumAlong(g, 1)), f.Apply(TensorOp.Softmax, x))));
                break;
            case TensorOp.Logsumexp:
                var softmax = f.Apply(TensorOp.Softmax, x);
                yield return (x, x.Shape.IsVector ? f.Multiply(g, softmax) : f.MatMul(f.Apply(TensorOp.Diag, g), softmax));
                break;
            default:
                throw new System.Diagnostics.UnreachableException($"No adjoint for {node.Op}.");
        }
    }
}
