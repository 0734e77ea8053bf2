using SymDiff.Syntax;
using SymDiff.Tensors;
using Xunit;

namespace SymDiff.Tests.Tensors;

public class MatrixFunctionTests
{
    private static readonly Dictionary<string, Shape> LeastSquaresShapes = new()
    {
        ["W"] = Shape.Matrix(3, 2), ["x"] = Shape.Vector(2), ["b"] = Shape.Vector(3), ["y"] = Shape.Vector(3),
    };

    private static readonly Dictionary<string, TensorValue> LeastSquaresValues = new()
    {
        ["W"] = TensorValue.Matrix(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }),
        ["x"] = TensorValue.Vector(1, -1),
        ["b"] = TensorValue.Vector(0.5, 0, -0.5),
        ["y"] = TensorValue.Vector(1, 2, 3),
    };

    private const string Network = "mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)";

    private static readonly Dictionary<string, Shape> NetworkShapes = new()
    {
        ["X"] = Shape.Matrix(4, 3), ["W1"] = Shape.Matrix(5, 3), ["b1"] = Shape.Vector(5),
        ["W2"] = Shape.Matrix(2, 5), ["b2"] = Shape.Vector(2), ["Y"] = Shape.Matrix(4, 2),
    };

    private static MatrixFunction Parse(string text, IReadOnlyDictionary<string, Shape> shapes)
    {
        var r = MatrixFunction.Parse(text, shapes);
        Assert.True(r.Success, r.Render());
        return r.Value!;
    }

    [Fact]
    public void Least_squares_gradient_prints_in_matrix_notation()
    {
        var f = Parse("sum((W@x + b - y)^2)", LeastSquaresShapes);
        Assert.Equal(["W", "x", "b", "y"], f.Variables.ToArray());
        Assert.True(f.Shape.IsScalar);
        Assert.Equal("2*outer(W@x + b - y, x)", f.Gradient("W").ToString());
        Assert.Equal(Shape.Matrix(3, 2), f.Gradient("W").Shape);
    }

    [Fact]
    public void All_gradients_come_from_one_factory()
    {
        var f = Parse("sum((W@x + b - y)^2)", LeastSquaresShapes);
        var all = f.Gradients();
        Assert.Equal(["W", "b", "x", "y"], all.Keys.Order(StringComparer.Ordinal));
        // Interned by one factory: asking again gives the very same nodes.
        Assert.Same(all["b"], f.Gradient("b"));
        Assert.Same(all["W"], f.Gradients("W", "x")["W"]);
    }

    [Fact]
    public void Variables_not_declared_are_scalars()
    {
        var f = Parse("c*sum(x^2)", new Dictionary<string, Shape> { ["x"] = Shape.Vector(3) });
        Assert.Equal(Shape.Scalar, f.Shapes["c"]);
        Assert.Equal(Shape.Scalar, f.Gradient("c").Shape);
    }

    [Fact]
    public void Evaluate_uses_the_function_as_written()
    {
        var f = Parse("sum((W@x + b - y)^2)", LeastSquaresShapes);
        Assert.Equal(31.5, f.Evaluate(LeastSquaresValues).AsScalar);
        // x/x is 0/0 at 0 as written, though its canonical form is 1.
        var g = Parse("sum(x/x)", new Dictionary<string, Shape> { ["x"] = Shape.Vector(2) });
        Assert.True(double.IsNaN(g.Evaluate(new Dictionary<string, TensorValue> { ["x"] = TensorValue.Vector(0, 1) }).AsScalar));
    }

    [Fact]
    public void A_compiled_gradient_matches_finite_differences()
    {
        var f = Parse("sum((W@x + b - y)^2)", LeastSquaresShapes);
        var dW = f.Compile(f.Gradient("W"));
        var value = dW(LeastSquaresValues);
        Assert.Equal(Shape.Matrix(3, 2), value.Shape);
        Assert.Equal([-3.0, 3, -6, 6, -9, 9], value.Data);
        AssertClose(TensorFiniteDifferences.Gradient(f.Written, LeastSquaresValues, "W").Value, value);
    }

    [Fact]
    public void Compiled_gradients_of_a_network_share_the_forward_pass_and_match_finite_differences()
    {
        var f = Parse(Network, NetworkShapes);
        var values = Seeded(NetworkShapes, seed: 7);
        var step = f.CompileGradients("W1", "b1", "W2", "b2");
        var (loss, gradients) = step(values);
        Assert.Equal(f.Evaluate(values).AsScalar, loss, 12);
        Assert.Equal(["W1", "W2", "b1", "b2"], gradients.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, g) in gradients)
        {
            Assert.Equal(NetworkShapes[name], g.Shape);
            AssertClose(TensorFiniteDifferences.Gradient(f.Written, values, name).Value, g);
        }
    }

    [Fact]
    public void A_gradient_that_is_zero_compiles_to_zeros_of_the_variables_shape()
    {
        var f = Parse("sum(x - x) + sum(y)", new Dictionary<string, Shape> { ["x"] = Shape.Vector(2), ["y"] = Shape.Vector(3) });
        var (_, g) = f.CompileGradients("x")(new Dictionary<string, TensorValue> { ["x"] = TensorValue.Vector(1, 2), ["y"] = TensorValue.Vector(1, 2, 3) });
        Assert.Equal(Shape.Vector(2), g["x"].Shape);
        Assert.All(g["x"].Data, d => Assert.Equal(0, d));
    }

    [Fact]
    public void Backprop_names_the_forward_pass_once()
    {
        var f = Parse(Network, NetworkShapes);
        var shared = f.Backprop("W1", "b1", "W2", "b2");
        Assert.Equal(4, shared.Derivatives.Length);
        // The hidden layer is defined once, first, and every gradient is written with the names.
        Assert.Equal("tanh(X@W1.T + b1)", shared.Definitions[0].Definition);
        Assert.All(shared.Derivatives, d => Assert.Contains("u", d, StringComparison.Ordinal));
        Assert.All(shared.Derivatives, d => Assert.DoesNotContain("tanh", d, StringComparison.Ordinal));
        Assert.DoesNotContain(shared.Definitions, d => d.Name is "X" or "W1" or "b1" or "W2" or "b2" or "Y");
    }

    [Fact]
    public void Jacobian_of_a_vector_function_matches_finite_differences()
    {
        var shapes = new Dictionary<string, Shape> { ["W"] = Shape.Matrix(3, 2), ["x"] = Shape.Vector(2) };
        var f = Parse("tanh(W@x)", shapes);
        var j = f.Jacobian("x");
        Assert.Contains("diag(", j.ToString(), StringComparison.Ordinal);
        var values = Seeded(shapes, seed: 3);
        var symbolic = f.Compile(j)(values);
        Assert.Equal(Shape.Matrix(3, 2), symbolic.Shape);
        var (numeric, _) = TensorFiniteDifferences.Jacobian(f.Written, values, "x");
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 2; c++) Assert.Equal(numeric[r, c], symbolic[r, c], 6);
    }

    [Fact]
    public void A_Jacobian_beyond_matrix_notation_says_why()
    {
        var f = Parse("tanh(W@x)", new Dictionary<string, Shape> { ["W"] = Shape.Matrix(3, 2), ["x"] = Shape.Vector(2) });
        Assert.False(f.TryJacobian("W", out var j, out var why));
        Assert.Null(j);
        Assert.Contains("more than matrix notation shows", why, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => f.Jacobian("W"));
    }

    [Fact]
    public void A_scalar_function_has_gradients_and_a_vector_function_Jacobians()
    {
        var scalar = Parse("sum((W@x + b - y)^2)", LeastSquaresShapes);
        var e = Assert.Throws<InvalidOperationException>(() => scalar.Jacobian("x"));
        Assert.Contains("use Gradient", e.Message, StringComparison.Ordinal);
        var vector = Parse("W@x", LeastSquaresShapes);
        e = Assert.Throws<InvalidOperationException>(() => vector.Gradient("x"));
        Assert.Contains("use Jacobian", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_variable_is_a_programmer_error()
    {
        var f = Parse("sum((W@x + b - y)^2)", LeastSquaresShapes);
        var e = Assert.Throws<ArgumentException>(() => f.Gradient("z"));
        Assert.Contains("its variables are W, x, b, y", e.Message, StringComparison.Ordinal);
    }

    // 1:1: error SD1250: W@x: W is 3x2 but x has 3 elements
    // W@x
    // ^^^
    [Fact]
    public void A_shape_mismatch_is_a_diagnostic_with_a_span()
    {
        var r = MatrixFunction.Parse("sum(W@x)", new Dictionary<string, Shape> { ["W"] = Shape.Matrix(3, 2), ["x"] = Shape.Vector(3) });
        Assert.False(r.Success);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(DiagnosticCode.ShapeMismatch, d.Code);
        Assert.Equal(new TextSpan(4, 3), d.Span);
        var rendered = r.Render().Split('\n');
        Assert.Equal("1:5: error SD1250: W@x: W is 3x2 but x has 3 elements", rendered[0]);
        Assert.Equal("sum(W@x)", rendered[1]);
        Assert.Equal("    ^^^", rendered[2]);
    }

    [Fact]
    public void A_syntax_error_is_a_diagnostic_too()
    {
        var r = MatrixFunction.Parse("sum(W@)", LeastSquaresShapes);
        Assert.False(r.Success);
        Assert.NotEmpty(r.Diagnostics);
        Assert.Contains("^", r.Render(), StringComparison.Ordinal);
    }

    private static Dictionary<string, TensorValue> Seeded(IReadOnlyDictionary<string, Shape> shapes, int seed)
    {
        var random = new Random(seed);
        return shapes.ToDictionary(kv => kv.Key,
            kv => new TensorValue(kv.Value, [.. Enumerable.Range(0, kv.Value.Size).Select(_ => random.NextDouble() * 2 - 1)]));
    }

    private static void AssertClose(TensorValue expected, TensorValue actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Data.Length; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-6 * (1 + Math.Abs(expected.Data[i])),
                $"entry {TensorValue.IndexText(expected.Shape, i)}: expected {expected.Data[i]}, got {actual.Data[i]}");
    }
}
