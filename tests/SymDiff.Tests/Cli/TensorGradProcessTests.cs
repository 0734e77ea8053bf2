using System.Text.Json;

namespace SymDiff.Tests.Cli;

/// <summary>Issue 9 end to end: `symdiff grad` on vectors and matrices, run as a process.</summary>
[Trait("Category", "Torch")]
public class TensorGradProcessTests
{
    private const string LeastSquares = "sum((W@x + b - y)^2)";
    private const string LeastSquaresPoint = "W=[[1, 2], [3, 4], [5, 6]], x=[1, -1], b=[0.5, 0, -0.5], y=[1, 2, 3]";

    private static string Shown(CliProcess.Result r) => $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";

    [Fact]
    public void Least_squares_gradients_in_matrix_notation_agree_with_autograd()
    {
        var r = CliProcess.Run(["grad", LeastSquares, "--at", LeastSquaresPoint]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("d/dW = 2*outer(W@x + b - y, x)", r.Out);
        Assert.Contains("d/dx = 2*W.T@(W@x + b - y)", r.Out);
        Assert.Contains("d/db = 2*(W@x + b - y)", r.Out);
        Assert.Contains("autograd (cpu, float64)", r.Out);
        // W@x + b - y = [-1.5, -3, -4.5]; d/dW = 2*outer(r, x).
        Assert.Contains("[[-3, 3], [-6, 6], [-9, 9]]", r.Out);
        Assert.Contains("PASS  symbolic and autograd agree entry by entry", r.Out);
    }

    [Fact]
    public void The_printed_gradient_does_not_depend_on_the_sizes()
    {
        var small = CliProcess.Run(["grad", LeastSquares, "--shape", "W=3x2, x=2, b=3, y=3", "--wrt", "W", "--no-autograd"]);
        var large = CliProcess.Run(["grad", LeastSquares, "--shape", "W=40x30, x=30, b=40, y=40", "--wrt", "W", "--no-autograd"]);
        Assert.True(small.ExitCode == 0 && large.ExitCode == 0, Shown(small) + Shown(large));
        Assert.Contains("d/dW = 2*outer(W@x + b - y, x)", small.Out);
        Assert.Contains("d/dW = 2*outer(W@x + b - y, x)", large.Out);
        Assert.Contains("a 40x30 matrix: ", large.Out);
        Assert.Contains("drawn at random, seed 0", large.Out);
    }

    [Theory]
    [InlineData("W@x", "W=3x2, x=2", "x", "d/dx = W")]
    [InlineData("sin(x)", "x=3", "x", "d/dx = diag(cos(x))")]
    [InlineData("softmax(z)", "z=3", "z", "d/dz = diag(softmax(z)) - outer(softmax(z), softmax(z))")]
    [InlineData("0.5*x@A@x", "x=3, A=3x3", "x", "d/dx = 0.5*(A + A.T)@x")]
    [InlineData("norm(A@x - y)^2", "A=3x2, x=2, y=3", "x", "d/dx = 2*A.T@(A@x - y)")]
    [InlineData("trace(A@X.T@B@X@C)", "A=3x3, X=3x3, B=3x3, C=3x3", "X", "d/dX = B.T@X@A.T@C.T + B@X@C@A")]
    public void Golden_matrix_notation(string f, string shapes, string wrt, string expected)
    {
        var r = CliProcess.Run(["grad", f, "--shape", shapes, "--wrt", wrt, "--no-autograd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains(expected, r.Out);
        Assert.Contains("PASS", r.Out);
    }

    [Fact]
    public void A_two_layer_network_prints_its_backprop_equations()
    {
        var r = CliProcess.Run(["grad", "mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)", "--shape", "X=4x3, W1=5x3, b1=5, W2=2x5, b2=2, Y=4x2",
            "--wrt", "W1,b1,W2,b2"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("as backprop equations", r.Out);
        Assert.Contains("u1 = tanh(X@W1.T + b1)", r.Out);
        Assert.Contains("d/dW2 = 0.25*u2.T@u1", r.Out);
        Assert.Contains("PASS  symbolic and autograd agree", r.Out);
    }

    [Fact]
    public void A_shape_mismatch_is_bad_input_with_a_caret_and_both_shapes()
    {
        var r = CliProcess.Run(["grad", "sum(W@x)", "--at", "W=[[1, 2], [3, 4], [5, 6]], x=[1, 2, 3]", "--no-autograd"]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.Contains("SD1250", r.Error);
        Assert.Contains("W@x: W is 3x2 but x has 3 elements", r.Error);
        Assert.Contains("^^^", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void A_transposed_backprop_claim_is_incorrect_with_a_hint()
    {
        var r = CliProcess.Run(["grad", LeastSquares, "--at", LeastSquaresPoint, "--wrt", "W", "--no-autograd",
            "--claim", "d/dW: 2*outer(x, W@x + b - y)"]);
        Assert.True(r.ExitCode == 1, Shown(r));
        Assert.Contains("INCORRECT  the claim is a 2x3 matrix but d/dW is a 3x2 matrix", r.Out);
        Assert.Contains("transposed", r.Out);
    }

    [Fact]
    public void A_correct_claim_passes_and_a_missing_mean_factor_is_hinted()
    {
        var ok = CliProcess.Run(["grad", LeastSquares, "--at", LeastSquaresPoint, "--wrt", "W", "--no-autograd", "--claim", "d/dW: 2*outer(W@x + b - y, x)"]);
        Assert.True(ok.ExitCode == 0, Shown(ok));
        Assert.Contains("CORRECT", ok.Out);
        var mean = CliProcess.Run(["grad", "mean((W@x - y)^2)", "--shape", "W=3x2, x=2, y=3", "--wrt", "W", "--no-autograd",
            "--claim", "d/dW: 2*outer(W@x - y, x)"]);
        Assert.True(mean.ExitCode == 1, Shown(mean));
        Assert.Contains("a missing 1/3 of a mean", mean.Out);
    }

    [Fact]
    public void Json_has_shapes_nested_arrays_and_jacobian_shapes()
    {
        var r = CliProcess.Run(["grad", "W@x", "--at", "W=[[1, 2], [3, 4], [5, 6]], x=[1, -1]", "--format", "json", "--no-autograd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        using var doc = JsonDocument.Parse(r.Out);
        var c = doc.RootElement.GetProperty("cases")[0];
        Assert.Equal("[3,2]", c.GetProperty("shapes").GetProperty("W").GetRawText().Replace(" ", "").Replace("\n", ""));
        Assert.Equal("W", c.GetProperty("derivatives").GetProperty("x").GetString());
        var jacobian = c.GetProperty("symbolic").GetProperty("x");
        Assert.Equal(3, jacobian.GetArrayLength());
        Assert.Equal(2, jacobian[0].GetArrayLength());
        // d(W@x)/dW has three indices: no matrix notation, the numeric Jacobian is [3][3][2].
        Assert.Equal(JsonValueKind.Null, c.GetProperty("derivatives").GetProperty("W").ValueKind);
        Assert.Equal(2, c.GetProperty("numeric").GetProperty("W")[0][0].GetArrayLength());
        Assert.Equal("pass", c.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("--shape", "W=3y2", "not a shape")]
    [InlineData("--shape", "3x2", "expected NAME=SHAPE")]
    [InlineData("--at", "W=[[1, 2], [3]]", "element")]
    public void Bad_shapes_and_ragged_values_are_usage_errors(string option, string value, string fragment)
    {
        var r = CliProcess.Run(["grad", "sum(W)", option, value, "--no-autograd"]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.Contains(fragment, r.Error);
        Assert.Contains(option, r.Error);
    }

    [Theory]
    [InlineData("log(det(X))", "X=[[2, 1], [0, 3]]", "d/dX: inv(X)", "transpose")]
    [InlineData("trace(A@X)", "A=[[1, 2], [3, 4]], X=[[1, 0], [0, 1]]", "d/dX: A", "transpose")]
    [InlineData("sum((W@x - y)^2)", "W=[[1, 2], [3, 4], [5, 6]], x=[1, -1], y=[0, 1, 2]", "d/dx: 2*W@(W@x - y)", "W where W.T belongs")]
    public void Wrong_square_or_misshapen_claims_are_incorrect_not_a_crash(string f, string at, string claim, string hint)
    {
        var r = CliProcess.Run(["grad", f, "--at", at, "--no-autograd", "--claim", claim]);
        Assert.True(r.ExitCode == 1, Shown(r));
        Assert.Contains("INCORRECT", r.Out);
        Assert.Contains(hint, r.Out);
        Assert.DoesNotContain("Unhandled", r.Error);
    }

    [Theory]
    [InlineData("norm(x)", "x=[0, 0]")]
    [InlineData("sum(sqrt(x))", "x=[0, 1]")]
    public void A_derivative_without_a_finite_value_is_undefined_never_fail_or_pass(string f, string at)
    {
        var r = CliProcess.Run(["grad", f, "--at", at]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("UNDEFINED", r.Out);
    }

    [Fact]
    public void Unsupported_combinations_say_so_and_extra_values_get_a_note()
    {
        var f32 = CliProcess.Run(["grad", "sum(x*x)", "--shape", "x=3", "--dtype", "float32"]);
        Assert.True(f32.ExitCode == 2, Shown(f32));
        Assert.Contains("float64 only", f32.Error);
        var extra = CliProcess.Run(["grad", "sum(x*x)", "--at", "x=[1, 2], z=3", "--no-autograd"]);
        Assert.True(extra.ExitCode == 0, Shown(extra));
        Assert.Contains("'z' is not a variable of the function; its value is ignored", extra.Out);
    }

    [Fact]
    public void Second_derivatives_of_a_quadratic_form_in_matrix_notation_agree_with_autograd()
    {
        var r = CliProcess.Run(["grad", "0.5*x@A@x", "--at", "x=[1, -1], A=[[2, 1], [0, 3]]", "--order", "2"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("d2/dx2 = 0.5*(A + A.T)", r.Out);
        Assert.Contains("[[2, 0.5], [0.5, 3]]", r.Out);
        Assert.Contains("d2/dxdA: the second derivative by A, a matrix, has more than two indices", r.Out);
        Assert.Contains("PASS  symbolic and autograd agree", r.Out);
    }

    [Fact]
    public void Second_derivatives_mix_scalars_and_vectors_and_refuse_vector_functions()
    {
        var mixed = CliProcess.Run(["grad", "s*sum(tanh(W@x))", "--shape", "W=2x3, x=3, s=scalar", "--wrt", "x,s", "--order", "2", "--no-autograd"]);
        Assert.True(mixed.ExitCode == 0, Shown(mixed));
        Assert.Contains("d2/dx2 = ", mixed.Out);
        Assert.Contains("d2/dxds = ", mixed.Out);
        Assert.Contains("PASS", mixed.Out);
        var vector = CliProcess.Run(["grad", "W@x", "--shape", "W=2x3, x=3", "--order", "2"]);
        Assert.True(vector.ExitCode == 2, Shown(vector));
        Assert.Contains("second derivatives are for scalar functions", vector.Error);
    }

    [Fact]
    public void The_worst_entry_of_a_jacobian_by_a_matrix_indexes_the_nested_values()
    {
        var json = CliProcess.Run(["grad", "tanh(W@x)", "--shape", "W=3x2, x=2", "--wrt", "W", "--format", "json"]);
        Assert.True(json.ExitCode == 0, Shown(json));
        using var doc = JsonDocument.Parse(json.Out);
        var c = doc.RootElement.GetProperty("cases")[0];
        var worst = c.GetProperty("differences").GetProperty("W").GetProperty("worst").GetString()!;
        // d(tanh(W@x))/dW is [3][3][2]: three indices, each inside its dimension.
        var index = worst.Trim('[', ']').Split(", ").Select(int.Parse).ToArray();
        Assert.Equal(3, index.Length);
        Assert.True(index[0] < 3 && index[1] < 3 && index[2] < 2, worst);
        var text = CliProcess.Run(["grad", "tanh(W@x)", "--shape", "W=3x2, x=2", "--wrt", "W"]);
        Assert.True(text.ExitCode == 0, Shown(text));
        Assert.Contains("d/dW  (Jacobian, 3x3x2: f 3 by W 3x2)", text.Out);
        Assert.Contains($"at {worst}", text.Out);
        Assert.Contains("[[[", text.Out);
    }

    [Fact]
    public void Several_points_print_the_notation_once_and_a_verdict_per_point()
    {
        var r = CliProcess.Run(["grad", "sum(x^2)", "--at", "x=[1,2]; x=[3,4]", "--no-autograd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(r.Out, @"d/dx = 2\*x"));
        Assert.Contains("at x = [1, 2]", r.Out);
        Assert.Contains("at x = [3, 4]", r.Out);
        Assert.Contains("[6, 8]", r.Out);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(r.Out, "(?m)^PASS ").Count);
    }

    [Fact]
    public void Several_points_in_json_are_one_case_each()
    {
        var r = CliProcess.Run(["grad", "sum(x^2)", "--at", "x=[1,2]; x=[3,4]", "--no-autograd", "--format", "json"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        using var doc = JsonDocument.Parse(r.Out);
        var cases = doc.RootElement.GetProperty("cases");
        Assert.Equal(2, cases.GetArrayLength());
        Assert.Equal(3, cases[1].GetProperty("point").GetProperty("x")[0].GetDouble());
        Assert.Equal(8, cases[1].GetProperty("symbolic").GetProperty("x")[1].GetDouble());
        Assert.Equal(2, doc.RootElement.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("summary").GetProperty("pass").GetInt32());
    }

    [Fact]
    public void Several_points_judge_a_claim_once_and_exit_with_the_worst()
    {
        var r = CliProcess.Run(["grad", "sum(x^2)", "--at", "x=[1,2]; x=[3,4]", "--no-autograd", "--claim", "d/dx: 3*x"]);
        Assert.True(r.ExitCode == 1, Shown(r));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(r.Out, "INCORRECT"));
        var json = CliProcess.Run(["grad", "sum(x^2)", "--at", "x=[1,2]; x=[3,4]", "--no-autograd", "--claim", "d/dx: 3*x", "--format", "json"]);
        Assert.True(json.ExitCode == 1, Shown(json));
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("summary").GetProperty("fail").GetInt32());
    }

    [Fact]
    public void Several_points_of_different_shapes_are_refused_with_both_shapes()
    {
        var r = CliProcess.Run(["grad", "sum(x^2)", "--at", "x=[1,2]; x=[1,2,3]", "--no-autograd"]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.Contains("point 2 gives 'x' a vector of 3, point 1 a vector of 2", r.Error);
    }
}
