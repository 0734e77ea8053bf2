namespace SymDiff.Tensors;

/// <summary>The shape rule of each vector/matrix function, with a message naming what was expected.</summary>
internal static class TensorShapes
{
    public static Shape Of(TensorOp op, TensorExpr[] args)
    {
        var name = TensorFunction.Of(op).Name;
        if (args.Length < TensorFunction.Of(op).Arity || args.Length > TensorFunction.Of(op).MaxArity)
            throw new ShapeException($"{name} takes {TensorFunction.Of(op).Arity} argument(s), got {args.Length}");
        var a = args[0].Shape;
        switch (op)
        {
            case TensorOp.OnesLike:
                return a;
            case TensorOp.Sum or TensorOp.Mean or TensorOp.Norm:
                return Shape.Scalar;
            case TensorOp.Dot:
                var b = args[1].Shape;
                if (!a.IsVector || !b.IsVector || a.Rows != b.Rows)
                    throw new ShapeException($"dot needs two vectors of one length, but got {a.Describe()} and {b.Describe()}");
                return Shape.Scalar;
            case TensorOp.Outer:
                var c = args[1].Shape;
                if (!a.IsVector || !c.IsVector)
                    throw new ShapeException($"outer needs two vectors, but got {a.Describe()} and {c.Describe()}");
                return Shape.Matrix(a.Rows, c.Rows);
            case TensorOp.Trace or TensorOp.Det or TensorOp.Logdet:
                RequireSquare(name, a);
                return Shape.Scalar;
            case TensorOp.Inv:
                RequireSquare(name, a);
                return a;
            case TensorOp.Diag:
                if (a.IsVector) return Shape.Matrix(a.Rows, a.Rows);
                RequireSquare(name, a, "a vector or a square matrix");
                return Shape.Vector(a.Rows);
            case TensorOp.Transpose:
                if (a.IsScalar) throw new ShapeException("transpose needs a vector or a matrix, but got a scalar");
                return a.Transposed;
            case TensorOp.Softmax or TensorOp.LogSoftmax:
                if (a.IsScalar) throw new ShapeException($"{name} runs along the last dimension of a vector or matrix, but got a scalar");
                return a;
            case TensorOp.Logsumexp:
                if (a.IsScalar) throw new ShapeException("logsumexp runs along the last dimension of a vector or matrix, but got a scalar");
                return a.IsVector ? Shape.Scalar : Shape.Vector(a.Rows);
            default:
                throw new System.Diagnostics.UnreachableException($"No shape rule for {op}.");
        }
    }

    private static void RequireSquare(string name, Shape a, string what = "a square matrix")
    {
        if (!a.IsSquare) throw new ShapeException($"{name} needs {what}, but got {a.Describe()}");
    }
}
