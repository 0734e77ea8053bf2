using SymDiff.Calculus;
using SymDiff.Checking;
using SymDiff.Cli.Rendering;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Syntax;
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
        Assert.All(t.Steps, s => Assert.Same(s.Output, s.Shown)); // small outputs print in full
    }

    [Theory]
    [InlineData("cos(x^2) + sin(x^2)", "d/dx (cos(x^2) + sin(x^2))")]
    [InlineData("2*x", "d/dx (2*x)")]
    [InlineData("-x", "d/dx (-x)")]
    [InlineData("1/x", "d/dx (1/x)")]
    [InlineData("x/3", "d/dx (x/3)")]
    [InlineData("x^2", "d/dx x^2")]
    [InlineData("sqrt(x)", "d/dx sqrt(x)")]
    [InlineData("sin(x)", "d/dx sin(x)")]
    [InlineData("x", "d/dx x")]
    public void A_derivative_of_a_sum_product_or_quotient_is_parenthesised(string input, string expected)
    {
        var f = new ExprFactory();
        Assert.Equal(expected, DerivationStep.DerivativeOf("x", Parse.Expr(input, f)));
    }

    [Fact]
    public void The_variable_rule_names_the_variable_differentiated_by()
    {
        var t = Trace("sin(y)", "y");
        Assert.Equal(["sin rule", "d/dy y = 1"], t.Steps.Select(s => s.Rule));
        Assert.Equal("d/dy y = 1   [d/dy y = 1]", t.Steps[1].ToString().Trim());
    }

    [Fact]
    public void A_placeholder_for_the_derivative_of_a_sum_is_parenthesised()
    {
        // A step whose output would swell is shown with references; their names follow DerivativeOf.
        var t = Trace("exp(" + string.Join("*", Enumerable.Range(1, 12).Select(i => $"sin({i}*x + 1)")) + ")");
        var names = t.Steps.SelectMany(s => s.References).Select(r => r.Placeholder.Name).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.StartsWith("[d/dx (", n));
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

    // The deepest input the parser accepts, on a thread with the stack the CLI gives its pipeline.
    private static void OnLargeStack(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() => { try { action(); } catch (Exception e) { failure = e; } }, maxStackSize: 256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new Exception("failed on the large stack", failure);
    }

    [Fact]
    public void Issue_8_steps_on_the_deepest_sin_chain_print_in_size_linear_in_each_step()
    {
        OnLargeStack(() =>
        {
            const int depth = Parser.MaxDepth - 1;
            var f = new ExprFactory();
            var e = Parse.Expr(string.Concat(Enumerable.Repeat("sin(", depth)) + "x" + new string(')', depth), f);
            var trace = DerivationTrace.Run(e, "x", f);
            Assert.Equal(depth + 1, trace.Steps.Length);
            Assert.Empty(trace.Verify(new Dictionary<string, double> { ["x"] = 0.7 }));

            // Each step prints in O(its input) characters: the input, cos of the argument and a reference to the
            // argument's derivative. Printed in full, the outputs made 840 MB (a product of k cosines at depth k).
            foreach (var step in trace.Steps)
                Assert.True(step.ToString().Length <= 4 * step.Input.ToString().Length + 2 * step.Depth + 64, step.ToString()[..200]);
            var deep = trace.Steps[0];
            Assert.Equal("chain rule (sin)", deep.Rule);
            var reference = Assert.Single(deep.References);
            Assert.Equal(((Call)e).Args[0], reference.Of);
            Assert.Equal($"[d/dx {reference.Of}]*cos({reference.Of})", deep.Shown.ToString());

            // Shown has Output's value once each reference is bound to the derivative it stands for.
            var point = new Dictionary<string, double> { ["x"] = 0.7 };
            foreach (var step in trace.Steps.Where(s => !s.References.IsEmpty).Take(50))
            {
                var bound = ExprRebuilder.Substitute(step.Shown, f, step.References.ToDictionary(
                    r => r.Placeholder.Name, r => trace.Steps.First(s => s.Input.Equals(r.Of)).Output));
                Assert.Equal(Evaluator.Evaluate(step.Output, point), Evaluator.Evaluate(bound, point), 12);
            }

            // The reports print the references as derivatives, text and LaTeX alike.
            var derivation = new Derivation("x", trace.Steps, trace.Result, trace.Result, 0);
            var text = new StringWriter();
            StepsReport.WriteText(text, derivation);
            Assert.True(text.ToString().Length < 20_000_000, $"{text.ToString().Length} characters");
            Assert.Contains($"d/dx {e} = [d/dx {reference.Of}]*cos({reference.Of})   [chain rule (sin)]", text.ToString());
            var latex = new StringWriter();
            StepsReport.WriteLatex(latex, derivation);
            Assert.DoesNotContain("[d/dx", latex.ToString());
            Assert.Contains("\\frac{d}{dx}\\left[\\sin\\left(", latex.ToString());
        });
    }
}
