namespace SymDiff.Checking;

/// <summary>How a derivative is named in every report and note: df/dx, d2f/dx2, d2f/dxdy.</summary>
/// <example><code>DerivativeLabel.Of(["x", "y"]); // "d2f/dxdy"</code></example>
public static class DerivativeLabel
{
    public static string Of(IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count == 1) return $"df/d{variables[0]}";
        var order = variables.Count;
        var denominator = variables.All(v => v == variables[0])
            ? $"d{variables[0]}{order}"
            : string.Concat(variables.Select(v => $"d{v}"));
        return $"d{order}f/{denominator}";
    }
}
