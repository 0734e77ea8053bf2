using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Syntax;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Vector/matrix lines of .sdx files (issue 9): which '@' introduces the point, <c>shape:</c> directives, and
/// errors with their line and column. Checked without autograd (finite differences and claims alone).
/// </summary>
public class SdxTensorTests
{
    private static SdxCase Line(string text, int line = 1) =>
        SdxFile.ParseLine(text, line) ?? throw new Xunit.Sdk.XunitException($"'{text}' was skipped");

    [Theory]
    // The point follows the last '@' outside brackets that is followed by a binding, a number or a sign.
    [InlineData("sum((W@x - y)^2) @ W=[[1, 2], [3, 4]], x=[1, 2], y=[0, 1]", "sum((W@x - y)^2)", "W=[[1, 2], [3, 4]], x=[1, 2], y=[0, 1]")]
    [InlineData("x@A@x", "x@A@x", null)]
    [InlineData("x @ A @ x", "x @ A @ x", null)]
    [InlineData("x@A@x @ x=[1, 2], A=[[1, 0], [0, 1]]", "x@A@x", "x=[1, 2], A=[[1, 0], [0, 1]]")]
    [InlineData("W@x@ x = [1, 2]", "W@x", "x = [1, 2]")]
    [InlineData("A @ -x @ x=[1, 2]", "A @ -x", "x=[1, 2]")]
    [InlineData("x^2 @ 3", "x^2", "3")]
    [InlineData("x^2 @ -1; 0", "x^2", "-1; 0")]
    [InlineData("x^2 @ x=1; x=2", "x^2", "x=1; x=2")]
    [InlineData("sum(W@[1, 2])", "sum(W@[1, 2])", null)]
    public void The_point_is_after_the_last_at_that_is_followed_by_a_value(string text, string expression, string? points)
    {
        var c = Line(text);
        Assert.Null(c.Error);
        Assert.Equal(expression, c.Expression.Text);
        Assert.Equal(points, c.Points?.Text);
    }

    [Fact]
    public void A_matrix_product_in_a_claim_is_not_a_point()
    {
        var c = Line("sum(W@x) @ x=[1, 2] => d/dx: W.T@[1, 1, 1]");
        Assert.Null(c.Error);
        Assert.Equal("d/dx: W.T@[1, 1, 1]", c.Claim?.Text);
    }

    [Theory]
    [InlineData("x^2 @ 1 @ 2", 9, "SD1304")]
    [InlineData("x@A @ x=[1, 2] @ A", 16, "SD1304")]
    [InlineData("W@x @ 1 @ x=[1]", 9, "SD1304")]
    [InlineData("W@x => W @ x=[1, 2]", 10, "SD1302")]
    public void Two_points_are_still_an_error(string text, int column, string code)
    {
        var c = Line(text);
        Assert.NotNull(c.Error);
        Assert.Equal(column, c.Error!.Column);
        Assert.Equal(code, DiagnosticMessages.Id(c.Error.Code!.Value));
    }

    [Fact]
    public void A_shape_directive_applies_until_the_next_one_and_an_empty_one_clears_it()
    {
        var cases = SdxFile.Parse("""
            sum(x)
            shape: W=3x2, x=2
            W@x
            sum(W@x)  # still
            shape: x=4
            sum(x)
            shape:
            sum(x)
            """).ToList();
        Assert.Equal(5, cases.Count);
        Assert.Null(cases[0].Shapes);
        Assert.Equal("3x2", cases[1].Shapes!.Declared["W"].ToString());
        Assert.Equal(2, cases[2].Shapes!.Line);
        Assert.Equal("4", cases[3].Shapes!.Declared["x"].ToString());
        Assert.False(cases[3].Shapes!.Declared.ContainsKey("W"));
        Assert.Null(cases[4].Shapes);
    }

    [Fact]
    public void A_bad_shape_directive_is_an_error_on_its_line_with_a_caret_and_clears_the_shapes()
    {
        var cases = SdxFile.Parse("shape: W=3x2\n\nshape: W=3y2, x=2\nW@x").ToList();
        Assert.Equal(2, cases.Count);
        var error = cases[0].Error!;
        Assert.Equal(3, cases[0].Line);
        Assert.Equal(8, error.Column);
        Assert.Contains("'3y2' is not a shape", error.Message);
        var rendered = error.Rendered.Split('\n');
        Assert.StartsWith("3:8: error SD", rendered[0]);
        Assert.Equal("shape: W=3y2, x=2", rendered[1]);
        Assert.Equal("       ^^^^^", rendered[2]);
        Assert.Null(cases[1].Shapes);
    }

