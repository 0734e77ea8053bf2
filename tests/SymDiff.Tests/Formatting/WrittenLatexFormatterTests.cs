using SymDiff.Formatting;
using SymDiff.Syntax;

namespace SymDiff.Tests.Formatting;

/// <summary>The function as written, in LaTeX: nothing folded or reordered (the f line of grad --format latex).</summary>
public class WrittenLatexFormatterTests
{
    [Theory]
    [InlineData("x^2", "x^{2}")]
    [InlineData("x/x", "\\frac{x}{x}")]                                    // canonical form: 1
    [InlineData("1 + x - x", "1 + x - x")]
    [InlineData("2*3*x/(x+1)/y", "\\frac{2 \\cdot 3 x}{\\left(x + 1\\right) y}")]
    [InlineData("1/(2*sqrt(x))", "\\frac{1}{2 \\sqrt{x}}")]
    [InlineData("x*-y", "x \\left(-y\\right)")]
    [InlineData("-x^2", "-x^{2}")]
    [InlineData("(x+1)^(1/2)", "\\left(x + 1\\right)^{\\frac{1}{2}}")]
    [InlineData("1e-3*theta + pi", "1 \\times 10^{-3} \\theta + \\pi")]
    [InlineData("sin(x^2)", "\\sin\\left(x^{2}\\right)")]
    [InlineData("sin((x))", "\\sin\\left(x\\right)")]
    public void Golden_written_latex(string input, string expected)
    {
        var parsed = Parser.Parse(input);
        Assert.Equal(expected, WrittenLatexFormatter.Format(parsed.Syntax!, parsed.Text));
    }
}
