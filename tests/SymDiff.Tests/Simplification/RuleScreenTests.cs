using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Simplification;

/// <summary>Issue 12: the screens that let the simplifier skip rules, and whole runs, must never change a result.</summary>
public class RuleScreenTests
{
    // The same rules with no screen: every rule is tried at every node, and no run is skipped.
    private static readonly Rule[] Unscreened = [.. Rules.All.Select(r => r with { MayApply = null })];

    [Theory]
    [InlineData("2*x + 2")]
    [InlineData("2*x*cos(x^2)")]
    [InlineData("-x*exp(-x^2/2)/sqrt(2*pi)")]
    [InlineData("y*z + y*cos(x*y) + 2*x/(x^2 + y^2 + z^2)")]
    public void A_derivative_no_rule_can_touch_is_proved_untouchable(string input)
    {
        var f = new ExprFactory();
        Assert.True(RuleScreen.NothingApplies([Parse.Expr(input, f)], Rules.All, Budget.Default.MaxNodes));
    }

    [Theory]
    [InlineData("sin(x)^2 + cos(x)^2")]
    [InlineData("y*(cosh(x)^2 - sinh(x)^2)")]
    [InlineData("exp(x)*exp(y)*z")]
    [InlineData("sign(x)*abs(x) + 1")]
    [InlineData("x*s - x*y")]
    [InlineData("(x + 1)*(x - 1) + 1")]
    [InlineData("1 - exp(a)/(exp(a) + exp(b))")]
    public void A_node_some_rule_may_touch_takes_the_full_run(string input)
    {
        var f = new ExprFactory();
        Assert.False(RuleScreen.NothingApplies([Parse.Expr(input, f)], Rules.All, Budget.Default.MaxNodes));
    }

    [Fact]
    public void A_rule_without_a_screen_is_always_tried()
    {
        var f = new ExprFactory();
        Assert.False(RuleScreen.NothingApplies([Parse.Expr("2*x + 2", f)], Unscreened, Budget.Default.MaxNodes));
    }

    [Fact]
    public void The_screens_change_no_result()
    {
        var budget = new Budget(Deadline: null);
        for (var seed = 0; seed < 300; seed++)
        {
            var f = new ExprFactory();
            var e = RandomExpressions.Build(seed, f);
            Expr[] roots = [e, .. Derivatives.Gradient(e, RandomExpressions.Variables, f).Select(p => p.Value)];
            var screened = Simplifier.SimplifyAll(roots, f, budget);
            var unscreened = Simplifier.SimplifyAll(roots, f, budget, Unscreened);
            Assert.Equal(unscreened.Values.Select(v => v.ToString()), screened.Values.Select(v => v.ToString()));
            Assert.Equal(unscreened.Passes, screened.Passes);
            Assert.Equal(unscreened.StopReason, screened.StopReason);
            Assert.Equal(unscreened.RuleCounts.OrderBy(k => k.Key), screened.RuleCounts.OrderBy(k => k.Key));
        }
    }
}
