using SymDiff.Expressions;
using SymDiff.Formatting;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Formatting;

public class LatexFormatterTests
{
    [Theory]
    [InlineData("x^2+2*x+1", "x^{2} + 2 x + 1")]
    [InlineData("2*x*cos(x^2)", "2 x \\cos\\left(x^{2}\\right)")]
    [InlineData("1/(2*sqrt(x))", "\\frac{1}{2 \\sqrt{x}}")]
    [InlineData("-1/x^2", "-\\frac{1}{x^{2}}")]
    [InlineData("x/2", "\\frac{x}{2}")]
    [InlineData("1 - tanh(x)^2", "1 - \\tanh\\left(x\\right)^{2}")]
    [InlineData("exp(-x^2)", "e^{-x^{2}}")]
    [InlineData("abs(theta)", "\\left|\\theta\\right|")]
    [InlineData("w1*x_2", "w_{1} x_{2}")]
    [InlineData("2*3^x", "2 \\cdot 3^{x}")]
    [InlineData("sigmoid(x)*(1 - sigmoid(x))", "\\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)")]
    [InlineData("log(x, 2)", "\\frac{\\ln\\left(x\\right)}{\\ln\\left(2\\right)}")]
    [InlineData("cbrt(x) + pi", "\\sqrt[3]{x} + \\pi")]
    public void Golden_latex(string input, string expected) =>
        Assert.Equal(expected, LatexFormatter.Format(Parse.Expr(input, new ExprFactory())));
}
