using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Cli.Plotting;

/// <summary>
/// Finds where a function of one variable crosses the kinks of its non-smooth parts, as the function table's Kink
/// column places them: each kink rule with a switch (the argument of abs or relu, the difference of min/max's
/// arguments, ...) is sampled on the grid, its sign changes are bisected to the crossing, and
/// <see cref="PointAnalysis.FindKinks"/> describes the kink there (with the rule's own description when the
/// crossing is not exactly representable, e.g. abs(x^2 - 2) at sqrt(2)).
/// </summary>
/// <example><code>var kinks = KinkFinder.Find(f, factory, new Interval("x", -2, 2), 1001); // abs(x): one kink at 0</code></example>
public static class KinkFinder
{
    private const int MaxKinks = 200;

    public static List<CurveFeature> Find(Expr f, ExprFactory factory, Interval range, int count)
    {
        var switches = new List<(Expr Node, Expr Switch, string Fallback)>();
        foreach (var node in ExprMetrics.TopologicalOrder([f]))
        {
            if (!node.DependsOn(range.Variable)) continue;
            foreach (var site in KinkAnalysis.SitesOf(node))
                if (site.Switch(factory) is { } sw && sw.DependsOn(range.Variable)) switches.Add((node, sw, site.Description));
        }
        if (switches.Count == 0) return [];

        var fn = CompiledFunction.Compile([.. switches.Select(s => s.Switch)], [range.Variable]);
        var xs = range.Linspace(count);
        var gs = fn.EvaluateBatch([xs]);
        var kinks = new List<CurveFeature>();
        for (var k = 0; k < switches.Count && kinks.Count < MaxKinks; k++)
        {
            var (node, sw, fallback) = switches[k];
            var g = gs[k];
            var swFn = CompiledFunction.Compile([sw], [range.Variable]);
            for (var i = 0; i < xs.Length && kinks.Count < MaxKinks; i++)
            {
                double at;
                if (g[i] == 0)
                {
                    // A stretch of zeros (max(x, 0) where both are 0 is not a crossing): only its ends matter.
                    if (i > 0 && g[i - 1] == 0) continue;
                    at = xs[i];
                }
                else if (i + 1 < xs.Length && double.IsFinite(g[i]) && double.IsFinite(g[i + 1]) && g[i + 1] != 0 && Math.Sign(g[i]) != Math.Sign(g[i + 1]))
                {
                    at = Root(swFn, xs[i], g[i], xs[i + 1], g[i + 1]);
                }
                else continue;
                if (at < range.From || at > range.To) continue;
                var described = PointAnalysis.FindKinks(f, new Dictionary<string, double> { [range.Variable] = at })
                    .FirstOrDefault(kink => kink.Node == node)?.Description;
                kinks.Add(new CurveFeature(FeatureKind.Kink, at, at, described ?? fallback));
            }
        }
        return kinks;
    }

    /// <summary>Bisects a sign change of <paramref name="g"/> in [a, b] to the last double, or to an exact zero.</summary>
    private static double Root(CompiledFunction g, double a, double ga, double b, double gb)
    {
        var point = new double[1];
        var value = new double[1];
        for (var k = 0; k < 200; k++)
        {
            var m = a + (b - a) / 2;
            if (m <= a || m >= b) break;
            point[0] = m;
            g.Point(point, value);
            if (value[0] == 0) return m;
            if (Math.Sign(value[0]) == Math.Sign(ga)) { a = m; ga = value[0]; }
            else { b = m; gb = value[0]; }
        }
        // The end nearer the crossing, so FindKinks sees an exact 0 whenever one is representable.
        return Math.Abs(ga) <= Math.Abs(gb) ? a : b;
    }
}
