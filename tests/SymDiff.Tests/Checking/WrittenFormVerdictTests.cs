using SymDiff.Checking;
using SymDiff.Tests.Torch;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Issue 8: the function as written decides values and domains. Each case is one a new user ran into: the canonical
/// form (x/x -> 1) used to hide an undefined point, a constant was folded into a value it does not have, or a correct
/// symbolic value was failed because autograd follows PyTorch's approximation or loses digits in the written form.
/// </summary>
[Trait("Category", "Torch")]
public class WrittenFormVerdictTests
{
    private static CaseResult At(string input, string point, int order = 1)
    {
        var c = DerivativeCheck.Prepare(input, new CheckOptions { Order = order });
        Assert.Null(c.Error);
        var spec = PointSpec.Parse(point, c, "--at");
        Assert.Null(spec.Error);
        using var oracle = TorchAssert.Oracle();
        return DerivativeCheck.Run(c, spec.Points, oracle)[0];
    }

    [Theory]
    [InlineData("x/x", "0", "x/x is 0/0")]
    [InlineData("x^2/x", "0", "x^2/x is 0/0")]
    [InlineData("1/(1/x)", "0", "1/x divides by zero")]
    [InlineData("sqrt(x)^2", "-1", "sqrt(x) is NaN")]
    [InlineData("sqrt(x)*sqrt(x)", "-1", "sqrt(x) is NaN")]
    [InlineData("0*log(x)", "-1", "log(x) is NaN")]
    [InlineData("x*y/y", "x=1, y=0", "x*y/y is 0/0")]
    [InlineData("log(x)-log(x)+y", "x=-1, y=2", "log(x) is NaN")]
    [InlineData("asin(x)-asin(x)", "2", "asin(x) is NaN")]
    [InlineData("0/0 + x", "1", "0/0 is 0/0")]
    public void Issue_8_a_domain_extending_rewrite_never_passes(string input, string point, string named)
    {
        var r = At(input, point);
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_8_the_note_says_when_the_simplified_form_would_extend_the_domain()
    {
        var r = At("x/x", "0");
        Assert.Contains(r.Notes, n => n.Contains("simplified form 1 is defined here", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1/0", "divides by zero")]
    [InlineData("log(-1)", "log is not defined for the argument -1")]
    [InlineData("sqrt(-4)", "sqrt is not defined")]
    [InlineData("asin(2)", "asin is not defined")]
    [InlineData("0/0", "0/0 is 0/0")]
    [InlineData("log(1, 1)", "log(1, 1)")]
    [InlineData("(-8)^(1/3)", "negative number to a non-integer power")]
    [InlineData("x + atan(1/0)", "1/0 divides by zero")]
    public void Issue_8_a_constant_without_a_value_is_undefined_everywhere(string input, string named)
    {
        var c = DerivativeCheck.Prepare(input, new CheckOptions());
        var r = DerivativeCheck.Describe(c);
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("not defined anywhere", StringComparison.Ordinal) && n.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_8_a_negative_base_to_a_fraction_follows_PyTorch_everywhere()
    {
        var r = At("x^(1/3)", "-8");
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("non-integer power", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("softplus(x)", "20.5", 1)]
    [InlineData("softplus(x)", "25", 1)] // autograd within tolerance of sigmoid(25): the note is still due (a new user)
    [InlineData("softplus(x)", "21", 2)]
    [InlineData("softplus(x)", "27", 2)]
    public void Issue_8_softplus_threshold_passes_with_a_note(string input, string point, int order)
    {
        var r = At(input, point, order);
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("threshold 20", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_8_cancellation_in_the_written_form_is_decided_by_the_reference()
    {
        var r = At("x*(cosh(y)^2 - sinh(y)^2)", "x=1, y=12");
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(1, r.Derivatives[0].Symbolic);
        Assert.Contains(r.Notes, n => n.Contains("31-digit", StringComparison.Ordinal) && n.Contains("digits here", StringComparison.Ordinal));
        // Two derivatives: every note about one of them says which ("df/dx: ..."), this one too.
        Assert.All(r.Notes.Where(n => n.Contains("31-digit", StringComparison.Ordinal)),
            n => Assert.Matches("^df/d[xy]: ", n));
    }

    [Theory]
    [InlineData("x^relu(y)", "x=-2, y=-1")]
    [InlineData("0^x", "1")]
    public void Issue_8_a_factor_that_is_exactly_zero_gives_the_right_limit(string input, string point)
    {
        var r = At(input, point);
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.All(r.Derivatives, d => Assert.Equal(d.Autograd, d.Symbolic));
        Assert.All(r.Derivatives, d => Assert.True(double.IsFinite(d.Symbolic!.Value)));
    }

    [Fact]
    public void Issue_8_overflow_is_called_overflow()
    {
        var r = At("exp(x)", "710");
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("overflows float64", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Notes, n => n.Contains("not defined", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_8_autograd_sees_the_written_form()
    {
        // Canonically 1 with derivative 0; as written, autograd's x/x at 0 is NaN: the oracle must not see the rewrite.
        var r = At("x/x", "0");
        Assert.True(double.IsNaN(r.Derivatives[0].Autograd!.Value));
    }

    [Fact]
    public void Issue_8_relu_at_its_kink_never_prints_minus_zero()
    {
        var r = At("relu(x)", "0");
        Assert.All(r.Derivatives, d => Assert.False(double.IsNegative(d.Symbolic!.Value)));
    }

    [Fact]
    public void Issue_8_log_base_zero_has_no_value()
    {
        var r = At("log(x, 0)", "2");
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("log is not defined", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_8_a_kink_no_variable_moves_gets_no_note()
    {
        // 0^x: pow's kink is placed by the base, the constant 0; along x the function is smooth at 1.
        var r = At("0^x", "1");
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.DoesNotContain(r.Notes, n => n.Contains("kink", StringComparison.Ordinal) || n.Contains("domain", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_8_pi_written_as_a_call_is_the_constant()
    {
        var r = At("pi()*x", "1");
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(Math.PI, r.Derivatives[0].Symbolic!.Value, 15);
    }

    [Theory]
    [InlineData("sigmoid(x)", "exp(-x)/(1+exp(-x))^2")]
    [InlineData("tanh(x)", "1/cosh(x)^2")]
    [InlineData("exp(a)/(exp(a)+exp(b))", "d/da: exp(a)*exp(b)/(exp(a)+exp(b))^2")]
    public void Issue_8_textbook_claims_that_cancel_at_large_arguments_are_correct(string input, string claim)
    {
        var c = DerivativeCheck.Prepare(input, new CheckOptions());
        var (claims, error) = ClaimCheck.Parse(claim, c);
        Assert.Null(error);
        Assert.Equal(ClaimVerdict.Correct, ClaimCheck.Verify(c, claims[0]).Verdict);
    }

    [Fact]
    public void Issue_8_float64_rounding_is_not_a_domain_error()
    {
        var r = At("-y*log(sigmoid(z)) - (1-y)*log(1-sigmoid(z))", "y=1, z=40");
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("only because float64 rounds", StringComparison.Ordinal) && n.Contains("is -40", StringComparison.Ordinal));
    }

    [Theory]
    // d/dxdy is no longer read as a variable named "xdy": it is a mixed derivative written with the wrong order
    // (SecondOrderClaimTests.Order_2_errors_name_the_second_order_form).
    [InlineData("d/dz: 1")]
    [InlineData("d2/dxdz: 1")]
    public void Issue_8_a_claim_by_a_variable_f_is_not_differentiated_by_is_bad_input(string claim)
    {
        var c = DerivativeCheck.Prepare("x^2*y", new CheckOptions { Order = 2 });
        var (_, error) = ClaimCheck.Parse(claim, c);
        Assert.NotNull(error);
        Assert.Contains("is not a variable the function is differentiated by", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_of_a_square_at_0_is_a_kink_not_an_end_of_the_domain()
    {
        // x/sqrt(x^2) is 0/0 at 0: no strong zero may turn it into a made-up 0.
        var r = At("sqrt(x^2)", "0");
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.True(double.IsNaN(r.Derivatives[0].Symbolic!.Value));
        Assert.Contains(r.Notes, n => n.Contains("sqrt(x^2) has a kink", StringComparison.Ordinal) && n.Contains("d/dx from the left -1, from the right 1", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Notes, n => n.Contains("end of its domain,", StringComparison.Ordinal));
    }

    [Fact]
    public void A_root_of_a_fourth_power_at_0_is_differentiable_and_autograds_NaN_is_explained()
    {
        // sqrt(x^4) = x^2: both exact one-sided derivatives are 0, so f'(0) = 0 although 2*x^3/sqrt(x^4) is 0/0 there
        // and autograd's chain rule multiplies sqrt'(0) = inf by 0.
        var r = At("sqrt(x^4)", "0");
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(0, r.Derivatives[0].Symbolic);
        Assert.True(double.IsNaN(r.Derivatives[0].Autograd!.Value));
        Assert.Contains(r.Notes, n => n.Contains("both one-sided derivatives are 0", StringComparison.Ordinal));
        Assert.Contains(r.Notes, n => n.Contains("autograd", StringComparison.Ordinal) && n.Contains("NaN", StringComparison.Ordinal));
    }

    [Fact]
    public void Sqrt_at_0_keeps_its_end_of_domain_note()
    {
        var r = At("sqrt(x)", "0");
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("sqrt(x) is at the end of its domain", StringComparison.Ordinal) && n.Contains("from the right +Infinity", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sqrt(x)^2", "0", "on the left", "sqrt(x) is NaN")]
    [InlineData("sqrt(x)*sqrt(x)", "0", "on the left", "sqrt(x) is NaN")]
    [InlineData("(-2)^x", "1", "on either side", "non-integer power")]
    [InlineData("x^y", "x=-8, y=1", "on either side", "non-integer power")]
    public void A_point_at_the_edge_of_the_written_domain_has_no_two_sided_derivative(string input, string point, string side, string named)
    {
        // The canonical form (x for sqrt(x)^2) has no kink here; the function as written is not defined beside the point.
        var r = At(input, point);
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains(side, StringComparison.Ordinal) && n.Contains(named, StringComparison.Ordinal));
    }
}
