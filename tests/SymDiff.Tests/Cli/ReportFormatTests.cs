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
        Assert.Contains("\\Big|_{x_{1} = -1} &= \\text{NaN} \\\\", latex);
        Assert.Contains("&\\text{UNDEFINED: ", latex);
        Assert.Contains("&\\text{note: ", latex);
        Assert.DoesNotContain("x_1 =", latex.Split('\n').Single(l => l.Contains("note: ")).Replace("x\\_1", ""));
    }
}
