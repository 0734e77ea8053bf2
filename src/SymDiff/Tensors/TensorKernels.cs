using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace SymDiff.Tensors;

/// <summary>
/// The numeric operations behind <see cref="TensorInterpreter"/>, on row-major arrays, following PyTorch's
/// definitions (broadcasting from the last dimension, softmax along the last dimension, NaN for the log of a
/// negative determinant).
/// </summary>
internal static class TensorKernels
{
    // Rows and columns as broadcasting sees them: a vector of n is a row of n.
    private static (int Rows, int Columns) View(Shape s) => s.Rank switch { 0 => (1, 1), 1 => (1, s.Rows), _ => (s.Rows, s.Columns) };

    /// <summary>
    /// a + b, a - b, a * b, a / b with SIMD where no operand is broadcast along one dimension only (equal shapes, or
    /// a scalar); null otherwise. The result goes into <paramref name="target"/> when given (an operand's array the
    /// caller no longer needs: every entry is read before it is written).
    /// </summary>
    public static TensorValue? Arithmetic(ElementwiseOp op, TensorValue a, TensorValue b, Shape result, double[]? target = null)
    {
        // x^2 is x*x, exactly as Math.Pow rounds it; a bias added to every row of a batch is one add per row.
        if (op == ElementwiseOp.Power && b.Shape.IsScalar && b.Data[0] == 2 && a.Shape == result)
            return Arithmetic(ElementwiseOp.Multiply, a, a, result, target);
        if (op is ElementwiseOp.Add or ElementwiseOp.Subtract && result.IsMatrix && a.Shape == result && b.Shape.IsVector && b.Shape.Rows == result.Columns)
        {
            var rows = Fresh(result, target);
            for (var i = 0; i < result.Rows; i++)
            {
                ReadOnlySpan<double> source = a.Data.AsSpan(i * result.Columns, result.Columns);
                var row = rows.AsSpan(i * result.Columns, result.Columns);
                if (op == ElementwiseOp.Add) TensorPrimitives.Add(source, b.Data, row);
                else TensorPrimitives.Subtract(source, b.Data, row);
            }
            return new TensorValue(result, rows);
        }
        if (op == ElementwiseOp.Power || !(a.Shape == result || a.Shape.IsScalar) || !(b.Shape == result || b.Shape.IsScalar)) return null;
        var data = Fresh(result, target);
        ReadOnlySpan<double> x = a.Data, y = b.Data;
        switch (op, a.Shape.IsScalar && !result.IsScalar, b.Shape.IsScalar && !result.IsScalar)
        {
            case (ElementwiseOp.Add, false, false): TensorPrimitives.Add(x, y, data); break;
            case (ElementwiseOp.Add, true, _): TensorPrimitives.Add(y, x[0], data); break;
            case (ElementwiseOp.Add, _, true): TensorPrimitives.Add(x, y[0], data); break;
            case (ElementwiseOp.Subtract, false, false): TensorPrimitives.Subtract(x, y, data); break;
            case (ElementwiseOp.Subtract, true, _): TensorPrimitives.Subtract(x[0], y, data); break;
            case (ElementwiseOp.Subtract, _, true): TensorPrimitives.Subtract(x, y[0], data); break;
            case (ElementwiseOp.Multiply, false, false): TensorPrimitives.Multiply(x, y, data); break;
            case (ElementwiseOp.Multiply, true, _): TensorPrimitives.Multiply(y, x[0], data); break;
            case (ElementwiseOp.Multiply, _, true): TensorPrimitives.Multiply(x, y[0], data); break;
            case (ElementwiseOp.Divide, false, false): TensorPrimitives.Divide(x, y, data); break;
            case (ElementwiseOp.Divide, true, _): TensorPrimitives.Divide(x[0], y, data); break;
            default: TensorPrimitives.Divide(x, y[0], data); break;
        }
        return new TensorValue(result, data);
    }

