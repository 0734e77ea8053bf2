using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Calculus;

public class DerivationTraceTests
{
    private static DerivationTrace Trace(string input, string variable = "x")
    {
        var f = new ExprFactory();
        return DerivationTrace.Run(Parse.Expr(input, f), variable, f);
    }

    [Fact]
    public void Chain_rule_steps_are_nested_and_named()
    {
        var t = Trace("sin(x^2)");
        Assert.Equal("2*x*cos(x^2)", t.Result.ToString());
        Assert.Equal(["chain rule (sin)", "power rule", "d/dx x = 1"], t.Steps.Select(s => s.Rule));
        Assert.Equal([0, 1, 2], t.Steps.Select(s => s.Depth));
        Assert.Equal("2*x*cos(x^2)", t.Steps[0].Output.ToString());
    }

    [Theory]
    [InlineData("x^2+2*x+1", "sum rule", "constant multiple rule", "constant rule")]
    [InlineData("x*sin(x)", "product rule", "sin rule")]
    [InlineData("(x+1)/(x-1)", "quotient rule", "power rule (reciprocal)")]
    [InlineData("2^x", "exponential rule (a^u)' = a^u*log(a)*u'")]
    [InlineData("x^x", "general power rule (u^v)' = u^v*(v'*log(u) + v*u'/u)")]
    [InlineData("exp(tanh(x))", "chain rule (exp)", "tanh rule")]
    [InlineData("log(sigmoid(x))", "chain rule (log)", "sigmoid rule")]
    [InlineData("relu(2*x) + softplus(x)", "chain rule (relu)", "softplus rule")]
    public void Each_rule_is_named(string input, params string[] rules)
    {
        var names = Trace(input).Steps.Select(s => s.Rule).ToList();
        foreach (var rule in rules) Assert.Contains(rule, names);
    }

    [Fact]
    public void Repeated_subexpressions_are_derived_once_and_referred_to()
    {
        var t = Trace("sin(x^2) + cos(x^2)");
        Assert.Single(t.Steps, s => s.Rule == "power rule");
        Assert.Contains(t.Steps, s => s.Reused && s.Input.ToString() == "x^2");
    }

    [Fact]
    public void Every_step_agrees_with_finite_differences()
    {
        var rng = new Random(7);
        var f = new ExprFactory();
        for (var seed = 0; seed < 150; seed++)
        {
            var e = RandomExpressions.Build(seed, f, smoothOnly: true);
            var v = e.FreeSymbols.FirstOrDefault() ?? "x";
            var trace = DerivationTrace.Run(e, v, f);
            var point = RandomExpressions.Point(rng);
            var failures = trace.Verify(point);
            Assert.True(failures.Count == 0,
                $"{e}: {string.Join("; ", failures.Select(x => $"{x.Step} gives {x.Symbolic}, finite differences {x.Numeric}"))}");
        }
    }
}
