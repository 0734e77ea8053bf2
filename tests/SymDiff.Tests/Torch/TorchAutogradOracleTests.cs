using System.Collections.Immutable;
using SymDiff.Calculus;
using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Torch;
using TorchSharp;

namespace SymDiff.Tests.Torch;

[Trait("Category", "Torch")]
[Collection("Torch")]
public class TorchAutogradOracleTests
{
    private readonly ExprFactory _f = new();
    private Expr X => _f.Symbol("x");
    private Expr Y => _f.Symbol("y");

    private static ImmutableArray<string> D(params string[] variables) => [.. variables];

    [Fact]
    public void Reports_the_cpu_device_and_the_numeric_type()
    {
        using var oracle = TorchAssert.Oracle(NumericType.Float32);
        Assert.Equal("cpu", oracle.Device);
        Assert.Equal(NumericType.Float32, oracle.NumericType);
    }

    [Fact]
    public void Cuda_without_cuda_is_device_unavailable()
    {
        TorchRuntime.EnsureLoaded();
        if (torch.cuda.is_available())
        {
            using var oracle = new TorchAutogradOracle("cuda", NumericType.Float64);
            Assert.StartsWith("cuda:", oracle.Device);
            return;
        }
        Assert.Throws<DeviceUnavailableException>(() => new TorchAutogradOracle("cuda", NumericType.Float64));
        Assert.Throws<ArgumentException>(() => new TorchAutogradOracle("tpu", NumericType.Float64));
    }

    [Fact]
    public void Polynomial_first_derivative()
    {
        // d/dx (x^2 + 2x + 1) = 2x + 2 = 8 at 3
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(_f.Add(_f.Pow(X, 2), _f.Mul(_f.Number(2), X), _f.One), ["x"], [D("x"), D()], [[3.0]]);
        Assert.Equal(8.0, result[0][0]);
        Assert.Equal(16.0, result[1][0]); // an empty derivative is the value
    }

    [Fact]
    public void Chain_rule_through_sin()
    {
        // d/dx sin(x^2) = 2x cos(x^2) = 2 cos(1) at 1
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(_f.Fn("sin", _f.Pow(X, 2)), ["x"], [D("x")], [[1.0]]);
        TorchAssert.Close(1.0806046117362795, result[0][0], 1e-12, "d/dx sin(x^2) at 1");
    }

    [Fact]
    public void Second_derivative_of_a_linear_function_is_zero()
    {
        // d/dx (3x + 1) = 3 is a constant that does not require grad: autograd is not asked again (it would abort).
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(_f.Add(_f.Mul(_f.Number(3), X), _f.One), ["x"], [D("x"), D("x", "x"), D("x", "x", "x")], [[1.0], [2.0]]);
        Assert.Equal([3.0, 3.0], result[0]);
        Assert.Equal([0.0, 0.0], result[1]);
        Assert.Equal([0.0, 0.0], result[2]);
    }

    [Fact]
    public void Third_derivative_of_x_to_the_fourth()
    {
        // d³/dx³ x^4 = 24x = 48 at 2
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(_f.Pow(X, 4), ["x"], [D("x", "x", "x"), D("x"), D("x", "x")], [[2.0]]);
        Assert.Equal(48.0, result[0][0]);
        Assert.Equal(32.0, result[1][0]);
        Assert.Equal(48.0, result[2][0]);
    }

    [Fact]
    public void Hessian_of_x_squared_y()
    {
        // x^2 y: [[2y, 2x], [2x, 0]] = [[4, 2], [2, 0]] at (1, 2)
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(_f.Mul(_f.Pow(X, 2), Y), ["x", "y"],
            [D("x", "x"), D("x", "y"), D("y", "x"), D("y", "y")], [[1.0, 2.0]]);
        Assert.Equal([4.0, 2.0, 2.0, 0.0], result.Select(r => r[0]));
    }

    [Fact]
    public void Constant_expression_has_zero_derivatives()
    {
        using var oracle = TorchAssert.Oracle();
        var constant = _f.Add(_f.Fn("pi"), _f.Number(2));
        var result = oracle.Derivatives(constant, ["x"], [D("x"), D("x", "x"), D()], [[1.0], [-4.0]]);
        Assert.Equal([0.0, 0.0], result[0]);
        Assert.Equal([0.0, 0.0], result[1]);
        Assert.Equal([Math.PI + 2, Math.PI + 2], result[2]);
    }

    [Fact]
    public void Unused_and_unlisted_variables_give_zeros()
    {
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(_f.Pow(X, 2), ["x", "y"], [D("y"), D("z"), D("x", "z"), D("x", "y"), D("x")], [[1.5, 2.0]]);
        Assert.Equal([0.0, 0.0, 0.0, 0.0, 3.0], result.Select(r => r[0]));
    }

    [Fact]
    public void Variables_without_values_are_an_argument_error()
    {
        using var oracle = TorchAssert.Oracle();
        var e = Assert.Throws<ArgumentException>(() => oracle.Derivatives(_f.Mul(X, Y, _f.Symbol("z")), ["x"], [D("x")], [[1.0]]));
        Assert.Contains("y, z", e.Message);
        Assert.Throws<ArgumentException>(() => oracle.Derivatives(X, ["x"], [D("x")], [[1.0, 2.0]]));
        Assert.Throws<ArgumentException>(() => oracle.Derivatives(X, ["x", "x"], [D("x")], [[1.0, 2.0]]));
    }

