using SymDiff.Checking;
using SymDiff.Expressions;
using SymDiff.Formatting;
using SymDiff.Numbers;
using SymDiff.Syntax;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Formatting;

/// <summary>Issue 11, point 2: numbers in printed derivatives follow the style the function was written in.</summary>
public class NumberStyleTests
{
    // The derivative as grad prints it: in the style chosen from the written function.
    private static string Derivative(string function)
    {
        var c = DerivativeCheck.Prepare(function, new CheckOptions());
        Assert.Null(c.Error);
        return InfixFormatter.Format(c.Derivatives[0].Value, c.NumberStyle);
    }

    [Theory]
    [InlineData("3.14159*sin(0.017*x)", "0.05340703*cos(0.017*x)")]
    [InlineData("2.5e-3*x^2", "0.005*x")]
    [InlineData("x^3/3", "x^2")]
    [InlineData("x/3", "1/3")]
    [InlineData("(2/3)*x^2", "4*x/3")]
    [InlineData("x/200", "1/200")]
    // Mixed input: one decimal literal makes the style decimal; numbers without a short decimal stay fractions.
    [InlineData("x/4 + 0.5*x", "0.75")]
    [InlineData("x/3 + 0.5*x", "5/6")]
    [InlineData("0.5*x^2/3", "x/3")]
    [InlineData("1e-10*x^2", "2e-10*x")]
    [InlineData("1e3*x^2", "2000*x")]
    [InlineData("0.1*x^-1.5", "-0.15/x^2.5")]
    [InlineData("0.5^x", "0.5^x*log(0.5)")]
    [InlineData("-0.25*x^2 + x", "1 - 0.5*x")]
    [InlineData("0.5*x^2/(y + 5)", "x/(y + 5)")]
    [InlineData("0.125*x/(y + 5)", "0.125/(y + 5)")]
    [InlineData("x^1.5", "1.5*sqrt(x)")]
    public void Derivatives_keep_the_written_number_style(string function, string expected) =>
        Assert.Equal(expected, Derivative(function));

    [Theory]
    [InlineData(1, 2, "0.5")]
    [InlineData(-1, 400, "-0.0025")]
    [InlineData(5340703, 100000000, "0.05340703")]
    [InlineData(1, 10000, "0.0001")]
    [InlineData(1, 100000, "1e-05")]
    [InlineData(3, 20000000, "1.5e-07")]
    [InlineData(25, 2, "12.5")]
    [InlineData(1, 3, null)]
    [InlineData(1, 6, null)]
    [InlineData(1, 1099511627776, null)] // 2^-40: 28 significant digits, clearer as a fraction
    public void Decimal_spelling_is_exact_and_short_or_absent(long p, long q, string? expected) =>
        Assert.Equal(expected, NumberSpelling.Decimal(Rational.Create(p, q)));

    [Fact]
    public void Large_and_integer_values_keep_their_digits()
    {
        Assert.Equal("1e+20", NumberSpelling.Decimal(Rational.Create(System.Numerics.BigInteger.Pow(10, 20), 1)));
        Assert.Equal("2500", NumberSpelling.Decimal(2500));
        // Integers print as integers in either style.
        Assert.Null(NumberSpelling.DecimalIn(NumberStyle.Decimals, 7));
    }

    [Theory]
    [InlineData("x/3", NumberStyle.Fractions)]
    [InlineData("2*x + 1", NumberStyle.Fractions)]
    [InlineData("x*.5", NumberStyle.Decimals)]
    [InlineData("1e3*x", NumberStyle.Decimals)]
    [InlineData("x/4 + 0.5*x", NumberStyle.Decimals)]
    public void The_style_is_read_from_the_literals_written(string text, NumberStyle expected) =>
        Assert.Equal(expected, NumberSpelling.StyleOf(Parser.Parse(text).Syntax, text));

    [Theory]
    [InlineData("0.05340703*cos(0.017*x)", "0.05340703 \\cos\\left(0.017 x\\right)")]
    [InlineData("x/3 + 0.25*y", "\\frac{x}{3} + 0.25 y")]
    [InlineData("1.5e-7*x", "1.5 \\cdot 10^{-7} x")]
    [InlineData("1e-7^x", "\\left(10^{-7}\\right)^{x}")]
    [InlineData("x^1.5", "x^{1.5}")]
    public void Latex_spells_decimals_too(string input, string expected) =>
        Assert.Equal(expected, LatexFormatter.Format(Parse.Expr(input, new ExprFactory()), NumberStyle.Decimals));

    [Theory]
    [InlineData("0.05340703*cos(0.017*x)")]
    [InlineData("-0.15/x^2.5")]
    [InlineData("0.125*x/(y + 5)")]
    [InlineData("x/(y + 5)/3 + 0.5")]
    [InlineData("1.5e-07*x - 2e+20")]
    [InlineData("0.5^x*log(0.5)")]
    [InlineData("(-0.5)^x")]
    [InlineData("x^-0.25")]
    public void Decimal_forms_parse_back_to_the_same_value(string text)
    {
        var f = new ExprFactory();
        var value = Parse.Expr(text, f);
        var printed = InfixFormatter.Format(value, NumberStyle.Decimals);
        Assert.Equal(value, Parse.Expr(printed, f));
    }
}
