using SymDiff.Checking;

namespace SymDiff.Cli.Rendering;

/// <summary>How derivatives and points are named in text and LaTeX output.</summary>
public static class Labels
{
    /// <summary>df/dx, d2f/dx2, d2f/dxdy.</summary>
    public static string Derivative(IReadOnlyList<string> variables) => DerivativeLabel.Of(variables);

    public static string LatexDerivative(IReadOnlyList<string> variables)
    {
        var order = variables.Count;
        var top = order == 1 ? "\\partial f" : $"\\partial^{{{order}}} f";
        var bottom = string.Join(" ", variables.GroupBy(v => v).Select(g =>
            $"\\partial {SymDiff.Formatting.LatexFormatter.Symbol(g.Key)}" + (g.Count() > 1 ? $"^{{{g.Count()}}}" : "")));
        return $"\\frac{{{top}}}{{{bottom}}}";
    }

    /// <summary>x = 3, y = pi/4 = 0.7853981633974483: each value with what the user typed for it, where that was not a plain number.</summary>
    public static string Point(IEnumerable<KeyValuePair<string, double>> point, IReadOnlyDictionary<string, string>? typed = null) =>
        string.Join(", ", point.Select(p => PointSpec.Echo(p.Key, p.Value, typed)));

    public static string Function(IReadOnlyList<string> variables) => $"f({string.Join(", ", variables)})";
}