    /// <summary>The entry of a (broadcast) operand <paramref name="a"/> that entry <paramref name="k"/> of a result of shape <paramref name="result"/> reads.</summary>
    public static double Read(TensorValue a, Shape result, int k)
    {
        var (_, columns) = View(result);
        var (r, c) = View(a.Shape);
        return a.Data[(r == 1 ? 0 : k / columns) * c + (c == 1 ? 0 : k % columns)];
    }

    /// <summary>A function of one argument entry by entry, calling the table's method directly.</summary>
    public static TensorValue Unary(Func<double, double> f, TensorValue a, double[]? target = null)
    {
        var data = Fresh(a.Shape, target);
        for (var i = 0; i < data.Length; i++) data[i] = f(a.Data[i]);
        return new TensorValue(a.Shape, data);
    }

    /// <summary>Entry by entry over the broadcast of the operands' shapes.</summary>
    public static TensorValue Map(Shape result, IReadOnlyList<TensorValue> operands, Func<double[], double> entry, double[]? target = null)
    {
        if (operands.Count == 1 && operands[0].Shape == result)
        {
            // One operand of the result's shape (tanh of a layer): no index arithmetic.
            var source = operands[0].Data;
            var mapped = Fresh(result, target);
            var one = new double[1];
            for (var i = 0; i < source.Length; i++)
            {
                one[0] = source[i];
                mapped[i] = entry(one);
            }
            return new TensorValue(result, mapped);
        }
        var (rows, columns) = View(result);
        var views = operands.Select(o => View(o.Shape)).ToArray();
        var data = Fresh(result, target);
        var args = new double[operands.Count];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
            {
                for (var k = 0; k < args.Length; k++)
                {
                    var (r, c) = views[k];
                    args[k] = operands[k].Data[(r == 1 ? 0 : i) * c + (c == 1 ? 0 : j)];
                }
                data[i * columns + j] = entry(args);
            }
        return new TensorValue(result, data);
    }

    public static TensorValue MatMul(TensorValue a, TensorValue b, Shape result)
    {
        if (Gemm.IsAccelerated) return MatMulBlocked(a, false, b, false, result);
        var (m, k) = a.Shape.IsMatrix ? (a.Shape.Rows, a.Shape.Columns) : (1, a.Shape.Rows);
        var n = b.Shape.IsMatrix ? b.Shape.Columns : 1;
        var data = new double[Math.Max(1, m * n)];
        // i-k-j order: the inner loop runs along rows of b and of the result, contiguous in memory, as one SIMD
        // multiply-add per row.
        for (var i = 0; i < m; i++)
        {
            var target = data.AsSpan(i * n, n);
            for (var p = 0; p < k; p++)
            {
                var aip = a.Data[i * k + p];
                if (aip == 0) continue;
                TensorPrimitives.MultiplyAdd(b.Data.AsSpan(p * n, n), aip, target, target);
            }
        }
        return new TensorValue(result, data);
    }

    /// <summary>
    /// <c>op(a) @ op(b)</c> where op transposes a stored matrix when its flag is set, without copying it: A@B.T is
    /// dot products of rows, A.T@B sums of scaled rows (the two forms backpropagation is made of).
    /// </summary>
    public static TensorValue MatMul(TensorValue a, bool transposeA, TensorValue b, bool transposeB, Shape result)
    {
        if (Gemm.IsAccelerated && !(transposeA && transposeB)) return MatMulBlocked(a, transposeA, b, transposeB, result);
        if (!transposeA && !transposeB) return MatMul(a, b, result);
        if (transposeA && transposeB) return MatMul(Transpose(a), Transpose(b), result);
        if (transposeA && b.Shape.IsMatrix) return MatMul(Transpose(a), b, result);
        // Allocated only here: results of a layer's size live on the large-object heap, and each one costs a collection.
        var data = new double[result.Size];
        if (transposeB)
        {
            // op(a) rows (a itself, or a vector as one row) dotted with b's stored rows.
            var k = b.Shape.Columns;
            var rows = a.Shape.IsMatrix ? a.Shape.Rows : 1;
            var n = b.Shape.Rows;
            for (var i = 0; i < rows; i++)
            {
                var row = a.Data.AsSpan(i * k, k);
                for (var j = 0; j < n; j++) data[i * n + j] = TensorPrimitives.Dot(row, b.Data.AsSpan(j * k, k));
            }
            return new TensorValue(result, data);
        }
        // a stored k x m: a vector b sums a's rows scaled by b's entries; a matrix b goes through a's transpose (a
        // copy of the smaller operand in backpropagation) and the row-major loop above, faster than gathering columns.
        var (depth, m) = (a.Shape.Rows, a.Shape.Columns);
        for (var p = 0; p < depth; p++)
            if (b.Data[p] != 0) TensorPrimitives.MultiplyAdd(a.Data.AsSpan(p * m, m), b.Data[p], data, data);
        return new TensorValue(result, data);
    }

