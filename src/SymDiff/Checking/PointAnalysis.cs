using System.Globalization;
using SymDiff.Expressions;

namespace SymDiff.Checking;

/// <summary>A point where a non-smooth function of the expression sits exactly on its kink or singularity.</summary>
public sealed record Kink(Expr Node, string Description, string? Convention);

/// <summary>
/// Explains points: which subexpression makes a function undefined there, and which kinks of the table's Kink
/// column the point sits on, so verdicts can say why rather than just fail.
/// </summary>
public static class PointAnalysis
{
    /// <summary>The value of every distinct node at the point (children before parents).</summary>
    public static Dictionary<Expr, double> NodeValues(Expr root, IReadOnlyDictionary<string, double> point)
    {
        var values = new Dictionary<Expr, double>();
        foreach (var node in ExprMetrics.TopologicalOrder([root]))
        {
            values[node] = node switch
            {
                Num n => n.Value.ToDouble(),
                Sym s => point.TryGetValue(s.Name, out var v) ? v : double.NaN,
                Add a => a.Terms.Sum(t => values[t]),
                Mul m => m.Factors.Aggregate(1.0, (p, f) => p * values[f]),
                Pow p => Math.Pow(values[p.Base], values[p.Exponent]),
                Call c => c.Function.Evaluate([.. c.Args.Select(a => values[a])]),
                _ => double.NaN,
            };
        }
        return values;
    }

    /// <summary>
    /// The innermost subexpression whose value is NaN or infinite while its arguments are finite, described
    /// for a person ("log(x) is -Infinity at this point (its argument is 0)"), or null when the value is finite.
    /// </summary>
    public static string? ExplainUndefined(Expr root, IReadOnlyDictionary<string, double> point)
    {
        var values = NodeValues(root, point);
        if (double.IsFinite(values[root])) return null;
        foreach (var (node, value) in values)
        {
            if (double.IsFinite(value) || node.Children.Any(c => !double.IsFinite(values[c]))) continue;
            var args = string.Join(", ", node.Children.Select(c => Show(values[c])));
            var what = node switch
            {
                Pow { Exponent: Num { Value.IsNegative: true } } => $"{node} divides by zero (its base is {args.Split(", ")[0]})",
                Pow => $"{node} is {Show(value)} (base and exponent {args})",
                Call c => $"{node} is {Show(value)}: {c.Function.Name} is not defined for {(c.Args.Length == 1 ? "the argument" : "the arguments")} {args}",
                _ => $"{node} is {Show(value)}",
            };
            return what;
        }
        return $"the value is {Show(values[root])}";
    }

    /// <summary>
    /// The kinks and singular points of non-smooth functions that the point sits on exactly, read from the table's
    /// Kink column; <see cref="KinkAnalysis.Find"/> adds the one-sided derivatives.
    /// </summary>
    public static List<Kink> FindKinks(Expr root, IReadOnlyDictionary<string, double> point) =>
        [.. KinkAnalysis.Locate(NodeValues(root, point)).Select(s => new Kink(s.Node, s.Description, s.Convention))];

    /// <summary>A value for a person: never -0, and infinities signed (+Infinity, -Infinity).</summary>
    public static string Show(double v) => double.IsNaN(v) ? "NaN"
        : double.IsPositiveInfinity(v) ? "+Infinity" : double.IsNegativeInfinity(v) ? "-Infinity"
        : v == 0 ? "0" : v.ToString("R", CultureInfo.InvariantCulture);
}
