using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

/// <summary>The usual mistakes of hand-written derivatives are named; a wrong claim no mistake explains gets no hint.</summary>
public class MistakeHintsTests
{
    private static ClaimResult Verify(string function, string claim)
    {
        var c = DerivativeCheck.Prepare(function, new CheckOptions());
        var (claims, error) = ClaimCheck.Parse(claim, c);
        Assert.Null(error);
        return ClaimCheck.Verify(c, claims[0]);
    }

    [Theory]
    [InlineData("sin(x^2)", "cos(x^2)", "without the inner factor 2*x of sin(x^2): chain rule?")]
    [InlineData("exp(3*x)", "exp(3*x)", "without the inner factor 3 of exp(3*x)")]
    [InlineData("(x^2 + 1)^3", "3*(x^2 + 1)^2", "without the inner factor 2*x of (x^2 + 1)^3")]
    [InlineData("x*sin(x)", "x*cos(x)", "product-rule term that differentiates sin(x) in x*sin(x)")]
    [InlineData("x^2*exp(x)", "2*x*exp(x)", "product-rule term that differentiates x^2 in x^2*exp(x)")]
    [InlineData("sin(x)/x", "cos(x)/x", "differentiates the numerator sin(x) of sin(x)/x: the quotient rule differentiates the denominator x too")]
    [InlineData("sin(x)/x", "-sin(x)/x^2", "differentiates the denominator x of sin(x)/x: the quotient rule differentiates the numerator sin(x) too")]
    [InlineData("sin(x)/x", "(x*cos(x) - sin(x))/x", "quotient rule divided by x instead of x^2")]
    [InlineData("sin(x)/x", "(sin(x) - x*cos(x))/x^2", "opposite sign: sign error?")]
    [InlineData("1/x", "1/x^2", "opposite sign")]
    [InlineData("x^3", "3*x^3", "exponent off by one")]
    [InlineData("x^3", "x^2", "without the factor 3 that the power rule brings down")]
    [InlineData("sqrt(x)", "1/sqrt(x)", "without the factor 1/2")]
    [InlineData("exp(3*x)", "6*exp(3*x)", "2 times the derivative")]
    public void Usual_mistakes_are_named(string function, string claim, string hint)
    {
        var r = Verify(function, claim);
        Assert.Equal(ClaimVerdict.Incorrect, r.Verdict);
        Assert.Contains(hint, r.Hint);
    }

    [Theory]
    [InlineData("tanh(x)", "1 - tanh(x)")]
    [InlineData("x*y + sin(x)", "d/dx: y")]
    public void A_mistake_nothing_explains_gets_no_hint(string function, string claim)
    {
        var r = Verify(function, claim);
        Assert.Equal(ClaimVerdict.Incorrect, r.Verdict);
        Assert.Null(r.Hint);
        Assert.NotNull(r.Counterexample);
    }

    [Fact]
    public void A_correct_quotient_rule_claim_has_no_hint()
    {
        var r = Verify("sin(x)/x", "(x*cos(x) - sin(x))/x^2");
        Assert.Equal(ClaimVerdict.Correct, r.Verdict);
        Assert.Null(r.Hint);
    }

    [Fact]
    public void Other_claims_of_a_line_are_described_with_counterexample_and_hint()
    {
        var text = ClaimCheck.Describe(Verify("sin(x^2)", "cos(x^2)"));
        Assert.StartsWith("claim df/dx = cos(x^2): incorrect: at x = 1 the claim gives ", text);
        Assert.Contains("; hint: matches the derivative without the inner factor", text);
    }
}