    // The register-blocked kernels: every form as A@B or A@B.T over stored arrays (a vector is one row), so only
    // A.T@B copies, and only the transposed operand (the smaller one in backpropagation: a batch's adjoint).
    private static TensorValue MatMulBlocked(TensorValue a, bool transposeA, TensorValue b, bool transposeB, Shape result)
    {
        // Every entry is written by the kernels, so the array need not be zeroed first (a layer's worth of memory).
        var data = GC.AllocateUninitializedArray<double>(Math.Max(1, result.Size));
        if (transposeA && !b.Shape.IsMatrix)
            // A.T@v is v@A: one row times the stored matrix.
            Gemm.Multiply(b.Data, a.Data, data, 1, a.Shape.Rows, a.Shape.Columns);
        else if (transposeA)
            Gemm.Multiply(Transpose(a).Data, b.Data, data, a.Shape.Columns, a.Shape.Rows, b.Shape.Columns);
        else
        {
            var (m, k) = a.Shape.IsMatrix ? (a.Shape.Rows, a.Shape.Columns) : (1, a.Shape.Rows);
            if (transposeB) Gemm.MultiplyTransposed(a.Data, b.Data, data, m, k, b.Shape.Rows);
            else if (b.Shape.IsMatrix) Gemm.Multiply(a.Data, b.Data, data, m, k, b.Shape.Columns);
            else Gemm.MultiplyTransposed(a.Data, b.Data, data, m, k, 1); // A@v: the rows of A dotted with v
        }
        return new TensorValue(result, data);
    }

    public static TensorValue Transpose(TensorValue a)
    {
        if (!a.Shape.IsMatrix) return a;
        var (m, n) = (a.Shape.Rows, a.Shape.Columns);
        var data = new double[m * n];
        // In 32 x 32 tiles, so both the rows read and the rows written stay in cache.
        const int tile = 32;
        for (var i0 = 0; i0 < m; i0 += tile)
            for (var j0 = 0; j0 < n; j0 += tile)
                for (var i = i0; i < Math.Min(m, i0 + tile); i++)
                    for (var j = j0; j < Math.Min(n, j0 + tile); j++) data[j * m + i] = a.Data[i * n + j];
        return new TensorValue(a.Shape.Transposed, data);
    }

    public static double Sum(TensorValue a)
    {
        var s = 0.0;
        foreach (var v in a.Data) s += v;
        return s;
    }

    public static TensorValue Outer(TensorValue a, TensorValue b)
    {
        var data = new double[a.Shape.Rows * b.Shape.Rows];
        for (var i = 0; i < a.Shape.Rows; i++)
            for (var j = 0; j < b.Shape.Rows; j++) data[i * b.Shape.Rows + j] = a.Data[i] * b.Data[j];
        return new TensorValue(Shape.Matrix(a.Shape.Rows, b.Shape.Rows), data);
    }

    public static double Norm(TensorValue a)
    {
        var s = 0.0;
        foreach (var v in a.Data) s += v * v;
        return Math.Sqrt(s);
    }

    public static double Trace(TensorValue a)
    {
        var s = 0.0;
        for (var i = 0; i < a.Shape.Rows; i++) s += a[i, i];
        return s;
    }

