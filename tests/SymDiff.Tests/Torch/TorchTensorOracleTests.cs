using System.Runtime.InteropServices;
using SymDiff.Checking;
using SymDiff.Tensors;
using SymDiff.Torch;

namespace SymDiff.Tests.Torch;

/// <summary>
/// The tensor oracle against SymDiff's symbolic matrix gradients and finite differences on the written function:
/// for each operation, the gradient of <c>sum(op(...) * R)</c> (R fixed, so every entry of op's result counts
/// with its own weight), then Jacobians, a network-sized gradient, and what autograd does where the function
/// is not defined.
/// </summary>
[Trait("Category", "Torch")]
[Collection("Torch")]
public class TorchTensorOracleTests
{
    private const double Tolerance = 1e-9;

    private static readonly Shape V3 = Shape.Vector(3);
    private static readonly Shape M23 = Shape.Matrix(2, 3);
    private static readonly Shape M33 = Shape.Matrix(3, 3);

    private static TorchTensorOracle Oracle() => new("cpu");

    /// <summary>An operation: its operands (name and shape) and how to build it from them in a factory.</summary>
    public sealed record Case(string Name, (string Name, Shape Shape)[] Operands, Func<TensorFactory, TensorExpr[], TensorExpr> Build)
    {
        public override string ToString() => Name;
    }

    private static Case Op(string name, Func<TensorFactory, TensorExpr[], TensorExpr> build, params (string, Shape)[] operands) =>
        new(name, operands, build);

