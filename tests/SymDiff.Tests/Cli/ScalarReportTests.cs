using SymDiff.Cli;

namespace SymDiff.Tests.Cli;

/// <summary>
/// A new user's report on the scalar tool, run in-process without autograd (no --at, or --no-autograd): labels that
/// contradict --order, --steps under --order 2, a derivation with no steps, derivatives of a function that has no
/// value anywhere, and option values accepted silently.
/// </summary>
public class ScalarReportTests
{
    private sealed record Outcome(int Exit, string Out, string Error);

    private static Outcome Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = CliApp.Run(args, new CliConsole(output, error, new StringReader(""), Color: false));
        return new Outcome(exit, output.ToString().Replace("\r", ""), error.ToString().Replace("\r", ""));
    }

    private static void AssertUsage(Outcome r, params string[] fragments)
    {
        var shown = $"exit {r.Exit}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";
        Assert.True(r.Exit == 2, shown);
        foreach (var fragment in fragments) Assert.True(r.Error.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' missing: " + shown);
    }

    [Fact]
    public void A_first_derivative_label_under_order_2_is_a_usage_error_naming_the_right_label()
    {
        // --claim:1: error: the claim is labelled d/dx (a first derivative) but --order is 2: write 'd2/dx2: ...'
        AssertUsage(Run("grad", "x^3", "--order", "2", "--claim", "d/dx: 3*x^2"),
            "--claim", "labelled d/dx (a first derivative) but --order is 2: write 'd2/dx2: ...'");
        var unlabelled = Run("grad", "x^3", "--order", "2", "--claim", "6*x");
        Assert.Equal(0, unlabelled.Exit);
        Assert.Contains("claim d2f/dx2 = 6*x: CORRECT", unlabelled.Out);
    }

    [Fact]
    public void Steps_with_order_2_is_a_usage_error_naming_both()
    {
        var r = Run("grad", "x^3", "--steps", "--order", "2");
        AssertUsage(r, "--steps", "--order");
        Assert.Equal("", r.Out);
        Assert.True(r.Error.TrimEnd('\n').Split('\n').Length <= 2, r.Error);
    }

    [Fact]
    public void A_derivation_without_steps_says_the_canonical_form_is_a_constant()
    {
        var r = Run("grad", "x/x", "--steps");
        Assert.Equal(0, r.Exit);
        Assert.Contains("the canonical form is the constant 1, so df/dx = 0 and there are no steps", r.Out);
        Assert.DoesNotContain("every step agrees", r.Out);
        var latex = Run("grad", "x/x", "--steps", "--format", "latex");
        Assert.Contains("the canonical form is the constant 1", latex.Out);
    }
}