    public static double Det(TensorValue a) => Square(a).Determinant();

    // torch.logdet: NaN for a negative determinant, -inf for a singular matrix.
    public static double Logdet(TensorValue a)
    {
        var d = Det(a);
        return d < 0 ? double.NaN : Math.Log(d);
    }

    // A singular matrix has no inverse: every entry NaN (PyTorch raises an error there).
    public static TensorValue Inv(TensorValue a)
    {
        var m = Square(a);
        var inverse = m.Determinant() == 0 ? null : m.Inverse();
        var data = new double[a.Shape.Size];
        if (inverse is null) Array.Fill(data, double.NaN);
        else
            for (var i = 0; i < a.Shape.Rows; i++)
                for (var j = 0; j < a.Shape.Rows; j++) data[i * a.Shape.Rows + j] = inverse[i, j];
        return new TensorValue(a.Shape, data);
    }

    public static TensorValue Diag(TensorValue a)
    {
        var n = a.Shape.Rows;
        if (a.Shape.IsVector)
        {
            var data = new double[n * n];
            for (var i = 0; i < n; i++) data[i * n + i] = a.Data[i];
            return new TensorValue(Shape.Matrix(n, n), data);
        }
        var diagonal = new double[n];
        for (var i = 0; i < n; i++) diagonal[i] = a[i, i];
        return new TensorValue(Shape.Vector(n), diagonal);
    }

    public static TensorValue Identity(int n)
    {
        var data = new double[n * n];
        for (var i = 0; i < n; i++) data[i * n + i] = 1;
        return new TensorValue(Shape.Matrix(n, n), data);
    }

    /// <summary>Softmax, log-softmax or logsumexp of each row (of the vector), shifted by the row's maximum as PyTorch does.</summary>
    public static TensorValue AlongLast(TensorValue a, TensorOp op, Shape result)
    {
        var (rows, columns) = View(a.Shape);
        var data = new double[result.Size];
        for (var i = 0; i < rows; i++)
        {
            var row = a.Data.AsSpan(i * columns, columns);
            var max = double.NegativeInfinity;
            foreach (var v in row) max = Math.Max(max, v);
            if (double.IsInfinity(max)) max = 0;
            var sum = 0.0;
            foreach (var v in row) sum += Math.Exp(v - max);
            var lse = max + Math.Log(sum);
            if (op == TensorOp.Logsumexp) data[i] = lse;
            else
                for (var j = 0; j < columns; j++)
                    data[i * columns + j] = op == TensorOp.Softmax ? Math.Exp(row[j] - lse) : row[j] - lse;
        }
        return new TensorValue(result, data);
    }

    /// <summary>Sums the entries of <paramref name="a"/> that broadcasting spread over <paramref name="target"/>.</summary>
    public static TensorValue SumTo(TensorValue a, Shape target)
    {
        var (rows, columns) = View(a.Shape);
        var (tr, tc) = View(target);
        var data = new double[target.Size];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) data[(tr == 1 ? 0 : i) * tc + (tc == 1 ? 0 : j)] += a.Data[i * columns + j];
        return new TensorValue(target, data);
    }

    public static TensorValue Stack(IReadOnlyList<TensorValue> elements, Shape result)
    {
        var data = new double[result.Size];
        var offset = 0;
        foreach (var e in elements)
        {
            e.Data.CopyTo(data, offset);
            offset += e.Data.Length;
        }
        return new TensorValue(result, data);
    }

    public static TensorValue Row(TensorValue a, int index, Shape result) =>
        new(result, a.Shape.IsVector ? [a.Data[index]] : a.Data.AsSpan(index * a.Shape.Columns, a.Shape.Columns).ToArray());

    // The caller's spare array when it has the result's size, else a new one.
    private static double[] Fresh(Shape result, double[]? target) =>
        target is not null && target.Length == result.Size ? target : new double[result.Size];

    private static Matrix<double> Square(TensorValue a) => Matrix<double>.Build.DenseOfRowMajor(a.Shape.Rows, a.Shape.Rows, a.Data);
}
