using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Formatting;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Tests.Calculus;

/// <summary>
/// Every stage is safe on the deepest trees the parser accepts (<see cref="Parser.MaxDepth"/>). Like the CLI,
/// the pipeline runs on a thread with a large stack; the stack guards turn anything deeper into an exception.
/// </summary>
public class DeepTreeTests
{
    public static TheoryData<string> DeepInputs()
    {
        var n = Parser.MaxDepth - 2;
        return
        [
            string.Concat(Enumerable.Repeat("sin(", n)) + "x" + new string(')', n),
            Enumerable.Range(0, n / 2).Aggregate("x", (acc, _) => $"({acc})^2+1"),
            string.Join("^", Enumerable.Repeat("x", n / 2)),
            string.Concat(Enumerable.Repeat("-(", n / 2)) + "x" + new string(')', n / 2),
            string.Concat(Enumerable.Repeat("(x+", n)) + "1" + new string(')', n),
        ];
    }

    [Theory]
    [MemberData(nameof(DeepInputs))]
    public void Every_stage_survives_the_deepest_accepted_input(string input)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var f = new ExprFactory();
                var e = Parser.Parse(input, f).Value ?? throw new Exception("did not parse");
                var d = Differentiator.Differentiate(e, "x", f);
                var s = Simplifier.Simplify(d, f).Value;
                Assert.False(string.IsNullOrEmpty(InfixFormatter.Format(s)));
                Assert.False(string.IsNullOrEmpty(LatexFormatter.Format(s)));
                var point = new Dictionary<string, double> { ["x"] = 0.5 };
                var interpreted = Evaluator.Evaluate(s, point);
                var compiled = CompiledFunction.Compile([s], ["x"]).Evaluate(0.5)[0];
                Assert.True(interpreted.Equals(compiled) || Math.Abs(interpreted - compiled) <= 1e-9 * Math.Abs(interpreted));
            }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }

    [Fact]
    public void Huge_printed_trees_print_a_placeholder_instead_of_hanging()
    {
        var f = new ExprFactory();
        // u -> u*sin(u) doubles the printed tree each level: 40 levels share 80 nodes but print 2^40 of them.
        var e = f.Symbol("x");
        for (var i = 0; i < 40; i++) e = f.Mul(e, f.Fn("sin", e));
        var text = Differentiator.Differentiate(e, "x", f).ToString();
        Assert.StartsWith("<expression of", text);
    }
}
