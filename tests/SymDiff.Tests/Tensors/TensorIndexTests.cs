using SymDiff.Syntax;
using SymDiff.Tensors;
using Xunit;
using static SymDiff.Syntax.DiagnosticCode;

namespace SymDiff.Tests.Tensors;

/// <summary>
/// Review 9 #3: indexing x[i], X[i], X[i, j] (0-based, negative from the end, as PyTorch), its gradients (the adjoint
/// of an entry scatters into zeros), and the errors of indexing and of two tensors written side by side.
/// </summary>
public class TensorIndexTests
{
    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["x"] = Shape.Vector(3), ["y"] = Shape.Vector(3), ["X"] = Shape.Matrix(2, 3), ["W"] = Shape.Matrix(3, 2),
        ["z"] = Shape.Vector(2), ["s"] = Shape.Scalar,
    };

    private static MatrixFunction Parse(string text)
    {
        var r = MatrixFunction.Parse(text, Shapes);
        Assert.True(r.Value is not null, r.Render());
        return r.Value!;
    }

    [Theory]
    [InlineData("x[1]", "x", "[0, 1, 0]")]
    [InlineData("x[-1]", "x", "[0, 0, 1]")]
    [InlineData("x[0] + x[1]", "x", "[1, 1, 0]")]
    [InlineData("x[-1]^2 + x[0]*x[1]", "x", "[x[1], x[0], 2*x[2]]")]
    [InlineData("X[0]@y", "X", "[y, [0, 0, 0]]")]
    [InlineData("X[0]@y", "y", "X[0]")]
    [InlineData("X[1, 2]", "X", "[[0, 0, 0], [0, 0, 1]]")]
    [InlineData("sum(X[1]*y) + X[0, 2]", "X", "[[0, 0, 1], y]")]
    [InlineData("[s, 2*s][1]", "s", "2")]
    public void Gradients_scatter_into_zeros(string text, string variable, string expected) =>
        Assert.Equal(expected, Parse(text).Gradient(variable).ToString());

    [Theory]
    [InlineData("x[1]", "x[1]")]
    [InlineData("X[0, 1] + X[-1][-1]", "X[0, 1] + X[1, 2]")]
    public void Indexing_prints_as_written_with_negative_indices_resolved(string text, string printed) =>
        Assert.Equal(printed, Parse(text).ToString());

    [Fact]
    public void Values_are_PyTorch_s()
    {
        var f = Parse("X[1, 0] + 10*x[-1] + 100*X[0]@x");
        var values = new Dictionary<string, TensorValue>
        {
            ["X"] = new(Shape.Matrix(2, 3), [1, 2, 3, 4, 5, 6]), ["x"] = new(Shape.Vector(3), [1, 0, 2]),
        };
        Assert.Equal(4 + 10 * 2 + 100 * (1 + 6), f.Evaluate(values).Data[0]);
    }

    [Theory]
    // 1:3: error SD1260: x[3]: index 3 is out of range: x has 3 elements, so an index is 0 to 2 (or -3 to -1 from the end)
    [InlineData("x[3]", IndexOutOfRange, 3, 1, "x[3]: index 3 is out of range: x has 3 elements, so an index is 0 to 2 (or -3 to -1 from the end)")]
    [InlineData("x[-4]", IndexOutOfRange, 3, 2, "x[-4]: index -4 is out of range: x has 3 elements, so an index is 0 to 2 (or -3 to -1 from the end)")]
    [InlineData("X[2]", IndexOutOfRange, 3, 1, "X[2]: index 2 is out of range: X is 2x3 (2 rows), so an index is 0 to 1 (or -2 to -1 from the end)")]
    [InlineData("X[0, 3]", IndexOutOfRange, 6, 1, "X[0, 3]: index 3 is out of range: X is 2x3 (3 columns), so an index is 0 to 2 (or -3 to -1 from the end)")]
    [InlineData("x[0, 1]", TooManyIndices, 1, 7, "x[0, 1]: x has 3 elements, so it takes 1 index")]
    [InlineData("s[0]", TooManyIndices, 1, 4, "s[0]: s is a scalar, so it takes no index")]
    [InlineData("X[0, 1, 2]", TooManyIndices, 1, 10, "X[0, 1, 2]: X is 2x3, so it takes at most 2 indices")]
    [InlineData("x[s]", IndexNotInteger, 3, 1, "x[s]: an index is an integer written as a number (0, 1, -1), not s")]
    [InlineData("x[0.5]", IndexNotInteger, 3, 3, "x[0.5]: an index is an integer written as a number (0, 1, -1), not 0.5")]
    // 1:5: error SD1264: W z: two vectors/matrices side by side: write W@z for the matrix product or W*z for elementwise
    [InlineData("sum(W z)", JuxtaposedTensors, 5, 3, "W z: two vectors/matrices side by side: write W@z for the matrix product or W*z for elementwise")]
    [InlineData("sum((W)(z))", JuxtaposedTensors, 5, 6, "(W)(z): two vectors/matrices side by side: write (W)@(z) for the matrix product or (W)*(z) for elementwise")]
    public void Index_and_juxtaposition_errors_have_a_code_and_a_caret(string text, DiagnosticCode code, int column, int length, string message)
    {
        var r = MatrixFunction.Parse(text, Shapes);
        Assert.Null(r.Value);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal((code, column, length, message), (d.Code, d.Column, d.Span.Length, d.Message));
    }

    [Theory]
    [InlineData("sum(2 x)")]
    [InlineData("sum(2x) + s x[0]")]
    [InlineData("sum(x s)")]
    [InlineData("sum(W*z) + sum(2(W@z))")]
    public void A_scalar_side_by_side_still_multiplies(string text) => Parse(text);

    // Review 9 #20: mean, softmax, log_softmax and logsumexp take PyTorch's dimension argument, as sum does.
    [Fact]
    public void Functions_along_a_dimension_have_PyTorch_s_values()
    {
        var m = new TensorValue(Shape.Matrix(2, 3), [1, 2, 3, 4, 6, 8]);
        TensorValue At(string text) => Parse(text).Evaluate(new Dictionary<string, TensorValue> { ["X"] = m });
        Assert.Equal([2.5, 4, 5.5], At("mean(X, 0)").Data);
        Assert.Equal([2, 6], At("mean(X, 1)").Data);
        Assert.Equal([2, 6], At("mean(X, -1)").Data);
        var columns = At("softmax(X, 0)");
        Assert.Equal(Shape.Matrix(2, 3), columns.Shape);
        for (var j = 0; j < 3; j++) Assert.Equal(1, columns.Data[j] + columns.Data[3 + j], 12);
        Assert.Equal(Math.Exp(1) / (Math.Exp(1) + Math.Exp(4)), columns.Data[0], 14);
        Assert.Equal(At("softmax(X)").Data, At("softmax(X, 1)").Data);
        Assert.Equal(Math.Log(Math.Exp(2) + Math.Exp(6)), At("logsumexp(X, 0)").Data[1], 14);
        Assert.Equal(Math.Log(columns.Data[4]), At("log_softmax(X, 0)").Data[4], 14);
    }

    [Theory]
    [InlineData("mean(X, 2)", "mean(X, 2): the dimension of mean must be the number 0, 1 or -1, not 2")]
    [InlineData("softmax(x, 1)", "softmax(x, 1): softmax(x, 1) needs a dimension of x: x is a vector of 3, so dim is 0 or -1")]
    [InlineData("mean(s, 0)", "mean(s, 0): mean(x, 0) needs a dimension of x: x is a scalar, so dim is not allowed")]
    public void A_dimension_out_of_range_is_an_error(string text, string message)
    {
        var r = MatrixFunction.Parse(text, Shapes);
        Assert.Equal(message, Assert.Single(r.Diagnostics).Message);
    }

    // The Hessian of an indexed function: the gradient is a list with a constant entry, whose Jacobian row is zeros.
    [Fact]
    public void The_jacobian_of_a_list_with_a_constant_entry_has_a_row_of_zeros()
    {
        var f = Parse("[x[0]^2*x[1], 3, x[2]]");
        Assert.True(f.TryJacobian("x", out var j, out var why), why);
        Assert.Equal("[[2*x[1]*x[0], x[0]^2, 0], [0, 0, 0], [0, 0, 1]]", j!.ToString());
    }
}
