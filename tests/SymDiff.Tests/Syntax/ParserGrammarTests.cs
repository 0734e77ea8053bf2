using SymDiff.Expressions;
using SymDiff.Numbers;
using SymDiff.Syntax;
using static SymDiff.Tests.Syntax.ParseAssert;

namespace SymDiff.Tests.Syntax;

/// <summary>One test (or theory) per grammar rule, pinned by canonical prints.</summary>
public class ParserGrammarTests
{
    private readonly ExprFactory _f = new();

    // ---- numbers ----

    [Theory]
    [InlineData("42", "42")]
    [InlineData("0", "0")]
    [InlineData("007", "7")]
    [InlineData("0.25", "1/4")]
    [InlineData("5.", "5")]
    [InlineData(".5", "1/2")]
    [InlineData("1.5e-3", "3/2000")]
    [InlineData("2E5", "200000")]
    [InlineData("2e+2", "200")]
    [InlineData("1e400", "1" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000"
        + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000"
        + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000"
        + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000"
        + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000"
        + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000")]
    public void Numbers_are_exact_rationals(string input, string expected) => Prints(input, expected);

    [Fact]
    public void Division_of_integers_stays_rational() => Prints("1/3", "1/3");

    [Fact]
    public void Decimal_products_fold_exactly() => Prints("2*0.5", "1");

    [Fact]
    public void An_e_followed_by_a_letter_is_not_an_exponent()
    {
        // 2exp(x) is 2*exp(x) and 2ex is 2*ex; 2e5 is a number.
        Prints("2exp(x)", "2*exp(x)");
        Prints("2ex", "2*ex");
        Prints("2e5x", "200000*x");
    }

    // ---- identifiers ----

    [Theory]
    [InlineData("x")]
    [InlineData("w1")]
    [InlineData("theta")]
    [InlineData("x_2")]
    [InlineData("X")]
    public void Identifiers_are_variables(string name)
    {
        var result = Parser.Parse(name, _f);
        Assert.Same(_f.Symbol(name), result.Value);
        Assert.Equal<string>([name], result.Variables);
    }

    [Fact]
    public void A_run_of_letters_is_one_identifier()
    {
        var result = Parser.Parse("xy");
        Assert.Equal("xy", result.Value!.ToString());
        Assert.Equal<string>(["xy"], result.Variables);
    }

    [Fact]
    public void Pi_and_e_are_the_constants()
    {
        Assert.Same(_f.Pi, Parser.Parse("pi", _f).Value);
        Assert.Same(_f.E, Parser.Parse("e", _f).Value);
        Assert.Empty(Parser.Parse("pi*e", _f).Variables);
        Prints("e^x", "exp(x)");
        Prints("2 e", "2*e");
    }

    // ---- operators ----

    [Fact]
    public void Sums_and_products_print_canonically() => Prints("x^2+2*x+1", "x^2 + 2*x + 1");

    [Theory]
    [InlineData("a - b - c", "a - b - c")]   // left-associative
    [InlineData("a - (b - c)", "a - b + c")]
    [InlineData("a/b/c", "a/(b*c)")]         // left-associative
    [InlineData("a/(b/c)", "a*c/b")]
    [InlineData("x*y/z", "x*y/z")]
    [InlineData("1 + 2*3", "7")]
    [InlineData("(1 + 2)*3", "9")]
    public void Binary_operators(string input, string expected) => Prints(input, expected);

    [Fact]
    public void Unary_minus_binds_looser_than_power()
    {
        // -x^2 is -(x^2), as in Python.
        Prints("-x^2", "-x^2");
        Assert.Equal(_f.Neg(_f.Pow(_f.Symbol("x"), 2)), Parses("-x^2"));
        Prints("-2^2", "-4");
        Prints("(-2)^2", "4");
    }

    [Fact]
    public void A_leading_sign_negates_the_whole_product()
    {
        // -(x+1)*y is -((x+1)*y): the same value as (-(x+1))*y, and the canonical form the printer writes back.
        var x = _f.Symbol("x");
        Assert.Equal(_f.Neg(_f.Mul(_f.Add(x, _f.One), _f.Symbol("y"))), Parses("-(x+1)*y"));
        Prints("-(x+1)*y", "-y*(x + 1)");
        Prints("-(x+1)", "-x - 1");
        Prints("y*-(x+1)", "y*(-x - 1)");
    }

    [Fact]
    public void Power_exponent_may_be_signed()
    {
        // 2^-x is 2^(-x); x^-2 is 1/x^2.
        Prints("2^-x", "1/2^x");
        Prints("x^-2", "1/x^2");
        Prints("2^+x", "2^x");
        Prints("2^-x^2", "1/2^(x^2)");
    }

    [Fact]
    public void Power_is_right_associative()
    {
        // 2^3^2 is 2^(3^2) = 512, not (2^3)^2 = 64 (Python semantics).
        Prints("2^3^2", "512");
        Prints("(2^3)^2", "64");
        Same("x^y^z", "x^(y^z)");
    }

    [Fact]
    public void Double_star_is_power() => Same("x**2 + 2**-x", "x^2 + 2^(-x)");

    [Theory]
    [InlineData("+x", "x")]
    [InlineData("--x", "x")]
    [InlineData("- - -x", "-x")]
    [InlineData("-+-x", "x")]
    [InlineData("x*-y", "-x*y")]
    [InlineData("x - -y", "x + y")]
    public void Unary_signs(string input, string expected) => Prints(input, expected);

    // ---- implicit multiplication ----

    [Theory]
    [InlineData("2x", "2*x")]
    [InlineData("2(x+1)", "2*(x+1)")]
    [InlineData("(x+1)(x-1)", "(x+1)*(x-1)")]
    [InlineData("2 pi", "2*pi")]
    [InlineData("2 sin(x)", "2*sin(x)")]
    [InlineData("x y", "x*y")]
    [InlineData("2x y", "2*x*y")]
    [InlineData("sin(x)cos(x)", "sin(x)*cos(x)")]
    [InlineData("pi(x+1)", "pi*(x+1)")]
    public void Implicit_multiplication(string input, string equivalent) => Same(input, equivalent);

    [Fact]
    public void Implicit_multiplication_binds_looser_than_power() => Same("3x^2", "3*(x^2)");

    [Fact]
    public void Implicit_multiplication_binds_like_star()
    {
        // Same precedence as '*', left to right: 1/2x is (1/2)*x, not 1/(2*x), as 1/2*x is in Python.
        Same("1/2x", "(1/2)*x");
        Prints("1/2x", "x/2");
        Same("2^x y", "(2^x)*y");
    }

    // ---- calls ----

    [Fact]
    public void Calls_resolve_through_the_table()
    {
        Prints("sin(x)", "sin(x)");
        Prints("atan2(y, x)", "atan2(y, x)");
        Prints("max(x, 1)", "max(x, 1)");
        Prints("sqrt(x)", "sqrt(x)");
        Prints("sin(-x)", "-sin(x)");
        Prints("exp(1)", "e");
    }

    [Fact]
    public void Ln_is_log() => Same("ln(x)", "log(x)");

    [Fact]
    public void Log_with_two_arguments_is_log_base_b()
    {
        Prints("log(x, 2)", "log(x)/log(2)");
        Same("ln(x, b)", "log(x)/log(b)");
    }

    [Fact]
    public void Nested_calls_and_arguments_are_full_expressions()
    {
        Prints("sin(cos(x^2 + 1))", "sin(cos(x^2 + 1))");
        Prints("max(x + 1, -2y)", "max(x + 1, -2*y)");
    }

    // ---- whitespace and variables ----

    [Fact]
    public void Whitespace_between_tokens_is_ignored() => Prints(" x \t+\n 1\r\n* 2 ", "x + 2");

    [Fact]
    public void Variables_are_listed_in_order_of_first_appearance()
    {
        Assert.Equal<string>(["y", "x", "z"], Parser.Parse("y + x*z + y - sin(x)").Variables);
        Assert.Equal<string>(["x"], Parser.Parse("x - x").Variables); // listed even when canonicalised away
        Assert.Equal<string>(["b", "a"], Parser.Parse("b + a + pi + e + log(a, b)").Variables);
    }

    [Fact]
    public void The_given_factory_builds_the_nodes()
    {
        var value = Parser.Parse("x + 1", _f).Value;
        Assert.Same(_f.Add(_f.Symbol("x"), _f.One), value);
    }

    [Theory]
    [InlineData("x^2+2*x+1")]
    [InlineData("-(x+1)*y/(2z) + sin(x)^2 - log(x, 2)")]
    [InlineData("x - x + 2^3^2")]
    public void Results_do_not_depend_on_interning(string input) =>
        Assert.Equal(Parses(input), Parses(input, new ExprFactory(intern: false)));

    [Fact]
    public void Fractional_powers_and_roots()
    {
        Prints("x^(1/2)", "sqrt(x)");
        Prints("x^0.5", "sqrt(x)");
        Prints("4^(1/2)", "2");
        Prints("x^(1/3)", "x^(1/3)");
        Assert.Equal(_f.Pow(_f.Symbol("x"), Rational.Create(-1, 2)), Parses("1/sqrt(x)"));
    }
}
