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
    public void Steps_with_order_2_derive_each_second_derivative_from_the_first()
    {
        var r = Run("grad", "x^3*y", "--steps", "--order", "2", "--no-autograd");
        Assert.Equal(0, r.Exit);
        Assert.Contains("derivation of df/dx:\n  d/dx (x^3*y) = 3*x^2*y   [constant multiple rule]", r.Out);
        Assert.Contains("derivation of d2f/dxdy = d/dy of df/dx = 3*x^2*y:\n  d/dy (3*x^2*y) = 3*x^2   [constant multiple rule]\n    d/dy y = 1   [d/dy y = 1]", r.Out);
        Assert.Contains("derivation of d2f/dydx = d/dx of df/dy = x^3:\n  d/dx x^3 = 3*x^2   [power rule]", r.Out);
        Assert.Contains("df/dy = x^3 does not contain y, so d2f/dy2 = 0 and there are no steps", r.Out);
        // 2 first derivatives + 4 second ones, in the report's order.
        Assert.Equal(6, System.Text.RegularExpressions.Regex.Matches(r.Out, "^derivation of ", System.Text.RegularExpressions.RegexOptions.Multiline).Count);

        // Each derivation ends on the form its headline shows (sin(x)/(1 + x) at order 3 once ended on an unfactored one).
        var quotient = Run("grad", "sin(x)/(1+x)", "--steps", "--order", "3", "--no-autograd");
        var headline = quotient.Out.Split('\n').First(l => l.StartsWith("d3f/dx3 = ", StringComparison.Ordinal))["d3f/dx3 = ".Length..];
        var lastSimplify = quotient.Out.Split('\n').Last(l => l.StartsWith("  simplify: ", StringComparison.Ordinal));
        Assert.EndsWith(" = " + headline, lastSimplify);

        var third = Run("grad", "x^4", "--steps", "--order", "3", "--no-autograd");
        Assert.Contains("derivation of d3f/dx3 = d/dx of d2f/dx2 = 12*x^2:", third.Out);
        Assert.DoesNotContain("disagree", third.Out);
    }

    [Fact]
    public void Steps_in_json_name_the_derivative_and_what_it_is_taken_of()
    {
        var r = Run("grad", "x^3*y", "--steps", "--order", "2", "--format", "json", "--no-autograd");
        Assert.Equal(0, r.Exit);
        var steps = System.Text.Json.JsonDocument.Parse(r.Out).RootElement.GetProperty("cases")[0].GetProperty("steps").EnumerateArray().ToList();
        var mixed = steps.First(s => s.GetProperty("derivative").GetString() == "d2f/dxdy");
        Assert.Equal("y", mixed.GetProperty("variable").GetString());
        Assert.Equal(["x", "y"], mixed.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("3*x^2*y", mixed.GetProperty("of").GetString());
        Assert.Equal("3*x^2*y", mixed.GetProperty("input").GetString());
        Assert.Equal(6, steps.Count(s => s.GetProperty("rule").GetString() == "simplify"));
    }

    [Fact]
    public void Steps_in_latex_indent_each_level_of_nesting()
    {
        var r = Run("grad", "sin(x^2)*exp(x)", "--steps", "--format", "latex", "--no-autograd");
        Assert.Equal(0, r.Exit);
        Assert.Contains("\\quad \\frac{d}{dx}\\left[\\sin\\left(x^{2}\\right)\\right]", r.Out);
        Assert.Contains("&\\quad \\quad \\frac{d}{dx}\\left[x^{2}\\right] = 2 x", r.Out);
        var second = Run("grad", "x^3", "--steps", "--order", "2", "--format", "latex", "--no-autograd");
        Assert.Contains("&\\frac{\\partial^{2} f}{\\partial x^{2}} = \\frac{d}{dx}\\left[3 x^{2}\\right] && \\text{d/dx of } \\frac{\\partial f}{\\partial x}", second.Out);
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
