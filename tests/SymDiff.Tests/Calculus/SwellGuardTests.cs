using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Calculus;

/// <summary>
/// Derivative size ceilings on the benchmark cases (shared/bench-cases.tsv): DAG size, i.e. distinct nodes plus
/// child references, of the whole gradient against the function's. Sizes, not wall time, so CI is never flaky.
/// </summary>
public class SwellGuardTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "bench-cases.tsv")))
        {
            var cells = line.Split('\t');
            if (cells.Length == 3) data.Add(cells[0], cells[1], cells[2]);
        }
        return data;
    }

    private static (int Function, int Gradient) Sizes(string expression, IReadOnlyList<string> variables)
    {
        var f = new ExprFactory();
        var e = Parse.Expr(expression, f);
        var gradient = Derivatives.Gradient(e, variables, f).Select(d => d.Value);
        return (ExprMetrics.DagSize([e]), ExprMetrics.DagSize(gradient));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_stays_within_its_ceiling(string name, string expression, string variables)
    {
        var (function, gradient) = Sizes(expression, variables.Split(','));
        // The target is 5x for prod30, nest_sin20, sqnest10 and mlp16; the others get the same ceiling.
        Assert.True(gradient <= 5 * function, $"{name}: gradient DAG {gradient} vs function {function}");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("nest")]
    [InlineData("sqnest")]
    public void Growth_is_near_linear_when_the_family_doubles(string family)
    {
        string Build(int n) => family switch
        {
            "prod" => string.Join("*", Enumerable.Range(1, n).Select(i => $"(x+{i})")),
            "nest" => string.Concat(Enumerable.Repeat("sin(", n)) + "x" + new string(')', n),
            _ => Enumerable.Range(0, n).Aggregate("x", (acc, _) => $"({acc})^2+1"),
        };
        var previous = 0;
        foreach (var n in new[] { 10, 20, 40, 80 })
        {
            var (_, gradient) = Sizes(Build(n), ["x"]);
            // Doubling n may at most a bit more than double the size: O(n log n) for balanced product rules.
            if (previous > 0) Assert.True(gradient <= 2.6 * previous, $"{family} n={n}: {gradient} after {previous}");
            previous = gradient;
        }
    }
}
