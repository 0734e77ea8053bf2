using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Calculus;

public class DerivativeGoldenTests
{
    /// <summary>Differentiates, simplifies and prints; the golden string must match exactly.</summary>
    internal static void AssertDerivative(string input, string variable, string expected, bool intern = true)
    {
        var f = new ExprFactory(intern);
        var d = Differentiator.Differentiate(Parse.Expr(input, f), variable, f);
        var simplified = Simplifier.Simplify(d, f).Value;
        Assert.Equal(expected, simplified.ToString());
    }

    [Theory]
    [InlineData("x^2+2*x+1", "x", "2*x + 2")]
    [InlineData("sin(x^2)", "x", "2*x*cos(x^2)")]
    [InlineData("x^3", "x", "3*x^2")]
    [InlineData("1/x", "x", "-1/x^2")]
    [InlineData("sqrt(x)", "x", "1/(2*sqrt(x))")]
    [InlineData("log(x)", "x", "1/x")]
    [InlineData("exp(2*x)", "x", "2*exp(2*x)")]
    [InlineData("tanh(x)", "x", "1 - tanh(x)^2")]
    [InlineData("sigmoid(x)", "x", "sigmoid(x)*(1 - sigmoid(x))")]
    [InlineData("x*y", "y", "x")]
    public void Issue_2_golden_derivatives(string input, string variable, string expected)
    {
        AssertDerivative(input, variable, expected, intern: true);
        AssertDerivative(input, variable, expected, intern: false);
    }

    [Fact]
    public void Second_derivative_of_the_seed_polynomial_is_2()
    {
        var f = new ExprFactory();
        Assert.Equal("2", Derivatives.Nth(Parse.Expr("x^2+2*x+1", f), "x", 2, f).ToString());
    }

    public static TheoryData<string, string, string> GoldenFile()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "derivatives.tsv")))
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            var cells = line.Split('\t');
            data.Add(cells[0], cells[1], cells[2]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenFile))]
    public void Golden_file_derivatives(string input, string variable, string expected)
    {
        AssertDerivative(input, variable, expected, intern: true);
        AssertDerivative(input, variable, expected, intern: false);
    }

    [Theory]
    [InlineData("x - x", "0")]
    [InlineData("x*x", "x^2")]
    [InlineData("2*x + 3*x", "5*x")]
    [InlineData("2*0.5", "1")]
    [InlineData("1/3", "1/3")]
    [InlineData("x*x^2*x^-3", "1")]
    [InlineData("(x^2)^3", "x^6")]
    [InlineData("(x^2)^(1/2)", "sqrt(x^2)")]
    [InlineData("2*(x+1)", "2*x + 2")]
    [InlineData("sqrt(4)", "2")]
    [InlineData("sin(-x)", "-sin(x)")]
    [InlineData("cos(-x)", "cos(x)")]
    [InlineData("exp(x)^2", "exp(2*x)")]
    [InlineData("log(exp(x))", "x")]
    [InlineData("x/2", "x/2")]
    [InlineData("3*x/2", "3*x/2")]
    [InlineData("x - 1", "x - 1")]
    [InlineData("1 - x", "1 - x")]
    [InlineData("-(x + y)", "-x - y")]
    public void Canonical_forms_print_as_a_person_writes(string input, string expected)
    {
        Assert.Equal(expected, Parse.Expr(input, new ExprFactory()).ToString());
        Assert.Equal(expected, Parse.Expr(input, new ExprFactory(intern: false)).ToString());
    }
}
