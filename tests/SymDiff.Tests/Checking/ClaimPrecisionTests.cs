using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

/// <summary>
/// A claim is called equal only as far as the comparison resolves: a symbolic zero difference is "equal
/// symbolically"; a nonzero constant difference is incorrect however small; otherwise the verdict names the digits
/// the double-double comparison checked ("equal to 28 digits at 80 sampled points"), never "exactly".
/// </summary>
public class ClaimPrecisionTests
{
    private static ClaimResult Judge(string function, string claim, int order = 1)
    {
        var c = DerivativeCheck.Prepare(function, new CheckOptions { Order = order });
        var (claims, error) = ClaimCheck.Parse(claim, c);
        Assert.Null(error);
        return ClaimCheck.Verify(c, claims[0]);
    }

    [Theory]
    // A new user's report: both printed "CORRECT  equal, exactly, at 80 sampled points".
    [InlineData("x^2", "2*x+1e-20*x^3", "a tiny extra term? (the claim minus the derivative simplifies to x^3/100000000000000000000)")]
    [InlineData("exp(x)", "exp(x)+1e-300", "the claim minus the derivative is a constant of about 1e-300, not 0")]
    [InlineData("x^2", "2*x - 1/2^90", "a constant of about -8.07794e-28")]
    public void A_tiny_extra_term_is_incorrect_and_named(string function, string claim, string difference)
    {
        var r = Judge(function, claim);
        Assert.Equal(ClaimVerdict.Incorrect, r.Verdict);
        var text = ClaimCheck.Describe(r);
        Assert.Contains(difference, text, StringComparison.Ordinal);
        Assert.DoesNotContain("exactly", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_equal_in_double_precision_are_shown_to_the_digits_that_differ()
    {
        // "at x = 1 the claim gives 2, the derivative is 2" showed no difference: both round to the double 2.
        var r = Judge("x^2", "2*x+1e-20*x^3");
        Assert.Equal(r.ClaimedValue, r.TrueValue);
        Assert.EndsWith("; there the claim is 2.00000000000000000001 and the derivative 2 (equal in double precision)", r.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_that_differ_in_double_precision_are_not_repeated()
    {
        var r = Judge("x^2", "2.000000001*x");
        Assert.NotEqual(r.ClaimedValue, r.TrueValue);
        Assert.DoesNotContain("equal in double precision", r.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rounded_coefficient_keeps_its_hint()
    {
        var r = Judge("x^2", "2.000000001*x");
        Assert.Equal(ClaimVerdict.Incorrect, r.Verdict);
        Assert.Contains("agrees with the derivative to about 9 digits but not to all 28 compared", r.Hint);
        Assert.Contains("a rounded coefficient?", r.Hint);
        Assert.NotNull(r.Counterexample);
    }

    [Theory]
    [InlineData("sin(x)^2", "sin(2*x)")]
    [InlineData("x/2 - sin(2*x)/4", "sin(x)^2")]
    [InlineData("sin(x)^3/3", "(1-cos(2*x))/2*cos(x)")]
    [InlineData("log(1+exp(x))", "1/(1+exp(-x))")]
    [InlineData("1/(1+exp(-x))", "(1/(1+exp(-x)))*(1-1/(1+exp(-x)))")]
    [InlineData("1/(1+exp(-x))", "exp(x)/(1+exp(x))^2")]
    [InlineData("cosh(x)^2", "sinh(2*x)")]
    [InlineData("tan(x)", "1 + tan(x)^2")]
    [InlineData("sqrt(x^2+1)", "x/sqrt(x^2+1)")]
    [InlineData("tanh(x)", "1/cosh(x)^2")]
    [InlineData("tanh(x)", "4/(exp(x)+exp(-x))^2")]
    [InlineData("asinh(x)", "1/sqrt(1+x^2)")]
    [InlineData("x^x", "exp(x*log(x))*(log(x)+1)")]
    [InlineData("log(cosh(x))", "(exp(2*x)-1)/(exp(2*x)+1)")]
    [InlineData("atan(x/(1+sqrt(1+x^2)))", "1/(2*(1+x^2))")]
    public void Right_claims_computed_differently_pass_with_the_digits_checked(string function, string claim)
    {
        var r = Judge(function, claim);
        Assert.True(r.Verdict == ClaimVerdict.Correct, ClaimCheck.Describe(r));
        if (r.Reason != "equal symbolically")
            Assert.Matches(@"^equal to (2[0-9]|3[01]) digits at \d+ sampled points$", r.Reason);
    }

    [Fact]
    public void A_claim_equal_only_numerically_never_says_exactly()
    {
        var r = Judge("sin(x)^2", "sin(2*x)");
        Assert.DoesNotContain("exactly", r.Reason, StringComparison.Ordinal);
    }
}
