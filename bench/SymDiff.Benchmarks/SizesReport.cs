using System.Globalization;
using System.Text;
using SymDiff.Expressions;

namespace SymDiff.Benchmarks;

/// <summary>
/// Expression swell, not timing: DAG sizes of each case's function and gradient (all partials together, shared
/// nodes once), and gradient sizes of the product, nesting and squaring families at n = 10, 20, 40, 80.
/// DagSize = distinct nodes + child references (<see cref="ExprMetrics.DagSize"/>).
/// </summary>
public static class SizesReport
{
    private static readonly int[] FamilySizes = [10, 20, 40, 80];

    public static string Build()
    {
        var text = new StringBuilder();
        text.AppendLine("| case | vars | f nodes | f DagSize | ∇ nodes | ∇ DagSize | ∇/f | simplified ∇ DagSize | simplified ∇/f |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in BenchCases.Cases)
        {
            var factory = new ExprFactory();
            var f = BenchCases.Parse(c.Expression, factory);
            var gradient = BenchCases.Gradient(f, c.Variables, factory);
            var simplified = BenchCases.SimplifiedGradient(f, c.Variables, factory);
            var fSize = ExprMetrics.DagSize([f]);
            var gSize = ExprMetrics.DagSize(gradient);
            var sSize = ExprMetrics.DagSize(simplified);
            text.AppendLine(Row(c.Name, c.Variables.Length, ExprMetrics.DistinctNodes([f]), fSize,
                ExprMetrics.DistinctNodes(gradient), gSize, Ratio(gSize, fSize), sSize, Ratio(sSize, fSize)));
        }

        text.AppendLine();
        text.AppendLine("Families: gradient DagSize (raw, then simplified) at n terms / levels; growth is linear when ∇/n stays flat.");
        text.AppendLine();
        text.AppendLine("| family | n | f DagSize | ∇ DagSize | ∇/f | ∇/n | simplified ∇ DagSize |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, make) in new (string, Func<int, string>)[]
                 {
                     ("product (x+1)*...*(x+n)", BenchCases.Product),
                     ("nesting sin(sin(...x))", BenchCases.NestedSin),
                     ("sqnest ((x^2+1)^2+1)...", BenchCases.SquareNest),
                     ("sum 1*x^1+...+n*x^n", BenchCases.PolynomialSum),
                 })
        {
            foreach (var n in FamilySizes)
            {
                var factory = new ExprFactory();
                var f = BenchCases.Parse(make(n), factory);
                var fSize = ExprMetrics.DagSize([f]);
                var gSize = ExprMetrics.DagSize(BenchCases.Gradient(f, ["x"], factory));
                var sSize = ExprMetrics.DagSize(BenchCases.SimplifiedGradient(f, ["x"], factory));
                text.AppendLine(Row(name, n, fSize, gSize, Ratio(gSize, fSize), Ratio(gSize, n), sSize));
            }
        }
        return text.ToString();
    }

    private static string Ratio(int a, int b) => ((double)a / b).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Row(params object[] cells) => "| " + string.Join(" | ", cells) + " |";
}
