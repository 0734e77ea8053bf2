namespace SymDiff.Cli.Rendering;

/// <summary>
/// Breaks a long formula into lines of at most a given width, where a reader expects a break: before a top-level
/// <c> + </c> or <c> - </c> of the formula, else before any <c> + </c> or <c> - </c>, else after a <c>*</c>,
/// <c>/</c>, <c>,</c> or <c>(</c>; a formula with no such place is cut at the width.
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

    // Where to cut text (longer than limit) so that the first piece has at most limit characters. A break is
    // looked for no earlier than a third of the way, so that no line is left nearly empty.
    private static int Break(string text, int limit)
    {
        var earliest = Math.Max(1, limit / 3);
        int? anyTerm = null;
        var depth = new int[limit + 1];
        for (int i = 0, d = 0; i <= limit; i++)
        {
            depth[i] = d;
            if (text[i] is '(' or '[') d++;
            else if (text[i] is ')' or ']') d = Math.Max(0, d - 1);
        }
        for (var i = limit; i >= earliest; i--)
        {
            if (!IsTermBreak(text, i)) continue;
            if (depth[i] == 0) return i;
            anyTerm ??= i;
        }
        if (anyTerm is { } term) return term;
        for (var i = limit; i >= earliest; i--)
            if (text[i - 1] is '*' or '/' or ',' or '(') return i;
        return limit;
    }

    // " + " or " - " starting at i: the break goes before the operator, which starts the next line.
    private static bool IsTermBreak(string text, int i) =>
        text[i] == ' ' && i + 2 < text.Length && text[i + 1] is '+' or '-' && text[i + 2] == ' ';
}
