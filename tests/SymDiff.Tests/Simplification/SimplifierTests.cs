using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Simplification;

public class SimplifierTests
{
    private static string Simplified(string input, out SimplifyResult result)
    {
        var f = new ExprFactory();
        result = Simplifier.Simplify(Parse.Expr(input, f), f);
        return result.Value.ToString();
    }

    [Theory]
    [InlineData("sin(x)^2 + cos(x)^2", "1", "pythagorean-trig")]
    [InlineData("3*sin(x*y)^2 + 3*cos(x*y)^2 + z", "z + 3", "pythagorean-trig")]
    [InlineData("cosh(x)^2 - sinh(x)^2", "1", "pythagorean-hyperbolic")]
    [InlineData("exp(x)*exp(2*y)", "exp(x + 2*y)", "exp-product")]
    [InlineData("sign(x)*abs(x)", "x", "sign-times-abs")]
    public void Each_rule_fires_and_is_counted(string input, string expected, string rule)
    {
        Assert.Equal(expected, Simplified(input, out var result));
        Assert.True(result.RuleCounts.GetValueOrDefault(rule) >= 1, rule);
        Assert.Equal(StopReason.Saturated, result.StopReason);
    }

    [Theory]
    [InlineData("sin(x)^2 + cos(y)^2")]
    [InlineData("2*sin(x)^2 + cos(x)^2")]
    [InlineData("exp(x)*y")]
    public void Rules_do_not_fire_where_they_do_not_apply(string input) =>
        Assert.Equal(Parse.Expr(input, new ExprFactory()).ToString(), Simplified(input, out _));

    [Fact]
    public void A_tiny_budget_stops_early_and_says_why()
    {
        var f = new ExprFactory();
        var e = Parse.Expr(string.Join("+", Enumerable.Range(1, 300).Select(i => $"sin(x{i})^2*cos(x{i})")), f);
        var result = Simplifier.Simplify(e, f, new Budget(MaxPasses: 4, MaxNodes: 10));
        Assert.Equal(StopReason.NodeLimit, result.StopReason);
    }

    [Fact]
    public void Simplification_never_grows_an_expression()
    {
        var f = new ExprFactory();
        for (var seed = 0; seed < 200; seed++)
        {
            var e = RandomExpressions.Build(seed, f);
            Assert.True(Simplifier.Simplify(e, f).Value.TreeSize <= e.TreeSize, e.ToString());
        }
    }

    [Theory]
    [InlineData("(x+1)^2", "x^2 + 2*x + 1")]
    [InlineData("(x+1)*(x-1)", "x^2 - 1")]
    [InlineData("2*(x+y)*z", "2*x*z + 2*y*z")]
    [InlineData("sin((x+1)^2)", "sin(x^2 + 2*x + 1)")]
    public void Expansion_is_an_explicit_operation(string input, string expected)
    {
        var f = new ExprFactory();
        var e = Parse.Expr(input, f);
        Assert.Equal(expected, Expander.Expand(e, f).ToString());
    }

    [Theory]
    [InlineData("sin(u)^2*cos(v)^2 + cos(u)^2*cos(v)^2 + sin(u)^2*sin(v)^2", "sin(u)^2*sin(v)^2 + cos(v)^2")]
    [InlineData("sin(u)^2 + cos(u)^2 + 2*sin(v)^2 + 2*cos(v)^2 + cosh(w)^2 - sinh(w)^2", "4")]
    public void Every_pair_merges_in_one_application_and_no_term_joins_two_pairs(string input, string expected)
    {
        var f = new ExprFactory();
        var e = Parse.Expr(input, f);
        var s = Simplifier.Simplify(e, f).Value;
        Assert.Equal(expected, s.ToString());
        var point = new Dictionary<string, double> { ["u"] = 0.3, ["v"] = 1.1, ["w"] = -0.7 };
        Assert.Equal(SymDiff.Evaluation.Evaluator.Evaluate(e, point), SymDiff.Evaluation.Evaluator.Evaluate(s, point), 12);
    }

    [Fact]
    public void Issue_8_an_undefined_constant_is_never_simplified_away()
    {
        var f = new ExprFactory();
        var e = Parse.Expr("sin(log(-1))^2 + cos(log(-1))^2 + sign(1/0)*abs(1/0)", f);
        var s = Simplifier.Simplify(e, f).Value;
        Assert.True(s.IsUndefinedConstant, s.ToString());
    }
}
