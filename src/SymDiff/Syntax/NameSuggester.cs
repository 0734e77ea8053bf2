using System.Collections.Immutable;
using SymDiff.Functions;
using SymDiff.Tensors;

namespace SymDiff.Syntax;

/// <summary>
/// Finds the name a mistyped one was probably meant to be: an unknown function (<c>sinn</c> → <c>sin</c>), or,
/// through <see cref="Closest"/>, a command or an option of the CLI (<c>gard</c> → <c>grad</c>).
/// </summary>
/// <example><code>NameSuggester.Suggest("sinn");                            // "sin"
/// NameSuggester.Closest("gard", ["grad", "check", "plot"]); // "grad"</code></example>
public static class NameSuggester
{
    /// <summary>Edits (insert, delete, substitute, swap two neighbours) a typo may be away from the name meant.</summary>
    public const int MaxDistance = 2;

    // Names of up to three letters get one edit: with two, foo would suggest cos.
    private static int Allowed(string name) => name.Length <= 3 ? 1 : MaxDistance;

    /// <summary>
    /// The closest callable name in <see cref="FunctionTable.Names"/> or <see cref="TensorFunction.All"/>, ignoring case, or null when none is close:
    /// at most <see cref="MaxDistance"/> edits (one for names of up to three letters) and fewer edits than the name
    /// has characters (so <c>f</c> and <c>foo</c> suggest nothing). Ties go to the longer common prefix, then to the first name in ordinal order (sinn → sin, not sign).
    /// </summary>
    public static string? Suggest(string name) => Closest(name, Callable);

    // The scalar table's names (pi is a constant, never called) and the vector/matrix functions, in ordinal order.
    private static readonly ImmutableArray<string> Callable =
    [
        .. FunctionTable.Names.Where(candidate => FunctionTable.AritiesOf(candidate) is not [0])
            .Concat(TensorFunction.All.Select(f => f.Name)).Order(StringComparer.Ordinal),
    ];

    /// <summary>
    /// The candidate closest to <paramref name="name"/> under the rules of <see cref="Suggest"/> (ignoring case,
    /// at most <see cref="MaxDistance"/> edits, fewer edits than the name has characters; ties to the longer common
    /// prefix, then to the earlier candidate), or null when none is close.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var lower = name.ToLowerInvariant();
        string? best = null;
        var (bestDistance, bestPrefix) = (int.MaxValue, -1);
        foreach (var candidate in candidates)
        {
            var folded = candidate.ToLowerInvariant();
            if (Math.Abs(folded.Length - lower.Length) > MaxDistance) continue;
            var distance = Distance(lower, folded);
            if (distance > Allowed(name) || distance >= name.Length) continue;
            var prefix = CommonPrefix(lower, folded);
            if (distance < bestDistance || (distance == bestDistance && prefix > bestPrefix))
                (best, bestDistance, bestPrefix) = (candidate, distance, prefix);
        }
        return best;
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus transposition of adjacent characters (cso → cos is 1).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
