using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

/// <summary>
/// A function undefined wherever it is tried is reported without a point: proven "anywhere" only for a constant part
/// without a value, otherwise "at every sampled point", naming the subexpression at the first one. Functions defined
/// on small sets (one point, a half line, far from the origin) are not reported.
/// </summary>
public class SampledDomainTests
{
    private static CaseResult Describe(string input)
    {
        var c = DerivativeCheck.Prepare(input, new CheckOptions());
        Assert.Null(c.Error);
        return DerivativeCheck.Describe(c);
    }

    private static CaseResult At(string input, string point)
    {
        var c = DerivativeCheck.Prepare(input, new CheckOptions());
        var spec = PointSpec.Parse(point, c, "--at");
        Assert.Null(spec.Error);
        return DerivativeCheck.Run(c, spec.Points, oracle: null)[0];
    }

    [Theory]
    [InlineData("log(x,0)", "at x = 1: log(x,0) is NaN: log is not defined for the arguments 1, 0")]
    [InlineData("log(x,1)", "log(x,1)")]
    [InlineData("sqrt(-1-x^2)", "sqrt(-1-x^2) is NaN")]
    [InlineData("log(-exp(x))", "log(-exp(x)) is NaN")]
    [InlineData("asin(2+x^2)", "asin(2+x^2) is NaN")]
    [InlineData("sqrt(-x^2-y^2-1)", "sqrt(-x^2-y^2-1) is NaN")]
    public void A_function_undefined_at_every_sampled_point_is_undefined_without_a_point(string input, string named)
    {
        var r = Describe(input);
        Assert.Equal(CaseStatus.Undefined, r.Status);
        var note = Assert.Single(r.Notes, n => n.Contains("sampled points", StringComparison.Ordinal));
        Assert.Contains("undefined at every one of", note, StringComparison.Ordinal);
        Assert.Contains(named, note, StringComparison.Ordinal);
        // Sampling proves nothing about everywhere: only a constant part without a value does.
        Assert.DoesNotContain(r.Notes, n => n.Contains("anywhere", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sqrt(-x^2)")]        // defined at x = 0 only
    [InlineData("sqrt(-x^2-y^2)")]    // at the origin only
    [InlineData("log(x)")]            // half the line
    [InlineData("log(-x)")]
    [InlineData("sqrt(x-1000)")]      // far from the origin
    [InlineData("sqrt(-x-1000)")]
    [InlineData("x/x")]               // everywhere but one point
    [InlineData("acosh(x)")]
    public void A_function_defined_somewhere_is_not_reported(string input)
    {
        var r = Describe(input);
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Empty(r.Notes);
    }

    [Fact]
    public void A_constant_without_a_value_is_still_proven_undefined_anywhere()
    {
        var r = Describe("x + log(-1)");
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("not defined anywhere", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Notes, n => n.Contains("sampled", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("log(x,0)", "2")]
    [InlineData("sqrt(-1-x^2)", "0")]
    [InlineData("sqrt(-x^2-y^2-1)", "x=0, y=0")]
    public void At_a_point_the_sampled_note_comes_with_the_local_one(string input, string point)
    {
        var r = At(input, point);
        Assert.Equal(CaseStatus.Undefined, r.Status);
        Assert.Contains(r.Notes, n => n.Contains("not defined here", StringComparison.Ordinal));
        Assert.Contains(r.Notes, n => n.Contains("undefined at every one of", StringComparison.Ordinal));
    }

    [Fact]
    public void A_point_where_a_rarely_defined_function_is_defined_is_checked_as_usual()
    {
        var r = At("sqrt(-x^2) + x", "0");
        Assert.DoesNotContain(r.Notes, n => n.Contains("sampled", StringComparison.Ordinal));
    }

    [Fact]
    public void Rounding_alone_is_not_reported()
    {
        // 1 - sigmoid(40 + x^2) rounds to 0 in float64 everywhere sampled, but the function has values.
        var r = Describe("log(1 - sigmoid(40 + x^2))");
        Assert.NotEqual(CaseStatus.Undefined, r.Status);
    }
}
