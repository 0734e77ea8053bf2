using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Claims of second derivatives, pure and mixed: d2/dx2, d2/dxdy (and the spellings people write: d²/dx², d2/dx dy),
/// judged like first-derivative claims and labelled d2f/dx2, d2f/dxdy in every report.
/// </summary>
public class SecondOrderClaimTests
{
    private static PreparedCase Order2(string f) => DerivativeCheck.Prepare(f, new CheckOptions { Order = 2 });

    [Theory]
    [InlineData("d2/dx2: 2*y; d2/dy2: 0", "d2f/dx2", "d2f/dy2")]
    [InlineData("d2/dxdy: 2*x; d2/dydx: 2*x", "d2f/dxdy", "d2f/dydx")]
    [InlineData("d2/dx dy: 2*x; d²/dx²: 2*y", "d2f/dxdy", "d2f/dx2")]
    [InlineData("d^2/dx^2: 2*y; d2/dy dx: 2*x", "d2f/dx2", "d2f/dydx")]
    public void Second_order_labels_are_read_and_judged(string claim, string first, string second)
    {
        var c = Order2("x^2*y");
        var (claims, error) = ClaimCheck.Parse(claim, c);
        Assert.Null(error);
        var results = claims.Select(k => ClaimCheck.Verify(c, k)).ToList();
        Assert.Equal([first, second], results.Select(ClaimCheck.Label));
        Assert.All(results, r => Assert.Equal(ClaimVerdict.Correct, r.Verdict));
    }

    [Fact]
    public void A_wrong_mixed_claim_is_incorrect_with_a_counterexample()
    {
        var c = Order2("x^2*y");
        var (claims, _) = ClaimCheck.Parse("d2/dxdy: 2*y", c);
        var r = ClaimCheck.Verify(c, claims[0]);
        Assert.Equal(ClaimVerdict.Incorrect, r.Verdict);
        Assert.NotNull(r.Counterexample);
        Assert.StartsWith("claim d2f/dxdy = 2*y: incorrect", ClaimCheck.Describe(r));
    }

    [Fact]
    public void Variable_names_with_digits_split_by_the_functions_variables()
    {
        var c = Order2("w1*x^2");
        var (claims, error) = ClaimCheck.Parse("d2/dw1dx: 2*x; d2/dx2: 2*w1", c);
        Assert.Null(error);
        Assert.Equal<string>(["w1", "x"], claims[0].Path.ToArray());
        Assert.All(claims, k => Assert.Equal(ClaimVerdict.Correct, ClaimCheck.Verify(c, k).Verdict));
    }

    // Was A_plain_d_dx_label_with_order_2_still_means_the_second_derivative: a new user's d/dx: 3*x^2 under
    // --order 2 was silently judged as d2f/dx2. A label that contradicts --order is now bad input naming the right one.
    [Theory]
    [InlineData("x^3", 2, "d/dx: 6*x", "the claim is labelled d/dx (a first derivative) but --order is 2: write 'd2/dx2: ...'")]
    [InlineData("x^3", 1, "d2/dx2: 6*x", "the claim is labelled d2/dx2 (a second derivative) but --order is 1: write 'd/dx: ...', or give --order 2")]
    [InlineData("x^2*y", 1, "d/dx: 2*x*y; d2/dxdy: 2*x", "the claim is labelled d2/dxdy (a second derivative) but --order is 1")]
    public void A_label_that_contradicts_the_order_is_bad_input(string function, int order, string claim, string message)
    {
        var (_, error) = ClaimCheck.Parse(claim, DerivativeCheck.Prepare(function, new CheckOptions { Order = order }));
        Assert.NotNull(error);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unlabelled_claim_with_order_2_and_one_variable_is_the_second_derivative()
    {
        var c = Order2("x^3");
        var (claims, _) = ClaimCheck.Parse("6*x", c);
        Assert.Equal<string>(["x", "x"], claims[0].Path.ToArray());
        Assert.Equal(ClaimVerdict.Correct, ClaimCheck.Verify(c, claims[0]).Verdict);
    }

    [Theory]
    // --claim:1: error: the function has several variables (x, y): name each claim, e.g. 'd2/dx2: ...; d2/dxdy: ...'
    [InlineData("2*y", "'d2/dx2: ...; d2/dxdy: ...'")]
    // 'd/dxdy' names two variables under a first derivative.
    [InlineData("d/dxdy: 2*x", "'d2/dxdy'")]
    [InlineData("d2/dx: 2*x", "'d2/dx2'")]
    [InlineData("d2/dz2: 0", "'z' is not a variable")]
    [InlineData("dx: 0", "'d2/dx2: ...; d2/dxdy: ...'")]
    public void Order_2_errors_name_the_second_order_form(string claim, string fragment)
    {
        var (_, error) = ClaimCheck.Parse(claim, Order2("x^2*y"));
        Assert.NotNull(error);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'d/dx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sdx_claims_take_second_order_labels()
    {
        var results = SdxRunner.Check(SdxFile.ParseLine("x^2*y @ x=1, y=2 => d2/dx2: 2*y; d2/dxdy: 2*x; d2/dy2: 0", 3)!,
            new CheckOptions { Order = 2 }, oracle: null);
        var r = Assert.Single(results);
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(["d2f/dx2", "d2f/dxdy", "d2f/dy2"], r.Claims.Select(ClaimCheck.Label));
    }
}
