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

    [Theory]
    // Printed "df/dx = 0/0 + 1" and "d2f/dx2 = 0*log(-1)": a constant without a value makes the derivative no formula.
    [InlineData("x + 1/0", "1", "df/dx = undefined (see the note)")]
    [InlineData("log(-1)*x", "2", "d2f/dx2 = undefined (see the note)")]
    public void A_derivative_with_a_constant_without_a_value_prints_as_undefined_in_every_format(string function, string order, string line)
    {
        var text = Run("grad", function, "--order", order);
        Assert.Contains(line, text.Out);
        Assert.DoesNotContain("0/0", text.Out);
        Assert.DoesNotContain("0*log", text.Out);
        var json = System.Text.Json.JsonDocument.Parse(Run("grad", function, "--order", order, "--format", "json").Out).RootElement;
        var derivatives = json.GetProperty("cases")[0].GetProperty("derivatives");
        Assert.All(derivatives.EnumerateObject(), p => Assert.Equal(System.Text.Json.JsonValueKind.Null, p.Value.ValueKind));
        var latex = Run("grad", function, "--order", order, "--format", "latex");
        Assert.Contains("&= \\text{undefined (see the note)}", latex.Out);
    }

    [Fact]
    public void Latex_prints_no_value_at_an_undefined_point()
    {
        // Printed \frac{\partial f}{\partial x}\Big|_{x = -1} &= -1 under an UNDEFINED verdict.
        var latex = Run("grad", "log(x)", "--at", "-1", "--no-autograd", "--format", "latex");
        Assert.Contains("\\Big|_{x = -1} &= \\text{undefined (see the note)}", latex.Out);
    }

    [Theory]
    [InlineData("x,,y")]
    [InlineData("x,")]
    public void Wrt_with_an_empty_name_is_a_usage_error(string wrt) =>
        AssertUsage(Run("grad", "x*y", "--wrt", wrt), "--wrt", "empty name", $"('{wrt}')");

    [Fact]
    public void Two_claims_of_one_derivative_are_a_usage_error_naming_it()
    {
        // --claim:1: error: two claims of df/dx ('y' and '2'): give one claim per derivative
        AssertUsage(Run("grad", "x*y", "--claim", "d/dx: y; d/dx: 2"), "--claim", "two claims of df/dx ('y' and '2')");
    }
}
