using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Tests.Evaluation;

/// <summary>
/// Issue 12: <see cref="Evaluator"/> keeps the program it lowered for an expression, so claim hints and verdict notes
/// that evaluate one expression at several points lower it once. The cache must never change an answer.
/// </summary>
public class EvaluatorCacheTests
{
    private readonly ExprFactory f = new();

    [Fact]
    public void The_same_expression_at_several_points_gives_each_points_value()
    {
        var e = f.Add(f.Fn("sin", f.Symbol("x")), f.Mul(f.Symbol("y"), f.Symbol("x")));
        foreach (var (x, y) in new[] { (0.5, 2.0), (1.5, -1.0), (0.5, 2.0), (-3.0, 0.25) })
            Assert.Equal(Math.Sin(x) + y * x, Evaluator.Evaluate(e, new Dictionary<string, double> { ["x"] = x, ["y"] = y }));
    }

    [Fact]
    public void Outputs_sharing_a_first_expression_are_told_apart()
    {
        var x = f.Symbol("x");
        var point = new Dictionary<string, double> { ["x"] = 2 };
        Assert.Equal([4.0], Evaluator.Evaluate([f.Pow(x, 2)], point));
        Assert.Equal([4.0, 8.0], Evaluator.Evaluate([f.Pow(x, 2), f.Pow(x, 3)], point));
        Assert.Equal([4.0, 2.0], Evaluator.Evaluate([f.Pow(x, 2), x], point));
    }

    [Fact]
    public void A_missing_binding_still_throws_after_a_cached_evaluation()
    {
        var e = f.Mul(f.Symbol("a"), f.Symbol("b"));
        Assert.Equal(6.0, Evaluator.Evaluate(e, new Dictionary<string, double> { ["a"] = 2, ["b"] = 3 }));
        var error = Assert.Throws<MissingBindingException>(() => Evaluator.Evaluate(e, new Dictionary<string, double> { ["a"] = 2 }));
        Assert.Equal("b", Assert.Single(error.Variables));
    }
}
