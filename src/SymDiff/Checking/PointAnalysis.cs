using System.Globalization;
using SymDiff.Expressions;
using SymDiff.Formatting;

namespace SymDiff.Checking;

/// <summary>A point where a non-smooth function of the expression sits exactly on its kink or singularity.</summary>
public sealed record Kink(Expr Node, string Description, string? Convention);

/// <summary>
/// Explains points: which subexpression makes a function undefined there, and which kinks (abs, relu, sign,
/// min/max ties, roots and powers at 0) the point sits on, so verdicts can say why rather than just fail.
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

    /// <summary>The kinks and singular points of non-smooth functions that the point sits on exactly.</summary>
    public static List<Kink> FindKinks(Expr root, IReadOnlyDictionary<string, double> point)
    {
        var values = NodeValues(root, point);
        var kinks = new List<Kink>();
        foreach (var node in values.Keys)
        {
            switch (node)
            {
                case Call { Function.Name: "abs" or "relu" or "sign" or "heaviside" } c when values[c.Args[0]] == 0:
                    kinks.Add(new Kink(node, $"{node} has a kink where {c.Args[0]} = 0", c.Function.Convention));
                    break;
                case Call { Function.Name: "min" or "max" } c when values[c.Args[0]] == values[c.Args[1]]:
                    kinks.Add(new Kink(node, $"{node} is at a tie ({c.Args[0]} = {c.Args[1]})", c.Function.Convention));
                    break;
                case Call { Function.Name: "atan2" } c when values[c.Args[0]] == 0 && values[c.Args[1]] == 0:
                    kinks.Add(new Kink(node, $"{node} is at the origin, where atan2 has no derivative", c.Function.Convention));
                    break;
                case Call { Function.Name: "cbrt" } c when values[c.Args[0]] == 0:
                    kinks.Add(new Kink(node, $"{node} has a vertical tangent where {c.Args[0]} = 0", c.Function.Convention));
                    break;
                case Pow p when values[p.Base] == 0 && !(p.Exponent is Num { Value.IsInteger: true, Value.Sign: > 0 }):
                    kinks.Add(new Kink(node, $"{InfixFormatter.Format(node)} has base 0, where its derivative is singular", null));
                    break;
            }
        }
        return kinks;
    }

    public static string Show(double v) => double.IsNaN(v) ? "NaN"
        : double.IsPositiveInfinity(v) ? "Infinity" : double.IsNegativeInfinity(v) ? "-Infinity"
        : v.ToString("R", CultureInfo.InvariantCulture);
}