    public static TheoryData<Case> Cases() =>
    [
        Op("A + v (broadcast)", (f, a) => f.Add(a[0], a[1]), ("A", M23), ("v", V3)),
        Op("A - v (broadcast)", (f, a) => f.Subtract(a[0], a[1]), ("A", M23), ("v", V3)),
        Op("v * A (broadcast)", (f, a) => f.Multiply(a[1], a[0]), ("A", M23), ("v", V3)),
        Op("A / v (broadcast)", (f, a) => f.Divide(a[0], a[1]), ("A", M23), ("v", V3)),
        Op("x - s (scalar)", (f, a) => f.Subtract(a[0], a[1]), ("x", V3), ("s", Shape.Scalar)),
        Op("A ^ 2", (f, a) => f.Power(a[0], f.Number(2)), ("A", M23)),
        Op("x ^ (1/2)", (f, a) => f.Power(a[0], f.Divide(f.One, f.Number(2))), ("x", V3)),
        Op("x ^ y", (f, a) => f.Power(a[0], a[1]), ("x", V3), ("y", V3)),
        Op("-A", (f, a) => f.Negate(a[0]), ("A", M23)),
        Op("pi * x", (f, a) => f.Multiply(f.Constant("pi", Math.PI), a[0]), ("x", V3)),
        Op("sin(A)", (f, a) => f.Call("sin", a[0]), ("A", M23)),
        Op("exp(x) + log(x)", (f, a) => f.Add(f.Call("exp", a[0]), f.Call("log", a[0])), ("x", V3)),
        Op("atan2(A, v)", (f, a) => f.Call("atan2", a[0], a[1]), ("A", M23), ("v", V3)),
        Op("tanh(W@x)", (f, a) => f.Call("tanh", f.MatMul(a[0], a[1])), ("W", M23), ("x", V3)),
        Op("W @ x", (f, a) => f.MatMul(a[0], a[1]), ("W", M23), ("x", V3)),
        Op("y @ W", (f, a) => f.MatMul(a[1], a[0]), ("W", M23), ("y", Shape.Vector(2))),
        Op("A @ B", (f, a) => f.MatMul(a[0], a[1]), ("A", M23), ("B", Shape.Matrix(3, 2))),
        Op("x @ y", (f, a) => f.MatMul(a[0], a[1]), ("x", V3), ("y", V3)),
        Op("sum(A)", (f, a) => f.Apply(TensorOp.Sum, a[0]), ("A", M23)),
        Op("mean(A)", (f, a) => f.Apply(TensorOp.Mean, a[0]), ("A", M23)),
        Op("dot(x, y)", (f, a) => f.Apply(TensorOp.Dot, a[0], a[1]), ("x", V3), ("y", V3)),
        Op("outer(x, y)", (f, a) => f.Apply(TensorOp.Outer, a[0], a[1]), ("x", V3), ("y", Shape.Vector(2))),
        Op("norm(x)", (f, a) => f.Apply(TensorOp.Norm, a[0]), ("x", V3)),
        Op("norm(A)", (f, a) => f.Apply(TensorOp.Norm, a[0]), ("A", M23)),
        Op("trace(S)", (f, a) => f.Apply(TensorOp.Trace, a[0]), ("S", M33)),
        Op("det(S)", (f, a) => f.Apply(TensorOp.Det, a[0]), ("S", M33)),
        Op("logdet(S)", (f, a) => f.Apply(TensorOp.Logdet, a[0]), ("S", M33)),
        Op("inv(S)", (f, a) => f.Apply(TensorOp.Inv, a[0]), ("S", M33)),
        Op("diag(x)", (f, a) => f.Apply(TensorOp.Diag, a[0]), ("x", V3)),
        Op("diag(S)", (f, a) => f.Apply(TensorOp.Diag, a[0]), ("S", M33)),
        Op("A.T", (f, a) => f.Transpose(a[0]), ("A", M23)),
        Op("x.T", (f, a) => f.Transpose(a[0]), ("x", V3)),
        Op("softmax(x)", (f, a) => f.Apply(TensorOp.Softmax, a[0]), ("x", V3)),
        Op("softmax(A)", (f, a) => f.Apply(TensorOp.Softmax, a[0]), ("A", M23)),
        Op("log_softmax(A)", (f, a) => f.Apply(TensorOp.LogSoftmax, a[0]), ("A", M23)),
        Op("logsumexp(x)", (f, a) => f.Apply(TensorOp.Logsumexp, a[0]), ("x", V3)),
        Op("logsumexp(A)", (f, a) => f.Apply(TensorOp.Logsumexp, a[0]), ("A", M23)),
        Op("[dot(x, y), sum(x)]", (f, a) => f.List([f.Apply(TensorOp.Dot, a[0], a[1]), f.Apply(TensorOp.Sum, a[0])]), ("x", V3), ("y", V3)),
        Op("[x, sin(y)]", (f, a) => f.List([a[0], f.Call("sin", a[1])]), ("x", V3), ("y", V3)),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_of_each_operation_matches_symbolic_and_finite_differences(Case c)
    {
        var (written, values) = Loss(new TensorFactory(simplifying: false), c);
        var symbolic = new TensorFactory();
        var (loss, _) = Loss(symbolic, c);
        var names = c.Operands.Select(o => o.Name).ToArray();

        var autograd = Oracle().Derivatives(written, values, names);
        var gradients = TensorGradient.Of(symbolic, loss, names);
        foreach (var name in names)
        {
            var shape = values[name].Shape;
            var expected = Dense(TensorInterpreter.Evaluate(gradients[name], values), shape);
            Assert.Equal(shape, autograd[name].Shape);
            AssertClose(expected, autograd[name], $"{c}: d/d{name}, autograd vs symbolic {gradients[name]}");
            var (numeric, _) = TensorFiniteDifferences.Gradient(written, values, name);
            AssertClose(numeric, autograd[name], $"{c}: d/d{name}, autograd vs finite differences");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Torch_evaluates_each_symbolic_gradient_as_the_interpreter_does(Case c)
    {
        // The gradients hold the nodes only derivatives have (sum_to, ones_like, I, indexing).
        var symbolic = new TensorFactory();
        var (loss, values) = Loss(symbolic, c);
        var oracle = Oracle();
        AssertClose(TensorInterpreter.Evaluate(loss, values), oracle.Evaluate(loss, values), $"{c}: the loss");
        foreach (var (name, gradient) in TensorGradient.Of(symbolic, loss, [.. c.Operands.Select(o => o.Name)]))
            AssertClose(TensorInterpreter.Evaluate(gradient, values), oracle.Evaluate(gradient, values), $"{c}: {gradient}");
    }

    [Fact]
    public void Derivative_only_nodes_evaluate_as_the_interpreter_does()
    {
        var f = new TensorFactory(simplifying: false);
        var a = f.Variable("A", M23);
        var x = f.Variable("x", V3);
        var values = Values(("A", M23), ("x", V3));
        var oracle = Oracle();
        foreach (var e in new[]
                 {
                     f.SumTo(a, V3), f.SumTo(a, Shape.Scalar), f.SumTo(a, Shape.Matrix(2, 1)), f.SumTo(a, Shape.Matrix(1, 3)),
                     f.SumTo(x, Shape.Scalar), f.Identity(3), f.MatMul(f.Identity(2), a), f.OnesLike(a), f.Index(a, 1), f.Index(x, 2),
                 })
            AssertClose(TensorInterpreter.Evaluate(e, values), oracle.Evaluate(e, values), e.ToString());
    }

    [Fact]
    public void A_variable_the_function_does_not_use_gets_zeros()
    {
        var f = new TensorFactory(simplifying: false);
        var loss = f.Apply(TensorOp.Sum, f.Call("sin", f.Variable("x", V3)));
        var values = Values(("x", V3), ("A", M23));
        var g = Oracle().Derivatives(loss, values, ["A", "x"]);
        Assert.Equal(M23, g["A"].Shape);
        Assert.All(g["A"].Data, v => Assert.Equal(0.0, v));
        Assert.Equal(Math.Cos(values["x"][1]), g["x"][1], 15);
    }

    [Fact]
    public void A_function_through_heaviside_has_zero_derivatives()
    {
        // heaviside is lowered to where(x > 0, 1, 0) over constants: its result does not require grad.
        var f = new TensorFactory(simplifying: false);
        var x = f.Variable("x", V3);
        var values = Values(("x", V3));
        Assert.All(Oracle().Derivatives(f.Apply(TensorOp.Sum, f.Call("heaviside", x)), values, ["x"])["x"].Data, v => Assert.Equal(0.0, v));
        Assert.All(Oracle().Derivatives(f.Call("heaviside", x), values, ["x"])["x"].Data, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Jacobian_of_W_at_x_in_x_is_W_and_in_W_matches_finite_differences()
    {
        var f = new TensorFactory(simplifying: false);
        var y = f.MatMul(f.Variable("W", M23), f.Variable("x", V3));
        var values = Values(("W", M23), ("x", V3));
        var j = Oracle().Derivatives(y, values, ["x", "W"]);
        Assert.Equal(Shape.Matrix(2, 3), j["x"].Shape);
        Assert.Equal(values["W"].Data, j["x"].Data);
        Assert.Equal(Shape.Matrix(2, 6), j["W"].Shape);
        AssertClose(Matrix(TensorFiniteDifferences.Jacobian(y, values, "W").Value), j["W"], "d(W@x)/dW");
    }

    [Fact]
    public void Jacobian_of_sin_is_the_diagonal_of_cos()
    {
        var f = new TensorFactory(simplifying: false);
        var values = Values(("x", V3));
        var j = Oracle().Derivatives(f.Call("sin", f.Variable("x", V3)), values, ["x"])["x"];
        var expected = TensorValue.Matrix(new double[3, 3]);
        for (var i = 0; i < 3; i++) expected.Data[i * 3 + i] = Math.Cos(values["x"][i]);
        AssertClose(expected, j, "d sin(x)/dx");
        AssertClose(Matrix(TensorFiniteDifferences.Jacobian(f.Call("sin", f.Variable("x", V3)), values, "x").Value), j, "d sin(x)/dx vs finite differences");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Jacobian_of_softmax_matches_finite_differences(int rows)
    {
        var f = new TensorFactory(simplifying: false);
        var shape = rows == 1 ? V3 : M23;
        var softmax = f.Apply(TensorOp.Softmax, f.Variable("z", shape));
        var values = Values(("z", shape));
        var j = Oracle().Derivatives(softmax, values, ["z"])["z"];
        Assert.Equal(Shape.Matrix(shape.Size, shape.Size), j.Shape);
        AssertClose(Matrix(TensorFiniteDifferences.Jacobian(softmax, values, "z").Value), j, "d softmax(z)/dz");
    }

    [Fact]
    public void Gradient_of_a_784_by_512_layer_matches_symbolic()
    {
        var (written, values) = LayerLoss(new TensorFactory(simplifying: false));
        var symbolic = new TensorFactory();
        var (loss, _) = LayerLoss(symbolic);
        var autograd = Oracle().Derivatives(written, values, ["W", "b"]);
        var gradients = TensorGradient.Of(symbolic, loss, ["W", "b"]);
        Assert.Equal("2*outer(W@x + b - y, x)", gradients["W"].ToString());
        var residual = TensorInterpreter.Evaluate(symbolic.Subtract(symbolic.Add(symbolic.MatMul(symbolic.Variable("W", Shape.Matrix(512, 784)),
            symbolic.Variable("x", Shape.Vector(784))), symbolic.Variable("b", Shape.Vector(512))), symbolic.Variable("y", Shape.Vector(512))), values);
        Assert.Equal(Shape.Matrix(512, 784), autograd["W"].Shape);
        foreach (var (i, k) in new[] { (0, 0), (1, 783), (511, 0), (300, 400), (511, 783) })
            Close(2 * residual[i] * values["x"][k], autograd["W"][i, k], $"dW[{i}, {k}]");
        AssertClose(TensorInterpreter.Evaluate(gradients["b"], values), autograd["b"], "db");
    }

    [Fact]
    public void Logdet_of_a_matrix_with_negative_determinant_is_nan_with_gradient_zero()
    {
        // libtorch's logdet is where(sign(det) == -1, NaN, log|det|): the NaN branch is a constant, and where's
        // backward gives the log|det| branch nothing there, so autograd's gradient is exactly 0 (not NaN).
        // SymDiff's symbolic gradient, inv(A).T, is finite there; finite differences of the written form are NaN.
        var f = new TensorFactory(simplifying: false);
        var a = TensorValue.Matrix(new double[,] { { 1, 2 }, { 3, 4 } }); // det = -2
        var values = new Dictionary<string, TensorValue> { ["A"] = a };
        var logdet = f.Apply(TensorOp.Logdet, f.Variable("A", Shape.Matrix(2, 2)));
        var oracle = Oracle();
        Assert.True(double.IsNaN(oracle.Evaluate(logdet, values).AsScalar));
        Assert.Equal([0.0, 0.0, 0.0, 0.0], oracle.Derivatives(logdet, values, ["A"])["A"].Data);
        var symbolic = new TensorFactory();
        var g = TensorGradient.Of(symbolic, symbolic.Apply(TensorOp.Logdet, symbolic.Variable("A", Shape.Matrix(2, 2))), ["A"])["A"];
        AssertClose(TensorValue.Matrix(new double[,] { { -2, 1.5 }, { 1, -0.5 } }), TensorInterpreter.Evaluate(g, values), $"symbolic {g}");
        Assert.True(double.IsNaN(TensorFiniteDifferences.Gradient(logdet, values, "A").Value[0]));

        // Where det > 0 it is the textbook inv(A).T.
        // det = 1, inv = [[1, -1], [-1, 2]] (symmetric)
        var positive = new Dictionary<string, TensorValue> { ["A"] = TensorValue.Matrix(new double[,] { { 2, 1 }, { 1, 1 } }) };
        AssertClose(TensorValue.Matrix(new double[,] { { 1, -1 }, { -1, 2 } }), oracle.Derivatives(logdet, positive, ["A"])["A"], "det > 0");
    }

    [Fact]
    public void Inv_of_a_singular_matrix_throws_libtorchs_error_and_the_oracle_keeps_working()
    {
        // PyTorch raises torch.linalg.LinAlgError there; TorchSharp reports it as an ExternalException (no abort).
        // SymDiff's interpreter gives NaN entries instead.
        var f = new TensorFactory(simplifying: false);
        var inv = f.Apply(TensorOp.Sum, f.Apply(TensorOp.Inv, f.Variable("A", Shape.Matrix(2, 2))));
        var singular = new Dictionary<string, TensorValue> { ["A"] = TensorValue.Matrix(new double[,] { { 1, 2 }, { 2, 4 } }) };
        var oracle = Oracle();
        var error = Assert.ThrowsAny<ExternalException>(() => oracle.Derivatives(inv, singular, ["A"]));
        Assert.Contains("singular", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.All(TensorInterpreter.Evaluate(inv, singular).Data, v => Assert.True(double.IsNaN(v)));
        var regular = new Dictionary<string, TensorValue> { ["A"] = TensorValue.Matrix(new double[,] { { 2, 0 }, { 0, 4 } }) };
        AssertClose(TensorValue.Matrix(new double[,] { { -0.25, -0.125 }, { -0.125, -1.0 / 16 } }), oracle.Derivatives(inv, regular, ["A"])["A"], "after the error");
    }

    [Fact]
    public void The_scalar_oracle_hands_out_a_tensor_oracle_on_its_device()
    {
        using var scalar = TorchAssert.Oracle(NumericType.Float32);
        Assert.Same(scalar.Tensors, scalar.Tensors);
        Assert.Equal(scalar.Device, scalar.Tensors.Device);
        Assert.Equal("cpu", Oracle().Device);
    }

    [Fact]
    public void A_missing_value_or_a_wrong_shape_is_reported_before_libtorch_runs()
    {
        var f = new TensorFactory(simplifying: false);
        var loss = f.Apply(TensorOp.Sum, f.Variable("x", V3));
        Assert.Throws<SymDiff.Evaluation.MissingBindingException>(() => Oracle().Derivatives(loss, Values(("y", V3)), ["x"]));
        Assert.Throws<ShapeException>(() => Oracle().Derivatives(loss, Values(("x", M23)), ["x"]));
    }

    // sum(op(...) * R), with seeded values for the operands and R; S gets a well-conditioned matrix with det > 0.
    private static (TensorExpr Loss, Dictionary<string, TensorValue> Values) Loss(TensorFactory f, Case c)
    {
        var operands = c.Operands.Select(o => f.Variable(o.Name, o.Shape)).ToArray();
        var op = c.Build(f, operands);
        var loss = f.Apply(TensorOp.Sum, f.Multiply(op, f.Variable("R", op.Shape)));
        return (loss, Values([.. c.Operands, ("R", op.Shape)]));
    }

    private static (TensorExpr Loss, Dictionary<string, TensorValue> Values) LayerLoss(TensorFactory f)
    {
        var (w, x, b, y) = (f.Variable("W", Shape.Matrix(512, 784)), f.Variable("x", Shape.Vector(784)),
            f.Variable("b", Shape.Vector(512)), f.Variable("y", Shape.Vector(512)));
        var loss = f.Apply(TensorOp.Sum, f.Power(f.Subtract(f.Add(f.MatMul(w, x), b), y), f.Number(2)));
        return (loss, Values(("W", w.Shape), ("x", x.Shape), ("b", b.Shape), ("y", y.Shape)));
    }

    // Seeded by name, in [0.5, 1.5] (positive: log, powers and division stay defined); S is diagonally dominant.
    private static Dictionary<string, TensorValue> Values(params (string Name, Shape Shape)[] operands)
    {
        var values = new Dictionary<string, TensorValue>(StringComparer.Ordinal);
        foreach (var (name, shape) in operands)
        {
            var random = new Random(name.Aggregate(17, (h, ch) => h * 31 + ch));
            var data = new double[shape.Size];
            for (var i = 0; i < data.Length; i++) data[i] = 0.5 + random.NextDouble();
            if (name == "S")
                for (var i = 0; i < shape.Rows; i++) data[i * shape.Rows + i] += 3;
            values[name] = new TensorValue(shape, data);
        }
        return values;
    }

    // A gradient that came back as the scalar 0 means zeros of the variable's shape.
    private static TensorValue Dense(TensorValue value, Shape shape) =>
        value.Shape == shape ? value : value.Shape.IsScalar && value.AsScalar == 0 ? TensorValue.Filled(shape, 0)
        : throw new Xunit.Sdk.XunitException($"a gradient of shape {value.Shape} for a variable of shape {shape}");

    private static TensorValue Matrix(double[,] entries) => TensorValue.Matrix(entries);

    /// <summary>Entry by entry, relative to the largest entry of <paramref name="expected"/> (exact where it is all zeros).</summary>
    private static void AssertClose(TensorValue expected, TensorValue actual, string what)
    {
        Assert.True(expected.Shape == actual.Shape, $"{what}: expected {expected.Shape}, got {actual.Shape}");
        var scale = expected.Data.Max(Math.Abs);
        for (var i = 0; i < expected.Data.Length; i++)
        {
            var (e, a) = (expected.Data[i], actual.Data[i]);
            Assert.True(Math.Abs(e - a) <= Tolerance * scale || e.Equals(a),
                $"{what}{TensorValue.IndexText(expected.Shape, i)}: expected {e:R}, got {a:R}\n expected {expected}\n got      {actual}");
        }
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");
}
