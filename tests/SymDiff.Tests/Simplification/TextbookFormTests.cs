using SymDiff.Checking;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Simplification;

/// <summary>Issue 11, point 3: loss gradients and Hessians in the form a textbook writes them.</summary>
public class TextbookFormTests
{
    private const string BinaryCrossEntropy = "-(y*log(sigmoid(w*x + b)) + (1 - y)*log(1 - sigmoid(w*x + b)))";
    private const string SoftmaxCrossEntropy = "-log(exp(a)/(exp(a) + exp(b)))";
    private const string SigmoidSquaredError = "(sigmoid(w*x + b) - y)^2";
    private const string S = "sigmoid(w*x + b)";

    // Through the pipeline grad and check use: differentiate, then simplify every derivative in one run.
    private static string[] Derivatives(string input, string wrt, int order = 1, bool intern = true)
    {
        var c = DerivativeCheck.Prepare(input, new CheckOptions { Wrt = wrt.Split(','), Order = order });
        Assert.Null(c.Error);
        return [.. c.Derivatives.Select(d => d.Value.ToString())];
    }

    [Fact]
    public void Binary_cross_entropy_gradient_is_the_prediction_minus_the_label()
    {
        Assert.Equal([$"x*({S} - y)", $"{S} - y"], Derivatives(BinaryCrossEntropy, "w,b"));
    }

    [Fact]
    public void Binary_cross_entropy_hessian_is_s_times_one_minus_s()
    {
        Assert.Equal(
            [$"x^2*{S}*(1 - {S})", $"x*{S}*(1 - {S})", $"x*{S}*(1 - {S})", $"{S}*(1 - {S})"],
            Derivatives(BinaryCrossEntropy, "w,b", order: 2));
    }

    // d/da of -log(softmax_a) is softmax_a - 1 = -exp(b)/(exp(a) + exp(b)); d/db is softmax_b.
    [Fact]
    public void Two_class_softmax_cross_entropy_gradient_is_one_fraction_each()
    {
        Assert.Equal(["-exp(b)/(exp(a) + exp(b))", "exp(b)/(exp(a) + exp(b))"], Derivatives(SoftmaxCrossEntropy, "a,b"));
    }

    [Fact]
    public void Two_class_softmax_cross_entropy_hessian_entries_read_alike()
    {
        Assert.Equal(
            ["exp(a + b)/(exp(a) + exp(b))^2", "-exp(a + b)/(exp(a) + exp(b))^2", "-exp(a + b)/(exp(a) + exp(b))^2", "exp(a + b)/(exp(a) + exp(b))^2"],
            Derivatives(SoftmaxCrossEntropy, "a,b", order: 2));
    }

    [Fact]
    public void Sigmoid_squared_error_gradient_and_hessian()
    {
        Assert.Equal([$"2*x*{S}*({S} - y)*(1 - {S})", $"2*{S}*({S} - y)*(1 - {S})"], Derivatives(SigmoidSquaredError, "w,b"));
        // Not multiplied out into 2*y*s - 3*s^2 + ...: that form cancels in floating point where s is near 1.
        var inner = $"{S}*(y - 2*{S} + 1) + ({S} - y)*(1 - {S})";
        Assert.Equal(
            [$"2*x^2*{S}*(1 - {S})*({inner})", $"2*x*{S}*(1 - {S})*({inner})", $"2*x*{S}*(1 - {S})*({inner})", $"2*{S}*(1 - {S})*({inner})"],
            Derivatives(SigmoidSquaredError, "w,b", order: 2));
    }

    [Theory]
    // expanded and collected
    [InlineData("x*s*(1 - y) - x*y*(1 - s)", "x*(s - y)")]
    [InlineData("(x + 1)^2 - x^2", "2*x + 1")]
    // factored, with the numbers the terms share
    [InlineData("x*s - x*y", "x*(s - y)")]
    [InlineData("4*x^2*s - 6*x^2*y", "2*x^2*(2*s - 3*y)")]
    [InlineData("-x^2*s - x*y", "-x*(s*x + y)")]
    // over a common denominator, cancelled
    [InlineData("1 - exp(a)/(exp(a) + exp(b))", "exp(b)/(exp(a) + exp(b))")]
    [InlineData("1/(x - 1) - (x + 1)/(x - 1)^2", "-2/(x - 1)^2")]
    public void Each_candidate_form(string input, string expected)
    {
        var f = new ExprFactory();
        var result = Simplifier.Simplify(Parse.Expr(input, f), f);
        Assert.Equal(expected, result.Value.ToString());
        Assert.True(result.RuleCounts.GetValueOrDefault("textbook-form") >= 1);
    }

    [Theory]
    [InlineData("x + y")]
    [InlineData("x*y + 1")]
    [InlineData("sin(x)*(x + 1) + cos(x)")]
    public void A_sum_already_smallest_stays(string input)
    {
        var f = new ExprFactory();
        var e = Parse.Expr(input, f);
        Assert.Equal(e.ToString(), Simplifier.Simplify(e, f).Value.ToString());
    }

    [Fact]
    public void Big_sums_are_left_to_the_other_rules()
    {
        var f = new ExprFactory();
        var sum = (Add)Parse.Expr(string.Join(" + ", Enumerable.Range(1, TextbookForms.MaxTerms + 1).Select(i => $"x*y{i}")), f);
        Assert.Null(TextbookForms.Smallest(sum, f));
    }

    [Fact]
    public void Expansion_stops_at_its_bound()
    {
        var f = new ExprFactory();
        var wide = (Add)Parse.Expr("(a + b + c + d)*(r + g + h + k)*(m + n + p + q) + 1", f);
        Assert.Null(TextbookForms.Expand(wide, f));
    }
}
