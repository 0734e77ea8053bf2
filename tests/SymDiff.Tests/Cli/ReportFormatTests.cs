namespace SymDiff.Tests.Cli;

/// <summary>
/// Golden outputs of grad's reports (--no-autograd: no libtorch needed): what a person pastes or a script reads
/// says the same things the text report says.
/// </summary>
public class ReportFormatTests
{
    private static string Run(params string[] args)
    {
        var r = CliProcess.Run([.. args, "--no-autograd"]);
        return r.Out.Replace("\r\n", "\n");
    }

    [Fact]
    public void Latex_shows_the_function_as_written_and_the_verdict()
    {
        Assert.Equal("""
            \begin{align*}
            f(x) &= x^{2} \\
            \frac{\partial f}{\partial x} &= 2 x \\
            \frac{\partial f}{\partial x}\Big|_{x = 1} &= 2 \\
            &\text{PASS: symbolic values agree with finite differences (autograd not run)}
            \end{align*}

            """, Run("grad", "x^2", "--at", "1", "--format", "latex"));
    }

    [Fact]
    public void Latex_f_line_is_not_the_canonical_form()
    {
        // The canonical form of x/x is 1; the written one has no value at 0, and that is what the user wrote.
        Assert.Contains("f(x) &= \\frac{x}{x} \\\\", Run("grad", "x/x", "--format", "latex"));
    }

    [Fact]
    public void Latex_claims_carry_their_verdict_and_counterexample()
    {
        Assert.Equal("""
            \begin{align*}
            f(x, y) &= x^{2} y \\
            \frac{\partial f}{\partial x} &= 2 x y \\
            \frac{\partial f}{\partial y} &= x^{2} \\
            \frac{\partial f}{\partial x}\Big|_{x = 1, y = 2} &= 4 \\
            \frac{\partial f}{\partial y}\Big|_{x = 1, y = 2} &= 1 \\
            &\text{FAIL: the claim is incorrect (the derivative itself checks out)} \\
            \text{claim: } \frac{\partial f}{\partial x} &\overset{?}{=} 2 x y \quad \text{(CORRECT)} \\
            &\text{equal symbolically} \\
            \text{claim: } \frac{\partial f}{\partial y} &\overset{?}{=} x \quad \text{(INCORRECT)} \\
            &\text{at x = 2, y = 3 the claim gives 2, the derivative is 4}
            \end{align*}

            """, Run("grad", "x^2*y", "--at", "x=1, y=2", "--format", "latex", "--claim", "d/dx: 2*x*y; d/dy: x"));
    }

    [Fact]
    public void Latex_escapes_notes_in_text()
    {
        // A note quotes the expression (sqrt(x) at x = -1): its characters must not break the block.
        var latex = Run("grad", "x_1^2 + sqrt(x_1)", "--at", "-1", "--format", "latex");
        Assert.Contains("\\Big|_{x_{1} = -1} &= \\text{undefined (see the note)} \\\\", latex);
        Assert.Contains("&\\text{UNDEFINED: ", latex);
        Assert.Contains("&\\text{note: ", latex);
        Assert.DoesNotContain("x_1 =", latex.Split('\n').Single(l => l.Contains("note: ")).Replace("x\\_1", ""));
    }

    [Fact]
    public void Json_steps_carry_what_the_text_report_shows()
    {
        // 30 nested sines: the outer steps' results are products of up to 30 cosines, so the text report shows the rule
        // with a reference to the step below (issue 8); JSON must say the same, not the swelled result.
        var f = string.Concat(Enumerable.Repeat("sin(", 30)) + "x" + new string(')', 30);
        var text = Run("grad", f, "--steps");
        var doc = System.Text.Json.JsonDocument.Parse(Run("grad", f, "--steps", "--format", "json")).RootElement;
        var steps = doc.GetProperty("cases")[0].GetProperty("steps");
        var first = steps[0];
        var output = first.GetProperty("output").GetString()!;
        Assert.Contains($"d/dx {first.GetProperty("input").GetString()} = {output}   [{first.GetProperty("rule").GetString()}]", text);
        var reference = first.GetProperty("references")[0];
        Assert.Contains(reference.GetProperty("name").GetString()!, output);
        Assert.Equal(f[4..^1], reference.GetProperty("of").GetString());
        var simplify = steps[steps.GetArrayLength() - 1];
        Assert.Equal("simplify", simplify.GetProperty("rule").GetString());
        Assert.Equal(0, simplify.GetProperty("failedChecks").GetInt32());
    }

