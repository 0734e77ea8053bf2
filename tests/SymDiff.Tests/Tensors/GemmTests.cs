using SymDiff.Tensors;
using Xunit;

namespace SymDiff.Tests.Tensors;

/// <summary>
/// The register-blocked products against the textbook triple loop, on sizes that exercise every edge of the
/// blocks (rows not a multiple of 4 or 2, columns not a multiple of 8 or 4, depths not a multiple of 4), and
/// the evaluator's in-place reuse of intermediate arrays against the evaluation that keeps every node.
/// </summary>
public class GemmTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 1, 7, 1 }, { 3, 5, 7 }, { 4, 4, 8 }, { 5, 3, 9 }, { 7, 13, 17 }, { 9, 64, 33 }, { 64, 12, 10 }, { 17, 1, 23 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Blocked_products_equal_the_triple_loop(int m, int k, int n)
    {
        var random = new Random(m * 1000 + k * 10 + n);
        var a = Values(random, m * k);
        var b = Values(random, k * n);
        var expected = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                for (var p = 0; p < k; p++) expected[i * n + j] += a[i * k + p] * b[p * n + j];

        var bTransposed = new double[n * k];
        for (var p = 0; p < k; p++)
            for (var j = 0; j < n; j++) bTransposed[j * k + p] = b[p * n + j];

        // The portable loops stand in where the CPU lacks the vector instructions; the kernels are then unused.
        var expectedKernel = Gemm.IsAccelerated;
        var ab = new double[m * n];
        var abt = new double[m * n];
        var viaKernels = TensorKernels.MatMul(new TensorValue(Shape.Matrix(m, k), a), false, new TensorValue(Shape.Matrix(n, k), bTransposed), true, Shape.Matrix(m, n));
        if (expectedKernel)
        {
            Gemm.Multiply(a, b, ab, m, k, n);
            Gemm.MultiplyTransposed(a, bTransposed, abt, m, k, n);
        }
        else (ab, abt) = (viaKernels.Data, viaKernels.Data);
        for (var e = 0; e < expected.Length; e++)
        {
            Assert.Equal(expected[e], ab[e], 1e-12);
            Assert.Equal(expected[e], abt[e], 1e-12);
            Assert.Equal(expected[e], viaKernels.Data[e], 1e-12);
        }
    }

    [Theory]
    [InlineData(3, 5, 7)]
    [InlineData(6, 9, 4)]
    public void Every_product_form_of_the_evaluator_equals_the_triple_loop(int m, int k, int n)
    {
        var random = new Random(11);
        var values = new Dictionary<string, TensorValue>
        {
            ["A"] = new(Shape.Matrix(m, k), Values(random, m * k)),
            ["B"] = new(Shape.Matrix(k, n), Values(random, k * n)),
            ["C"] = new(Shape.Matrix(n, k), Values(random, n * k)),
            ["D"] = new(Shape.Matrix(k, m), Values(random, k * m)),
            ["v"] = new(Shape.Vector(k), Values(random, k)),
            ["u"] = new(Shape.Vector(m), Values(random, m)),
        };
        var shapes = values.ToDictionary(p => p.Key, p => p.Value.Shape);
        string[] forms = ["A@B", "A@C.T", "D.T@B", "A@v", "u@A", "D.T@v", "v@B", "v@v", "D.T@C.T"];
        foreach (var form in forms)
        {
            var f = MatrixFunction.Parse(form, shapes).Value!;
            var actual = f.Evaluate(values);
            var expected = Naive(form, values);
            Assert.Equal(expected.Length, actual.Data.Length);
            for (var e = 0; e < expected.Length; e++) Assert.Equal(expected[e], actual.Data[e], 1e-12);
        }
    }

    [Fact]
    public void Overwriting_dead_intermediates_changes_no_value()
    {
        // Shared nodes (tanh(X@W.T + b) read three times), squares, a transposed vector that aliases its operand,
        // and elementwise chains: every root must equal the evaluation that keeps every node's own array.
        var shapes = new Dictionary<string, Shape>
        {
            ["X"] = Shape.Matrix(5, 4), ["W"] = Shape.Matrix(3, 4), ["b"] = Shape.Vector(3), ["v"] = Shape.Vector(3),
        };
        var random = new Random(3);
        var values = shapes.ToDictionary(p => p.Key, p => new TensorValue(p.Value, Values(random, p.Value.Size)));
        var copies = values.ToDictionary(p => p.Key, p => (double[])p.Value.Data.Clone());
        var f = MatrixFunction.Parse("sum(tanh(X@W.T + b)^2*exp(-(X@W.T + b))) + sum(v.T*v*2) + mean(tanh(X@W.T + b)@v)", shapes).Value!;
        var roots = new List<TensorExpr> { f.Expression };
        roots.AddRange(f.Variables.Select(f.Gradient));
        var reused = TensorInterpreter.EvaluateAll(roots, values);
        var kept = TensorInterpreter.EvaluateNodes(roots, values);
        for (var r = 0; r < roots.Count; r++) Assert.Equal(kept[roots[r]].Data, reused[r].Data);
        foreach (var (name, data) in copies) Assert.Equal(data, values[name].Data); // the caller's arrays untouched
    }

    private static double[] Naive(string form, Dictionary<string, TensorValue> v)
    {
        double[,] M(TensorValue t, bool transpose)
        {
            var (r, c) = t.Shape.IsMatrix ? (t.Shape.Rows, t.Shape.Columns) : (1, t.Shape.Rows);
            var m = new double[transpose ? c : r, transpose ? r : c];
            for (var i = 0; i < r; i++)
                for (var j = 0; j < c; j++)
                    if (transpose) m[j, i] = t.Data[i * c + j];
                    else m[i, j] = t.Data[i * c + j];
            return m;
        }
        var parts = form.Split('@');
        var left = M(v[parts[0].Replace(".T", "")], parts[0].EndsWith(".T"));
        var rightValue = v[parts[1].Replace(".T", "")];
        // A vector on the right is a column.
        var right = rightValue.Shape.IsVector ? M(rightValue, true) : M(rightValue, parts[1].EndsWith(".T"));
        var (rows, depth, columns) = (left.GetLength(0), left.GetLength(1), right.GetLength(1));
        var result = new double[rows * columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                for (var p = 0; p < depth; p++) result[i * columns + j] += left[i, p] * right[p, j];
        return result;
    }

    private static double[] Values(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1)];
}
