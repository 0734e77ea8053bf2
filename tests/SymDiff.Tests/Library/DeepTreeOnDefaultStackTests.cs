using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Formatting;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Tests.Library;

/// <summary>
/// Library users run on a default 1 MiB thread stack, not the CLI's 256 MiB one: trees 5,000 deep go through every
/// public stage there (StackGuard continues deep walks on a thread with a stack to match), and text nested deeper
/// than <see cref="Parser.MaxDepth"/> is a diagnostic, never an overflow.
/// </summary>
public class DeepTreeOnDefaultStackTests
{
    // Beyond what a recursive walk fits in 1 MiB (a few thousand levels). At 20,000 levels the sin chain's stages
    // ran past 400 s (where the time goes is not yet measured: a note for the speed issue), so 5,000 here.
    private const int Deep = 5_000;
    private const int DefaultStack = 1 << 20;

    public static TheoryData<string> DeepBuilders() => ["sin chain", "sum chain"];

    // Built bottom-up through the operators, as a user's loop would.
    private static Expr Build(string kind, int depth = Deep)
    {
        var x = Expr.Symbol("x");
        var e = x;
        for (var i = 0; i < depth; i++)
            e = kind switch
            {
                "sin chain" => Expr.Call("sin", e),
                "sum chain" => x + e, // flattens and merges: 20001*x
                _ => throw new ArgumentException(kind),
            };
        return e;
    }

    [Theory]
    [MemberData(nameof(DeepBuilders))]
    public void Every_public_stage_runs_on_a_default_stack(string kind)
    {
        OnDefaultStack(() =>
        {
            var e = Build(kind);
            Assert.Equal(kind == "sum chain" ? 2 : Deep + 1, e.Depth);
            var d = e.Differentiate("x");
            // The function's own tree is the deep one (a derivative of a chain is a long, flat product).
            Assert.Equal(e.ToString(), e.Simplify().ToString());
            Assert.False(string.IsNullOrEmpty(d.Simplify().ToString()));
            Assert.False(string.IsNullOrEmpty(e.ToLatex()));
            Assert.True(double.IsFinite(d.Evaluate(("x", 0.25))));
            Assert.True(double.IsFinite(e.Evaluate(("x", 0.25))));
            // The static API is guarded too.
            var f = new ExprFactory();
            Assert.Equal(d, Differentiator.Differentiate(e, "x", f));
            Assert.Equal(e, Simplifier.Simplify(e, f).Value);
            Assert.Equal(e.ToString(), InfixFormatter.Format(e));
            Assert.Equal(e.ToLatex(), LatexFormatter.Format(e));
        });
    }

    [Fact]
    public void Compiled_and_interpreted_values_of_a_deep_chain_agree_on_a_default_stack()
    {
        OnDefaultStack(() =>
        {
            var d = Build("sin chain", 5_000).Differentiate("x");
            var interpreted = d.Evaluate(("x", 0.25));
            var compiled = d.Compile("x").Evaluate(0.25)[0];
            Assert.True(Math.Abs(interpreted - compiled) <= 1e-12 * Math.Abs(interpreted), $"{interpreted} vs {compiled}");
        });
    }

    [Fact]
    public void Deep_trees_from_different_factories_compare_structurally_without_recursing()
    {
        OnDefaultStack(() =>
        {
            var (f, g) = (new ExprFactory(intern: false), new ExprFactory(intern: false));
            Expr a = f.Symbol("x"), b = g.Symbol("x"), c = g.Symbol("x");
            for (var i = 0; i < Deep; i++)
            {
                a = f.Call(SymDiff.Functions.FunctionTable.Lookup("sin", 1)!, a);
                b = g.Call(SymDiff.Functions.FunctionTable.Lookup("sin", 1)!, b);
                c = g.Call(SymDiff.Functions.FunctionTable.Lookup(i == 0 ? "cos" : "sin", 1)!, c);
            }
            Assert.True(a.Equals(b));
            Assert.False(a.Equals(c));
            Assert.Equal(a, ExprRebuilder.Rebuild(a, new ExprFactory(), static (_, _) => null));
        });
    }

    [Fact]
    public void Text_nested_20000_deep_is_a_nesting_diagnostic_and_the_deepest_accepted_text_parses()
    {
        OnDefaultStack(() =>
        {
            var deep = string.Concat(Enumerable.Repeat("sin(", Deep)) + "x" + new string(')', Deep);
            var error = Assert.Throws<ParseException>(() => Expr.Parse(deep));
            Assert.Equal(DiagnosticCode.NestingTooDeep, Assert.Single(error.Diagnostics).Code);
            Assert.False(Expr.TryParse(deep, out _, out _));

            var n = Parser.MaxDepth - 2;
            var accepted = Expr.Parse(string.Concat(Enumerable.Repeat("(x+", n)) + "1" + new string(')', n));
            Assert.Equal("998*x + 1", accepted.ToString());
            var chain = Expr.Parse(string.Concat(Enumerable.Repeat("sin(", n)) + "x" + new string(')', n));
            Assert.Equal(n + 1, chain.Depth);
            Assert.Equal(Math.Cos(0.5), Expr.Parse("sin(x)").Differentiate("x").Evaluate(("x", 0.5)));
            Assert.True(double.IsFinite(chain.Differentiate("x").Simplify().Evaluate(("x", 0.5))));
        });
    }

    private static void OnDefaultStack(Action test)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { test(); }
            catch (Exception e) { failure = e; }
        }, DefaultStack);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new Xunit.Sdk.XunitException($"on a 1 MiB stack: {failure}");
    }
}
