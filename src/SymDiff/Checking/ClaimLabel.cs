using System.Collections.Immutable;

namespace SymDiff.Checking;

/// <summary>
/// Reads the label before a claim's colon into the variables it differentiates by, in order: <c>d/dx</c> is [x],
/// <c>d2/dx2</c> (also <c>d²/dx²</c>, <c>d^2/dx^2</c>) is [x, x], <c>d2/dxdy</c> (also <c>d2/dx dy</c>) is [x, y].
/// Names in the denominator are matched against the variables the function is differentiated by, so <c>dw1dx</c>
/// reads as w1 then x without separators; the counts must add up to the numerator's order.
/// </summary>
/// <example><code>ClaimLabel.Read("d2/dxdy", ["x", "y"], order: 2).Path; // [x, y]</code></example>
public static class ClaimLabel
{
    /// <summary>
    /// The path of <paramref name="head"/>, or an error message. The label's order must be <paramref name="order"/>
    /// (--order): a plain <c>d/dx</c> under --order 2 is a usage error naming the right label, never silently read as
    /// the second derivative (a new user's report: the claim 3*x^2 labelled d/dx was judged as d2f/dx2).
    /// </summary>
    public static (ImmutableArray<string> Path, string? Error) Read(string head, IReadOnlyList<string> wrt, int order)
    {
        var slash = head.IndexOf('/');
        if (slash < 1 || head[0] != 'd' || !TryOrder(head[1..slash].Trim(), out var top))
            return ([], $"expected a label such as {Example(wrt, order)} before the claimed derivative, found '{head}'");
        var denominator = head[(slash + 1)..];
        if (Split(denominator, 0, wrt, top) is { } path)
            return top == order ? ([.. path], null) : ([], Contradicts(head, path, order));

        // Why not: an unknown name, or counts that do not add up to the numerator's order.
        var names = Names(denominator);
        // x2 is x squared when x is a variable and x2 is not.
        names = [.. names.Select(n => wrt.Contains(n) ? n : n.TrimEnd("0123456789".ToCharArray()) is { Length: > 0 } bare && (wrt.Contains(bare) || top > 1) ? bare : n)];
        if (names.FirstOrDefault(n => !wrt.Contains(n)) is { } unknown)
            return ([], $"'{unknown}' is not a variable the function is differentiated by ({string.Join(", ", wrt)}); " +
                        $"a claim names them, as in {Example(wrt, order)}");
        if (names.Count > top)
            return ([], $"'{head}' names {names.Count} variables under d{(top == 1 ? "" : top)}: a derivative of order {names.Count} is written 'd{names.Count}/{denominator.Trim()}'");
        return ([], $"'{head}' does not add up: the order {top} on top needs {top} variable(s) below, as in " +
                    (top == 1 ? $"'d/d{wrt[0]}'" : $"'d{top}/d{wrt[0]}{top}'" + (wrt.Count > 1 && top == 2 ? $" or 'd2/d{wrt[0]}d{wrt[1]}'" : "")));
    }

    // "the claim is labelled d/dx (a first derivative) but --order is 2: write 'd2/dx2: ...'".
    private static string Contradicts(string head, List<string> path, int order)
    {
        var labelled = $"the claim is labelled {head.Trim()} ({Ordinal(path.Count)} derivative) but --order is {order}";
        var x = path[0];
        if (order == 1) return $"{labelled}: write 'd/d{x}: ...', or give --order {path.Count}";
        return path.Distinct().Count() == 1
            ? $"{labelled}: write 'd{order}/d{x}{order}: ...'"
            : $"{labelled}: label it with {order} variables below, as in 'd{order}/d{x}{order}: ...'";
    }

    private static string Ordinal(int order) => order switch
    {
        1 => "a first",
        2 => "a second",
        3 => "a third",
        _ => $"an order-{order}",
    };

    /// <summary>How to label a claim of this order: "'d/dx: ...; d/dy: ...'" or "'d2/dx2: ...; d2/dxdy: ...'".</summary>
    public static string Example(IReadOnlyList<string> wrt, int order)
    {
        var x = wrt.Count > 0 ? wrt[0] : "x";
        var y = wrt.Count > 1 ? wrt[1] : null;
        if (order == 1) return y is null ? $"'d/d{x}: ...'" : $"'d/d{x}: ...; d/d{y}: ...'";
        var pure = $"d{order}/d{x}{order}: ...";
        return y is null || order != 2 ? $"'{pure}'" : $"'{pure}; d2/d{x}d{y}: ...'";
    }

    // "2", "²", "^2", or nothing (1).
    private static bool TryOrder(string text, out int order)
    {
        order = 1;
        text = text.TrimStart('^');
        if (text.Length == 0) return true;
        text = Superscripts(text);
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out order) && order is >= 1 and <= 10;
    }

    private static string Superscripts(string text) => string.Concat(text.Select(ch => ch switch
    {
        '¹' => '1', '²' => '2', '³' => '3', '⁴' => '4', '⁵' => '5', '⁶' => '6', '⁷' => '7', '⁸' => '8', '⁹' => '9', '⁰' => '0',
        _ => ch,
    }));

    // The denominator from position i as "d NAME [POWER]" repeated, exactly `remaining` variables in all; longer names
    // are tried first, and a failed split backtracks (x2 may be a variable or x squared).
    private static List<string>? Split(string text, int i, IReadOnlyList<string> wrt, int remaining)
    {
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] is '*' or '·')) i++;
        if (i == text.Length) return remaining == 0 ? [] : null;
        if (remaining <= 0 || text[i] != 'd') return null;
        foreach (var name in wrt.OrderByDescending(n => n.Length))
        {
            if (string.CompareOrdinal(text, i + 1, name, 0, name.Length) != 0) continue;
            var j = i + 1 + name.Length;
            // An optional power: 2, ², ^2.
            var k = j < text.Length && text[j] == '^' ? j + 1 : j;
            var end = k;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || "¹²³⁴⁵⁶⁷⁸⁹⁰".Contains(text[end]))) end++;
            var candidates = end > k && TryOrder(text[k..end], out var power) ? new[] { (end, power), (j, 1) } : [(j, 1)];
            foreach (var (next, count) in candidates)
            {
                if (count > remaining) continue;
                if (Split(text, next, wrt, remaining - count) is { } rest)
                    return [.. Enumerable.Repeat(name, count), .. rest];
            }
        }
        return null;
    }

    // The names of a denominator split at each 'd' that starts a word (for the error message only).
    private static List<string> Names(string text) =>
        [.. text.Split([' ', '*'], StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => w.Split('d', StringSplitOptions.RemoveEmptyEntries))
            .Select(n => new string([.. Superscripts(n).TakeWhile(ch => ch != '^')]))
            .Where(n => n.Length > 0)];
}
