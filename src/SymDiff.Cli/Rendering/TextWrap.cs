namespace SymDiff.Cli.Rendering;

/// <summary>
/// Breaks a long formula into lines of at most a given width, where a reader expects a break: inside as few
/// parentheses as possible, before a <c> + </c> or <c> - </c> there, else after a <c>*</c>, <c>/</c>, <c>,</c> or
/// <c>(</c>; a formula with no such place is cut at the width.
/// </summary>
/// <example><code>TextWrap.Wrap("2*x*cos(x^2) + 3*x^2*sin(x^3)", 16, 16); // ["2*x*cos(x^2)", "+ 3*x^2*sin(x^3)"]</code></example>
public static class TextWrap
{
    /// <summary>The lines: the first at most <paramref name="first"/> characters, the others at most <paramref name="rest"/>.</summary>
    public static List<string> Wrap(string text, int first, int rest)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rest, 1);
        var lines = new List<string>();
        var limit = first;
        while (text.Length > limit)
        {
            var cut = Break(text, limit);
            lines.Add(text[..cut].TrimEnd());
            text = text[cut..].TrimStart();
            limit = rest;
        }
        lines.Add(text);
        return lines;
    }

    // Where to cut text (longer than limit) so that the first piece has at most limit characters: the shallowest
    // place (fewest open parentheses), a term before a factor there, the latest of those. A break is looked for no
    // earlier than a third of the way, so that no line is left nearly empty.
    private static int Break(string text, int limit)
    {
        var earliest = Math.Max(1, limit / 3);
        var best = -1;
        var bestScore = int.MaxValue;
        var depth = 0;
        for (var i = 0; i <= limit; i++)
        {
            if (i >= earliest)
            {
                // A term break goes before " + "; a factor break after "*", "/", "," or "(".
                var kind = IsTermBreak(text, i) ? 0 : text[i - 1] is '*' or '/' or ',' or '(' ? 1 : -1;
                var score = kind < 0 ? int.MaxValue : 2 * depth + kind;
                if (score <= bestScore && kind >= 0) (best, bestScore) = (i, score);
            }
            if (text[i] is '(' or '[') depth++;
            else if (text[i] is ')' or ']') depth = Math.Max(0, depth - 1);
        }
        return best >= 0 ? best : limit;
    }

    // " + " or " - " starting at i: the break goes before the operator, which starts the next line.
    private static bool IsTermBreak(string text, int i) =>
        text[i] == ' ' && i + 2 < text.Length && text[i + 1] is '+' or '-' && text[i + 2] == ' ';
}