    [Fact]
    public void Readme_steps_example_is_the_real_output()
    {
        // The README's --steps example, verbatim: keep it in step with the program.
        var readme = File.ReadAllText(Path.Combine(Repo, "README.md")).Replace("\r\n", "\n");
        const string command = "$ symdiff grad \"sin(x^2) + cos(x^2)\" --steps\n";
        var start = readme.IndexOf(command, StringComparison.Ordinal) + command.Length;
        Assert.True(start >= command.Length, "the README has no --steps example");
        var shown = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Equal(shown, Run("grad", "sin(x^2) + cos(x^2)", "--steps"));
    }

    [Fact]
    [Trait("Category", "Torch")]
    public void Readme_least_squares_example_is_the_real_output()
    {
        // The README's worked example of "Vectors and matrices", verbatim (it runs autograd on the CPU).
        var readme = File.ReadAllText(Path.Combine(Repo, "README.md")).Replace("\r\n", "\n");
        const string at = "W=[[1, 2], [3, 4], [5, 6]], x=[1, -1], b=[0.5, 0, -0.5], y=[1, 2, 3]";
        var command = $"$ symdiff grad \"sum((W@x + b - y)^2)\" --at \"{at}\"\n";
        var start = readme.IndexOf(command, StringComparison.Ordinal) + command.Length;
        Assert.True(start >= command.Length, "the README has no least-squares example");
        var shown = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var r = CliProcess.Run(["grad", "sum((W@x + b - y)^2)", "--at", at]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(shown, r.Out.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Second_order_claims_are_labelled_in_text_json_and_latex()
    {
        string[] args = ["grad", "x^2*y", "--order", "2", "--at", "x=1, y=2", "--claim", "d2/dx2: 2*y; d2/dxdy: 2*y"];
        var text = Run(args);
        Assert.Contains("claim d2f/dx2 = 2*y: CORRECT", text);
        Assert.Contains("claim d2f/dxdy = 2*y: INCORRECT", text);
        var claims = System.Text.Json.JsonDocument.Parse(Run([.. args, "--format", "json"])).RootElement
            .GetProperty("cases")[0].GetProperty("claims");
        Assert.Equal(["x", "y"], claims[1].GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(2, claims[1].GetProperty("order").GetInt32());
        Assert.Contains("\\text{claim: } \\frac{\\partial^{2} f}{\\partial x \\partial y} &\\overset{?}{=} 2 y \\quad \\text{(INCORRECT)}",
            Run([.. args, "--format", "latex"]));
    }

    [Fact]
    public void Sdx_structural_errors_carry_their_code_in_text_and_json()
    {
        var text = CliProcess.Run(["check", "-", "--no-autograd"], stdin: "x^2 => \n@@ x\n");
        Assert.Equal(2, text.ExitCode);
        Assert.Contains("1:5: error SD1303: expected a hand-written derivative after '=>'", text.Out);
        Assert.Contains("2:2: error SD1304: a line has at most one point", text.Out);
        var json = CliProcess.Run(["check", "-", "--no-autograd", "--format", "json"], stdin: "x^2 => \n");
        var error = System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("cases")[0].GetProperty("error");
        Assert.Equal("SD1303", error.GetProperty("code").GetString());
    }

    private static string Repo
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("README.md not found above the test folder");
        }
    }
}