    private static IReadOnlyList<CaseResult> Check(string file) =>
        [.. SdxFile.Parse(file).SelectMany(c => SdxRunner.Check(c, new CheckOptions()))];

    [Fact]
    public void A_least_squares_gradient_with_a_correct_claim_passes_at_the_given_values()
    {
        var r = Assert.Single(Check("sum((W@x - y)^2) @ W=[[1, 2], [3, 4]], x=[1, 2], y=[0, 1] => d/dW: 2*outer(W@x - y, x)"));
        Assert.Equal(CaseStatus.Pass, r.Status);
        var t = r.Tensor!;
        Assert.Equal(["W", "x", "y"], t.Variables.ToArray());
        Assert.Equal("W 2x2, x 2, y 2", t.ShapesText);
        Assert.True(Assert.Single(t.Claims).Correct);
        var dW = t.Check.Derivatives.Single(d => d.Variable == "W");
        Assert.Equal([10.0, 20, 20, 40], dW.Symbolic!.Data); // 2*(W@x - y) x^T, W@x - y = [5, 10]
        Assert.Empty(t.Check.Point.Seeded);
    }

    [Fact]
    public void A_transposed_backprop_claim_fails_with_a_hint()
    {
        var r = Assert.Single(Check("shape: W=3x2, x=2\nsum(tanh(W@x)) => d/dW: outer(x, 1 - tanh(W@x)^2)"));
        Assert.Equal(CaseStatus.Fail, r.Status);
        var claim = Assert.Single(r.Tensor!.Claims);
        Assert.False(claim.Correct);
        Assert.Contains("transposed", claim.Hint);
        Assert.Equal(["W", "x"], r.Tensor.Check.Point.Seeded.ToArray());
    }

    [Fact]
    public void Several_points_give_one_result_each_and_a_value_overrides_a_declared_shape()
    {
        var results = Check("shape: W=3x2\nsum(W@x) @ x=[1, 2]; W=[[1, 2]], x=[3, 4]");
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(CaseStatus.Pass, r.Status));
        Assert.Equal("W 3x2, x 2", results[0].Tensor!.ShapesText);
        Assert.Equal("W 1x2, x 2", results[1].Tensor!.ShapesText);
    }

    [Theory]
    // 2:1: error SD1250: with W 3x2, x 3: W@x: W is 3x2 but x has 3 elements
    [InlineData("shape: W=3x2, x=3\nW@x", 1)]
    // 1:16: error: bad value
    [InlineData("sum(W@x) @ W=[[1, 2], [3]], x=[1, 2]", 14)]
    public void A_shape_error_is_the_lines_error_with_its_column(string file, int column)
    {
        var r = Assert.Single(Check(file));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Null(r.Tensor);
        Assert.Equal(column, r.Error!.Column);
    }

    [Fact]
    public void Scalar_lines_stay_scalar()
    {
        var results = Check("shape: W=3x2\nx^2 @ 3\nsin(x) @ x=1; x=2");
        Assert.Equal(3, results.Count);
        Assert.All(results, r => { Assert.Null(r.Tensor); Assert.Equal(CaseStatus.Pass, r.Status); });
    }

    [Fact]
    public void Command_line_shapes_are_the_weakest()
    {
        var options = new SdxTensorOptions { Shapes = TensorPoint.Read(null, "W=2x2, x=2", []).Point!.Shapes };
        var c = SdxFile.Parse("shape: W=3x2\nsum(W@x)").Single();
        var r = Assert.Single(SdxRunner.Check(c, new CheckOptions(), tensors: options));
        Assert.Equal("W 3x2, x 2", r.Tensor!.ShapesText);
    }

    [Theory]
    // A Jacobian's entries nest as f.shape + variable.shape: entry 17 of d(3-vector)/d(3x2) is [2, 2, 1].
    [InlineData(new[] { 3, 3, 2 }, 17, "[2, 2, 1]")]
    [InlineData(new[] { 3, 3, 2 }, 4, "[0, 2, 0]")]
    [InlineData(new[] { 2, 3 }, 4, "[1, 1]")]
    [InlineData(new int[0], 0, "")]
    public void Worst_entries_index_the_nested_values(int[] dims, int flat, string expected) =>
        Assert.Equal(expected, TensorCheck.IndexText(dims, flat));
}
