using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

/// <summary>The verdict logic without autograd: symbolic against finite differences, undefined points, kinks.</summary>
public class DerivativeCheckTests
{
    private static CaseResult At(string input, params (string, double)[] point)
    {
        var c = DerivativeCheck.Prepare(input, new CheckOptions());
        return DerivativeCheck.Run(c, [point.ToDictionary(p => p.Item1, p => p.Item2)], oracle: null)[0];
    }

    [Fact]
    public void Smooth_point_passes_against_finite_differences()
    {
        var r = At("sin(x^2)", ("x", 1));
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(1.0806046117362795, r.Derivatives[0].Symbolic!.Value, 15);
        Assert.Equal(1.0806046117362795, r.Derivatives[0].Numeric!.Value, 9);
    }

    [Fact]
    public void Undefined_function_names_the_subexpression()
    {
        var r = At("x + log(x - 2)", ("x", 1));
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains("log(x - 2)", r.Notes[0]);
    }

    [Fact]
    public void Infinite_derivative_is_undefined_with_a_note()
    {
        var r = At("sqrt(x)", ("x", 0));
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("Infinity"));
    }

    [Fact]
    public void A_pole_at_zero_is_undefined_not_an_overflow()
    {
        // csc(0) = 1/sin(0) is a pole; the doubles right after 0 are subnormal, where csc overflows as well, so the
        // pole test looked there and called it an overflow ("the function's value is still finite") and went on.
        var r = At("min(csc(x), 1)", ("x", 0));
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("csc(x) is +Infinity: csc has a pole"));
    }

    [Fact]
    public void An_undefined_part_is_reported_even_after_an_overflow_that_leaves_the_value_finite()
    {
        // Found by the verdict fuzz: the first operation without a value, exp(exp(9 + y^2)), overflows on the way to
        // tanh(...) = 1, so only the overflow was noted ("the function's value is still finite") and the case passed.
        var r = At("tanh(exp(exp(9 + y^2))) + csc(x)^0", ("x", 0), ("y", 0));
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("csc(x) is +Infinity: csc has a pole"));
    }

    [Fact]
    public void A_kink_gives_one_sided_derivatives_and_the_convention()
    {
        var r = At("abs(x)", ("x", 0));
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("from the left -1") && n.Contains("from the right 1") && n.Contains("abs'(0) = 0"));
    }

    [Fact]
    public void Missing_variable_is_an_error_naming_it()
    {
        var r = At("x*y", ("x", 1));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Contains("'y'", r.Error!.Message);
    }

    [Fact]
    public void Parse_error_keeps_column_and_caret()
    {
        var c = DerivativeCheck.Prepare("x + * 2", new CheckOptions());
        var r = DerivativeCheck.Describe(c);
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal(5, r.Error!.Column);
        Assert.Contains("^", r.Error.Rendered);
    }

    [Fact]
    public void Higher_order_numeric_values_come_from_the_lower_order_derivative()
    {
        var c = DerivativeCheck.Prepare("x^3*y", new CheckOptions { Order = 2 });
        var r = DerivativeCheck.Run(c, [new Dictionary<string, double> { ["x"] = 2, ["y"] = 3 }], null)[0];
        Assert.Equal(["x,x", "x,y", "y,x", "y,y"], r.Derivatives.Select(d => d.Key));
        Assert.Equal(36, r.Derivatives[0].Symbolic!.Value);
        Assert.Equal(36, r.Derivatives[0].Numeric!.Value, 6);
        Assert.Equal(CaseStatus.Pass, r.Status);
    }

    [Theory]
    [InlineData("sin(x^2)", "2*x*cos(x^2)", ClaimVerdict.Correct, null)]
    [InlineData("sin(x^2)", "cos(x^2)", ClaimVerdict.Incorrect, "chain rule")]
    [InlineData("x*sin(x)", "x*cos(x)", ClaimVerdict.Incorrect, "product-rule term")]
    [InlineData("x^3", "3*x^3", ClaimVerdict.Incorrect, "exponent off by one")]
    [InlineData("cos(x)", "sin(x)", ClaimVerdict.Incorrect, "opposite sign")]
    [InlineData("x^2 + 2*x + 1", "2*x+2", ClaimVerdict.Correct, null)]
    [InlineData("exp(3*x)", "6*exp(3*x)", ClaimVerdict.Incorrect, "2 times")]
    public void Claims_are_verified_with_hints(string function, string claim, ClaimVerdict verdict, string? hint)
    {
        var c = DerivativeCheck.Prepare(function, new CheckOptions());
        var (claims, error) = ClaimCheck.Parse(claim, c);
        Assert.Null(error);
        var result = ClaimCheck.Verify(c, claims[0]);
        Assert.Equal(verdict, result.Verdict);
        if (hint is null) Assert.Null(result.Hint);
        else Assert.Contains(hint, result.Hint);
        if (verdict == ClaimVerdict.Incorrect) Assert.NotNull(result.Counterexample);
    }

    [Fact]
    public void Named_claims_for_several_variables()
    {
        var c = DerivativeCheck.Prepare("x*y + sin(x)", new CheckOptions());
        var (claims, error) = ClaimCheck.Parse("d/dx: y + cos(x); d/dy: x", c);
        Assert.Null(error);
        Assert.All(claims, claim => Assert.Equal(ClaimVerdict.Correct, ClaimCheck.Verify(c, claim).Verdict));
        Assert.NotNull(ClaimCheck.Parse("y + cos(x)", c).Error); // which variable?
    }

    [Fact]
    public void A_wrt_variable_absent_from_the_function_has_derivative_zero_and_needs_no_value()
    {
        var c = DerivativeCheck.Prepare("x^2", new CheckOptions { Wrt = ["z"] });
        var r = DerivativeCheck.Run(c, [new Dictionary<string, double> { ["x"] = 1 }], null)[0];
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(0, r.Derivatives[0].Symbolic);
        Assert.Equal(0, r.Derivatives[0].Numeric);
    }
}
