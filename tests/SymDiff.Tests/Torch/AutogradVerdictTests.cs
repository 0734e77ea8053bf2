using SymDiff.Checking;

namespace SymDiff.Tests.Torch;

/// <summary>Verdicts with real autograd on the written form, where autograd's value alone would mislead.</summary>
[Trait("Category", "Torch")]
[Collection("Torch")]
public class AutogradVerdictTests
{
    private static CaseResult At(string input, int order, params (string, double)[] point)
    {
        using var oracle = TorchAssert.Oracle();
        var c = DerivativeCheck.Prepare(input, new CheckOptions { Order = order });
        return DerivativeCheck.Run(c, [point.ToDictionary(p => p.Item1, p => p.Item2)], oracle)[0];
    }

    // Found by the verdict fuzz (Fuzz/VerdictFuzzTests): an inner derivative of the written form is exactly 0 where an
    // outer partial has no value, so autograd's chain rule says NaN (asin'(1) * 0, log(x < 0) * relu'(y < 0),
    // log(0) * 0), though the function is smooth there and the symbolic derivative is right. Was a false FAIL.
    [Theory]
    [InlineData("asin(exp(x)/exp(x))", 1, "x", -1.0, null, 0.0)]    // asin(1) as written: the derivative is 0
    [InlineData("(x^(x-x - 1))^3", 1, "x", -2.0, null, 0.0)]        // x^-3 at x < 0: log(x) * d(x-x-1)/dx
    [InlineData("0^(x - x)", 2, "x", 0.5, null, 0.0)]               // 1 as written
    [InlineData("asin(x^relu(x) * y)", 2, "x", -2.0, "y", 0.2)]      // x^0 at x < 0
    [InlineData("(erf(y) * (10 / y)^3)*expm1(y**(exp(y) / exp(y)))", 1, "y", -0.05825012971565602, null, 0.0)] // a pole 0.058 away
    public void Autograd_NaN_from_a_zero_inner_derivative_is_not_a_fail(string input, int order, string v, double at,
        string? w, double other)
    {
        var r = w is null ? At(input, order, (v, at)) : At(input, order, (v, at), (w, other));
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Contains(r.Derivatives, d => d.Autograd is { } a && double.IsNaN(a));
        // The 31-digit reference decides where it can; finite differences of the written form otherwise.
        Assert.Contains(r.Notes, n => n.Contains("chain rule gives NaN") || n.Contains("its chain rule multiplying 0"));
    }
}
