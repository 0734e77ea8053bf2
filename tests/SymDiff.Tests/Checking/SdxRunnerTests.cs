using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

/// <summary>
/// One .sdx case checked (without autograd here; the CLI tests run it): one result per point in order, errors with
/// columns in the line, claims verified once per line.
/// </summary>
public class SdxRunnerTests
{
    private static IReadOnlyList<CaseResult> Check(string line, CheckOptions? options = null) =>
        SdxRunner.Check(SdxFile.ParseLine(line, 4)!, options ?? new CheckOptions(), oracle: null);

    [Fact]
    public void Quickstart_case_passes_with_a_correct_claim()
    {
        var r = Assert.Single(Check("x^2+2*x+1 @ 3 => 2*x+2"));
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(4, r.Line);
        Assert.Equal("x^2+2*x+1", r.Input);
        Assert.Equal(8, r.Derivatives[0].Symbolic);
        Assert.Equal(ClaimVerdict.Correct, r.Claim!.Verdict);
    }

    [Fact]
    public void Expression_only_describes_the_derivative()
    {
        var r = Assert.Single(Check("sin(x^2)"));
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Null(r.Point);
        Assert.Equal("2*x*cos(x^2)", r.Derivatives[0].Expression.ToString());
        Assert.Null(r.Derivatives[0].Symbolic);
    }

    [Fact]
    public void One_result_per_point_in_the_order_written()
    {
        var results = Check("x^2 @ 3; -1; x=0.5");
        Assert.Equal([3.0, -1.0, 0.5], results.Select(r => r.Point!.Value[0].Value));
        Assert.Equal([6.0, -2.0, 1.0], results.Select(r => r.Derivatives[0].Symbolic!.Value));
        Assert.All(results, r => Assert.Equal(CaseStatus.Pass, r.Status));
    }

    // 4:3: error SD1003: unknown function 'sinn'; did you mean 'sin'?
    //   sinn(x) @ 1
    //   ^^^^
    [Fact]
    public void Expression_error_has_its_column_in_the_line_and_the_diagnostic_code()
    {
        var r = Assert.Single(Check("  sinn(x) @ 1"));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal(3, r.Error!.Column);
        Assert.Equal(4, r.Error.Length);
        Assert.Equal(["4:3: error SD1003: unknown function 'sinn'; did you mean 'sin'?", "  sinn(x) @ 1", "  ^^^^"], r.Error.Rendered.Split('\n'));
    }

    [Theory]
    [InlineData("x^2 + @ 1", 6)]            // dangling operator: end of the expression part
    [InlineData("(x + 1 @ 3", 1)]           // the '(' that is never closed
    [InlineData("3×x @ 1", 2)]              // unknown character
    public void Bad_expressions_are_one_error_for_the_line(string line, int column)
    {
        var r = Assert.Single(Check(line));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal(column, r.Error!.Column);
        Assert.Contains("^", r.Error.Rendered);
    }

    [Fact]
    public void A_bad_point_is_an_error_for_that_point_only()
    {
        //                 0         1
        //                 0123456789012
        var results = Check("x^2 @ 1; z; 3");
        Assert.Equal([CaseStatus.Pass, CaseStatus.Error, CaseStatus.Pass], results.Select(r => r.Status));
        Assert.Equal(10, results[1].Error!.Column);
        Assert.Equal(6, results[2].Derivatives[0].Symbolic);
    }

    [Fact]
    public void A_point_without_a_variable_names_it()
    {
        var r = Assert.Single(Check("x*y @ x=1"));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal(7, r.Error!.Column);
        Assert.Contains("'y'", r.Error.Message);
        Assert.Contains("x=1, y=...", r.Error.Message);
    }

    [Fact]
    public void A_bad_claim_is_one_error_for_the_line_with_its_column()
    {
        //                                0         1
        //                                0123456789012345
        var r = Assert.Single(Check("x^2 @ 1; 2 => 2*x +"));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal(20, r.Error!.Column);
        Assert.StartsWith("in the claim:", r.Error.Message);
    }

    [Fact]
    public void A_wrong_claim_fails_every_point_and_carries_a_hint()
    {
        var results = Check("sin(x^2) @ 1; 2 => cos(x^2)");
        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(CaseStatus.Fail, r.Status);
            Assert.Equal(ClaimVerdict.Incorrect, r.Claim!.Verdict);
            Assert.Contains("chain rule", r.Claim.Hint);
        });
    }

    [Fact]
    public void Several_claims_show_the_wrong_one_and_note_the_others()
    {
        var r = Assert.Single(Check("x*y + sin(x) @ x=0.7, y=-1.3 => d/dx: y + cos(x); d/dy: y"));
        Assert.Equal(CaseStatus.Fail, r.Status);
        Assert.Equal("y", r.Claim!.Variable);
        Assert.Contains(r.Notes, n => n == "claim df/dx = y + cos(x): correct (equal symbolically)");
    }

    [Fact]
    public void A_kink_passes_with_notes_and_a_singular_point_is_undefined()
    {
        var results = Check("relu(x) @ -1; 0; 2");
        Assert.All(results, r => Assert.Equal(CaseStatus.Pass, r.Status));
        Assert.Contains(results[1].Notes, n => n.Contains("kink"));
        Assert.Equal(CaseStatus.Undefined, Assert.Single(Check("log(x) @ 0")).Status);
    }

    [Fact]
    public void Order_and_wrt_apply_to_every_case()
    {
        var r = Assert.Single(Check("x^3*y @ x=2, y=3", new CheckOptions { Order = 2, Wrt = ["x"] }));
        Assert.Equal("x,x", Assert.Single(r.Derivatives).Key);
        Assert.Equal(36, r.Derivatives[0].Symbolic);
        Assert.Equal(CaseStatus.Pass, r.Status);
    }

    [Fact]
    public void The_oracle_is_asked_for_only_when_a_case_has_a_valid_point()
    {
        var asked = 0;
        IAutogradOracle? Oracle() { asked++; return null; }
        SdxRunner.Check(SdxFile.ParseLine("sin(x)", 1)!, new CheckOptions(), Oracle);
        SdxRunner.Check(SdxFile.ParseLine("sin(x) @ z", 1)!, new CheckOptions(), Oracle);
        SdxRunner.Check(SdxFile.ParseLine("sinn(x) @ 1", 1)!, new CheckOptions(), Oracle);
        Assert.Equal(0, asked);
        SdxRunner.Check(SdxFile.ParseLine("sin(x) @ 1; 2", 1)!, new CheckOptions(), Oracle);
        Assert.Equal(1, asked);
    }
}
