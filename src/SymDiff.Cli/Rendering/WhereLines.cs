using SymDiff.Checking;
using SymDiff.Expressions;
using SymDiff.Formatting;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The derivatives of one case as reports show them: repeated subterms named once (<see cref="SharedSubterms"/>),
/// <c>where s = sigmoid(w*x + b)</c> under them. Display only; <c>grad --no-where</c> prints them in full.
/// </summary>
public sealed class WhereLines
{
    private readonly Dictionary<string, string> _shown = [];
    private readonly Dictionary<string, Expr> _abbreviated = [];

    public IReadOnlyList<SharedSubterm> Where { get; }

    // How numbers are spelled: the style of the function as written (every derivative of a case shares it).
    private readonly NumberStyle _style;

    private WhereLines(IReadOnlyList<SharedSubterm> where, NumberStyle style) => (Where, _style) = (where, style);

    /// <summary>The names for the derivatives of <paramref name="r"/>; none when <paramref name="enabled"/> is false.</summary>
    public static WhereLines Of(CaseResult r, bool enabled)
    {
        // A derivative without a value anywhere prints as words, not as an expression: it takes no part.
        var shown = r.Derivatives.Where(d => !d.HasNoValue).ToList();
        if (!enabled || shown.Count == 0) return new WhereLines([], NumberStyle.Fractions);
        var abbreviation = SharedSubterms.Abbreviate([.. shown.Select(d => d.Expression)], r.Variables);
        var lines = new WhereLines(abbreviation.Where, shown[0].Style);
        for (var i = 0; i < shown.Count; i++)
        {
            lines._abbreviated[shown[i].Key] = abbreviation.Values[i];
            lines._shown[shown[i].Key] = InfixFormatter.Format(abbreviation.Values[i], lines._style);
        }
        return lines;
    }

    /// <summary>The derivative as printed: with the names, or as <see cref="DerivativeResult.Shown"/>.</summary>
    public string Shown(DerivativeResult d) => _shown.GetValueOrDefault(d.Key) ?? d.Shown;

    /// <summary>The derivative with this key written with the names, for another notation (LaTeX); null when it has no value.</summary>
    public Expr? Abbreviated(string key) => _abbreviated.GetValueOrDefault(key);

    public bool IsEmpty => Where.Count == 0;

    /// <summary>Text lines: <c>where s = sigmoid(w*x + b)</c>, further names aligned below the first.</summary>
    public IEnumerable<string> Text() => Where.Select((w, i) => $"{(i == 0 ? "where" : "     ")} {w.Name} = {Value(w)}");

    /// <summary>The expression a name stands for, numbers spelled as in the derivatives.</summary>
    public string Value(SharedSubterm w) => InfixFormatter.Format(w.Value, _style);

    /// <summary>The JSON form of the derivative with this key (null when it is not abbreviated).</summary>
    public string? ShownOrNull(string key) => _shown.GetValueOrDefault(key);
}
