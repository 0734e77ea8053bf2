using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Tests.Library;

/// <summary>The ergonomic API on <see cref="Expr"/> (issue 11, point 7): parsing, building, calculus, evaluation, formatting.</summary>
public class ExprApiTests
{
    private static readonly Expr X = Expr.Symbol("x"), Y = Expr.Symbol("y");

    [Fact]
    public void Parse_returns_the_canonical_form()
    {
        Assert.Equal("2*x*cos(x^2)", Expr.Parse("2*cos(x^2)*x").ToString());
    }

    [Fact]
    public void Parse_throws_a_ParseException_that_carries_the_diagnostics_and_renders_them_like_the_cli()
    {
        var e = Assert.Throws<ParseException>(() => Expr.Parse("sinn(x) + (y"));
        Assert.Equal("sinn(x) + (y", e.Text);
        Assert.Equal([DiagnosticCode.UnknownFunction, DiagnosticCode.UnclosedParenthesis], e.Diagnostics.Select(d => d.Code));
        Assert.Equal(new TextSpan(0, 4), e.Diagnostics[0].Span);
        Assert.Equal(string.Join("\n", e.Diagnostics.Select(d => d.Render(e.Text))), e.Message);
        Assert.StartsWith("1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?\nsinn(x) + (y\n^^^^\n", e.Message);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Fact]
    public void TryParse_reports_success_or_the_diagnostics_without_throwing()
    {
        Assert.True(Expr.TryParse("x*y + y", out var value, out var none));
        Assert.Equal(X * Y + Y, value);
        Assert.Empty(none);

        Assert.False(Expr.TryParse("x +", out var missing, out var diagnostics));
        Assert.Null(missing);
        Assert.Equal(DiagnosticCode.MissingOperand, Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void Parse_with_a_factory_builds_in_that_factory()
    {
        var f = new ExprFactory();
        var e = Expr.Parse("x^2 + 1", f);
        Assert.Same(f.Symbol("x"), ((Pow)((Add)e).Terms[1]).Base);
        Assert.Throws<ParseException>(() => Expr.Parse(")", f));
    }

    [Theory]
    [InlineData("x^2 + 2*x")]
    public void Operators_build_the_same_canonical_forms_as_parsing(string text)
    {
        Assert.Equal(Expr.Parse(text), X * X + 2 * X);
        Assert.Equal(Expr.Parse("x - y"), X - Y);
        Assert.Equal(Expr.Parse("x/y"), X / Y);
        Assert.Equal(Expr.Parse("-x"), -X);
        Assert.Equal(Expr.Parse("2*x"), X + X);
        Assert.Equal(Expr.Parse("1"), X / X);
        Assert.Equal(Expr.Parse("x^3"), X.Pow(3));
        Assert.Equal(Expr.Parse("2^x"), Expr.Pow(2, X));
        Assert.Equal(Expr.Parse("(x + 1)^(1/2)"), (X + 1).Pow(SymDiff.Numbers.Rational.Half));
        Assert.True((1 / (Expr)0).IsUndefinedConstant);
    }

    [Fact]
    public void Implicit_numbers_are_exact_and_a_double_is_its_shortest_decimal()
    {
        Assert.Equal(Expr.Parse("3"), (Expr)3);
        Assert.Equal(Expr.Parse("0.1"), (Expr)0.1);
        Assert.Equal(Expr.Parse("2.5e-3*x"), 2.5e-3 * X);
        Assert.Equal(Expr.Parse("1.7976931348623157e308"), (Expr)double.MaxValue);
        Assert.Equal(0.3, ((Expr)0.1 + 0.2).Evaluate()); // exact: 1/10 + 2/10 is 3/10, not 0.1 + 0.2 in doubles
        Assert.Equal(0.30000000000000004, ((Expr)0.30000000000000004).Evaluate());
        var e = Assert.Throws<ArgumentException>(() => (Expr)double.NaN);
        Assert.Contains("NaN is not a finite number", e.Message);
        Assert.Throws<ArgumentException>(() => (Expr)double.PositiveInfinity);
    }

    [Fact]
    public void Every_row_of_the_function_table_is_callable_by_name()
    {
        var f = new ExprFactory(intern: false);
        foreach (var row in FunctionTable.All)
        {
            Expr[] args = [.. Enumerable.Range(0, row.Arity).Select(i => Expr.Symbol($"a{i}") + i)];
            var expected = f.Call(row, [.. args.Select(f.Import)]);
            Assert.Equal(expected, Expr.Call(row.Name, args));
            foreach (var alias in row.Aliases) Assert.Equal(expected, Expr.Call(alias, args));
        }
    }

    [Fact]
    public void Calls_are_canonical_and_misspelled_or_misused_names_say_what_was_meant()
    {
        Assert.Equal(Expr.Parse("0"), Expr.Call("sin", 0));
        Assert.Equal(Expr.Parse("atan2(x, 1) + pi"), Expr.Call("atan2", X, 1) + Expr.Call("pi"));
        var unknown = Assert.Throws<ArgumentException>(() => Expr.Call("sinn", X));
        Assert.StartsWith("unknown function 'sinn'; did you mean 'sin'?", unknown.Message);
        Assert.Equal("name", unknown.ParamName);
        var arity = Assert.Throws<ArgumentException>(() => Expr.Call("atan2", X));
        Assert.StartsWith("'atan2' takes 2 arguments, not 1.", arity.Message);
        Assert.StartsWith("unknown function 'frobnicate'.", Assert.Throws<ArgumentException>(() => Expr.Call("frobnicate", X)).Message);
    }

    [Fact]
    public void Differentiate_gradient_and_simplify_return_expressions()
    {
        var e = Expr.Parse("x*y + sin(x)");
        Assert.Equal("y + cos(x)", e.Differentiate("x").ToString());
        Assert.Equal<string>(["y + cos(x)", "x"], e.Gradient("x", "y").Select(d => d.ToString()));
        Assert.Equal<Expr>(e.Gradient("x", "y"), e.Gradient());
        Assert.Equal("-sin(x)", e.Differentiate("x", 2).ToString());
        Assert.Equal(Expr.Parse("1"), Expr.Parse("sin(x)^2 + cos(x)^2").Simplify());
        var detailed = Expr.Parse("sin(x)^2 + cos(x)^2").SimplifyDetailed();
        Assert.Equal(Expr.Parse("1"), detailed.Value);
        Assert.Equal(StopReason.Saturated, detailed.StopReason);
        Assert.NotEmpty(detailed.RuleCounts);
    }

    [Fact]
    public void Evaluate_takes_pairs_or_a_dictionary_and_names_what_is_missing()
    {
        var e = Expr.Parse("x^2 + y");
        Assert.Equal(10, e.Evaluate(("x", 3), ("y", 1)));
        Assert.Equal(10, e.Evaluate(new Dictionary<string, double> { ["x"] = 3, ["y"] = 1 }));
        Assert.Equal<string>(["y"], Assert.Throws<MissingBindingException>(() => e.Evaluate(("x", 3))).Variables);
        Assert.Contains("'x' is given twice", Assert.Throws<ArgumentException>(() => e.Evaluate(("x", 3), ("x", 4), ("y", 1))).Message);
    }

    [Fact]
    public void Compile_gives_a_function_of_the_listed_variables()
    {
        var fn = Expr.Parse("x^2 + y").Compile("y", "x");
        Assert.Equal<string>(["y", "x"], fn.Variables);
        Assert.Equal(10, fn.Evaluate(1, 3)[0]);
        Assert.Equal<string>(["x", "y"], Expr.Parse("x^2 + y").Compile().Variables);
        Assert.Throws<MissingBindingException>(() => Expr.Parse("x^2 + y").Compile("x"));
    }

    [Fact]
    public void ToLatex_is_the_latex_formatter()
    {
        Assert.Equal("2 x \\cos\\left(x^{2}\\right)", Expr.Parse("sin(x^2)").Differentiate("x").ToLatex());
    }

    [Theory]
    [InlineData("2x")]
    [InlineData("")]
    [InlineData("x y")]
    [InlineData("sin")]
    [InlineData("pi")]
    [InlineData("e")]
    public void A_symbol_that_would_print_as_something_else_is_refused(string name) =>
        Assert.Throws<ArgumentException>(() => Expr.Symbol(name));

    [Fact]
    public void Decimals_are_printed_as_decimals_when_asked()
    {
        var d = Expr.Parse("3.14159*sin(0.017*x)").Differentiate("x");
        Assert.Equal("0.05340703*cos(0.017*x)", d.ToString(SymDiff.Formatting.NumberStyle.Decimals));
        Assert.Equal("5340703*cos(17*x/1000)/100000000", d.ToString());
        Assert.Equal("0.2 x", Expr.Parse("0.2*x").ToLatex(SymDiff.Formatting.NumberStyle.Decimals));
    }
}
