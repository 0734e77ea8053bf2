using System.Text.Json;

namespace SymDiff.Tests.Cli;

/// <summary>Review 9 (vectors and matrices from the README), end to end: claims, JSON, errors and notes, run as a process.</summary>
[Trait("Category", "Torch")]
public class TensorReviewProcessTests
{
    private static string Shown(CliProcess.Result r) => $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";

    [Theory]
    [InlineData("tanh(W@x)", "W=3x2, x=2", "W", "W")]
    [InlineData("tanh(W@x)", "W=3x2, x=2", "W", "0*W")]
    [InlineData("outer(x, x)", "x=2", "x", "2*x")]
    public void Review9_1_a_claim_about_a_three_index_jacobian_is_refused_not_correct(string f, string shapes, string wrt, string claim)
    {
        var r = CliProcess.Run(["grad", f, "--shape", shapes, "--wrt", wrt, "--claim", claim, "--no-autograd"]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.DoesNotContain("CORRECT", r.Out);
        Assert.Contains("3 indices", r.Error);
        Assert.Contains("matrix notation", r.Error);
    }

    [Fact]
    public void Review9_1_in_check_a_three_index_claim_is_an_error_not_a_pass()
    {
        var file = Path.Combine(Path.GetTempPath(), $"review9-{Guid.NewGuid():N}.sdx");
        File.WriteAllText(file, "shape: W=3x2, x=2\ntanh(W@x) => d/dW: 0*W\n");
        try
        {
            var r = CliProcess.Run(["check", file, "--no-autograd"]);
            Assert.True(r.ExitCode == 2, Shown(r));
            Assert.Contains("3 indices", r.Out + r.Error);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Review9_6_a_matrix_claims_counterexample_follows_the_scalar_schema()
    {
        var r = CliProcess.Run(["grad", "0.5*x@A@x", "--at", "x=[1, -1], A=[[2, 1], [0, 3]]", "--wrt", "x", "--claim", "d/dx: A@x",
            "--format", "json", "--no-autograd"]);
        Assert.True(r.ExitCode == 1, Shown(r));
        using var doc = JsonDocument.Parse(r.Out);
        var c = doc.RootElement.GetProperty("cases")[0];
        var claim = c.GetProperty("claim");
        Assert.Equal("incorrect", claim.GetProperty("verdict").GetString());
        var counter = claim.GetProperty("counterexample");
        Assert.Equal(JsonValueKind.Object, counter.ValueKind);
        Assert.Equal("[[2,1],[0,3]]", counter.GetProperty("point").GetProperty("A").GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        Assert.Equal("[1,-3]", counter.GetProperty("claimed").GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        Assert.Equal("[1.5,-2.5]", counter.GetProperty("true").GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        Assert.Equal("[0]", counter.GetProperty("entry").GetString());
        Assert.Contains("entry [0]", claim.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Object, c.GetProperty("claims")[0].GetProperty("counterexample").ValueKind);
    }

    [Theory]
    [InlineData("sum(W@x)", "W=3x2, x=3", "SD1250")]
    [InlineData("sum(W@x", "W=3x2, x=2", null)]
    public void Review9_7_json_input_errors_print_the_json_error_document(string f, string shapes, string? code)
    {
        var r = CliProcess.Run(["grad", f, "--shape", shapes, "--format", "json", "--no-autograd"]);
        Assert.True(r.ExitCode == 2, Shown(r));
        using var doc = JsonDocument.Parse(r.Out);
        var c = doc.RootElement.GetProperty("cases")[0];
        Assert.Equal("error", c.GetProperty("status").GetString());
        var error = c.GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.True(error.GetProperty("column").GetInt32() >= 1);
        if (code is not null) Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("error").GetInt32());
    }

    [Fact]
    public void Review9_9_stats_are_printed_for_vectors_and_matrices()
    {
        var text = CliProcess.Run(["grad", "sum((W@x)^2)", "--shape", "W=2x2, x=2", "--stats", "--no-autograd"]);
        Assert.True(text.ExitCode == 0, Shown(text));
        Assert.Contains("stats: parse ", text.Out);
        // Each stage in its readable unit (us, ms or s; StatsText).
        Assert.Matches(@"\d (us|ms|s), differentiate \d", text.Out);
        var json = CliProcess.Run(["grad", "sum((W@x)^2)", "--shape", "W=2x2, x=2", "--stats", "--no-autograd", "--format", "json"]);
        using var doc = JsonDocument.Parse(json.Out);
        var stats = doc.RootElement.GetProperty("cases")[0].GetProperty("stats");
        Assert.True(stats.GetProperty("differentiateUs").GetDouble() >= 0);
        Assert.True(stats.GetProperty("nodesAfterSimplify").GetInt32() > 0);
    }

    [Fact]
    public void Review9_18_zero_against_rounding_noise_is_no_relative_difference_and_numbers_use_a_python_exponent()
    {
        var r = CliProcess.Run(["grad", "0.5*x@A@x", "--at", "x=[1, -1], A=[[2, 1], [0, 3]]", "--order", "2", "--no-autograd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.DoesNotContain("max rel. diff 1 ", r.Out);
        Assert.DoesNotContain("E-", r.Out);
    }

    [Fact]
    public void Review9_22_a_wrt_name_that_differs_in_case_is_an_error_with_a_suggestion()
    {
        var r = CliProcess.Run(["grad", "sum(W@x)", "--shape", "W=2x2, x=2", "--wrt", "w", "--no-autograd"]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.Contains("did you mean 'W'?", r.Error);
    }

    [Fact]
    public void Review9_22_logdet_undefined_at_a_random_point_suggests_another_seed()
    {
        // seed 0 draws a 3x3 X with a negative determinant.
        var r = CliProcess.Run(["grad", "logdet(X)", "--shape", "X=3x3", "--no-autograd"]);
        Assert.Contains("UNDEFINED", r.Out);
        Assert.Contains("another --seed", r.Out);
    }

    [Fact]
    public void Review9_22_a_large_vector_is_described_as_a_vector()
    {
        var r = CliProcess.Run(["grad", "sum(x^2)", "--shape", "x=100", "--no-autograd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("a vector of 100: ", r.Out);
        Assert.DoesNotContain("100 tensor", r.Out);
    }

    [Fact]
    public void Review9_22_a_claim_at_a_point_without_a_value_does_not_say_it_equals_there()
    {
        var r = CliProcess.Run(["grad", "logdet(X)", "--shape", "X=3x3", "--claim", "d/dX: inv(X).T", "--no-autograd"]);
        Assert.DoesNotContain("equals d/dX at the point and", r.Out);
        Assert.Contains("points tried", r.Out);
    }
}