    [Fact]
    public void No_points_give_empty_rows()
    {
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(X, ["x"], [D("x"), D()], []);
        Assert.All(result, Assert.Empty);
    }

    [Fact]
    public void A_batch_of_100000_points_matches_symbolic_values_point_by_point()
    {
        const int n = 100_000;
        var g = _f.Fn("sin", _f.Pow(X, 2));
        var rng = new Random(20240617);
        var points = new double[n][];
        for (var p = 0; p < n; p++) points[p] = [rng.NextDouble() * 6 - 3];
        var symbolic = CompiledFunction.Compile([g, Differentiator.Differentiate(g, "x", _f)], ["x"]);

        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(g, ["x"], [D(), D("x")], points);
        for (var p = 0; p < n; p++)
        {
            var expected = symbolic.Evaluate(points[p]);
            // Relative, with an absolute floor of 1e-12 where a value crosses zero.
            Assert.True(Math.Abs(result[0][p] - expected[0]) <= 1e-9 * Math.Abs(expected[0]) + 1e-12, $"sin(x^2) at {points[p][0]:R}");
            Assert.True(Math.Abs(result[1][p] - expected[1]) <= 1e-9 * Math.Abs(expected[1]) + 1e-12, $"d/dx sin(x^2) at {points[p][0]:R}");
        }
    }

    [Fact]
    public void Float32_mode_agrees_to_single_precision()
    {
        var g = _f.Fn("sin", _f.Pow(X, 2));
        var d1 = Differentiator.Differentiate(g, "x", _f);
        var d2 = Differentiator.Differentiate(d1, "x", _f);
        double[][] points = [[0.3], [1.0], [1.4]];
        using var oracle = TorchAssert.Oracle(NumericType.Float32);
        var result = oracle.Derivatives(g, ["x"], [D(), D("x"), D("x", "x")], points);
        for (var p = 0; p < points.Length; p++)
        {
            var at = new Dictionary<string, double> { ["x"] = points[p][0] };
            TorchAssert.Close(Evaluator.Evaluate(g, at), result[0][p], 1e-4, "float32 sin(x^2)");
            TorchAssert.Close(Evaluator.Evaluate(d1, at), result[1][p], 1e-4, "float32 d/dx sin(x^2)");
            TorchAssert.Close(Evaluator.Evaluate(d2, at), result[2][p], 1e-4, "float32 d²/dx² sin(x^2)");
        }
    }

    [Fact]
    public void Shared_subtrees_and_mixed_partials_of_several_variables()
    {
        // u = sin(x*y) appears three times; the DAG lowers it once.
        var u = _f.Fn("sin", _f.Mul(X, Y));
        var g = _f.Add(_f.Mul(u, u), _f.Fn("exp", u), _f.Fn("atan2", X, Y));
        var point = new Dictionary<string, double> { ["x"] = 0.7, ["y"] = 1.3 };
        ImmutableArray<string>[] wanted = [D("x"), D("y"), D("x", "y"), D("y", "y", "x")];
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(g, ["x", "y"], wanted, [[0.7, 1.3]]);
        for (var k = 0; k < wanted.Length; k++)
        {
            var symbolic = wanted[k].Aggregate(g, (e, v) => Differentiator.Differentiate(e, v, _f));
            TorchAssert.Close(Evaluator.Evaluate(symbolic, point), result[k][0], 1e-9, $"d/d{string.Join(" d", wanted[k])} {g}");
        }
    }

    [Fact]
    public void Concurrent_callers_get_their_own_results()
    {
        using var oracle = TorchAssert.Oracle();
        var results = new double[8][];
        Parallel.For(0, results.Length, i =>
        {
            var f = new ExprFactory();
            var x = f.Symbol("x");
            results[i] = oracle.Derivatives(f.Pow(x, i + 2), ["x"], [D("x")], [[1.5]])[0];
        });
        for (var i = 0; i < results.Length; i++) TorchAssert.Close((i + 2) * Math.Pow(1.5, i + 1), results[i][0], 1e-12, $"d/dx x^{i + 2}");
    }

    /// <summary>
    /// Regression: TorchSharp's <c>Tensor.add(Tensor)</c> and <c>softplus(double, double)</c> make temporary Scalars whose
    /// finalizers can free them while libtorch reads them ("Expected false to be true" from c10::Scalar::toDouble, or a
    /// crash). The bridge passes Scalars it keeps alive. With the temporaries, 3 seconds of this loop failed every time we ran it.
    /// </summary>
    [Fact]
    public void Survives_garbage_collections_during_native_calls()
    {
        var g = _f.Add(Enumerable.Range(1, 300).Select(k => _f.Fn(k % 2 == 0 ? "softplus" : "sin", _f.Mul(_f.Number(k), X))));
        var expected = Enumerable.Range(1, 300).Sum(k => k % 2 == 0 ? k / (1 + Math.Exp(-k * 0.5)) : k * Math.Cos(k * 0.5));
        using var oracle = TorchAssert.Oracle();
        var stop = 0;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            var first = oracle.Derivatives(g, ["x"], [D("x")], [[0.5]])[0][0];
            TorchAssert.Close(expected, first, 1e-9, "d/dx of the sum");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 1; clock.Elapsed < TimeSpan.FromSeconds(3); i++)
                Assert.Equal(first, oracle.Derivatives(g, ["x"], [D("x")], [[0.5]])[0][0]);
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
        }
    }
}
