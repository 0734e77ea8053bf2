using System.Globalization;
using System.Text;

namespace SymDiff.Syntax;

/// <summary>
/// The one caret renderer, behind <see cref="Diagnostic.Render(SourceText)"/>, the .sdx line errors and the
/// errors in option values (<c>--at</c>, <c>--box</c>, claims):
/// <code>
/// WHERE:COLUMN: error[ SDxxxx]: MESSAGE
/// the source line
///       ^^^^
/// </code>
/// WHERE is a line number (<c>1</c>, an .sdx line) or an option (<c>--at</c>). Columns and carets count text
/// elements, what a person sees as one character (<c>𝑥</c>, <c>é</c> written with a combining accent, an emoji
/// sequence), and each is echoed intact; tabs become spaces and invisible characters U+FFFD, one column each, so
/// the carets line up. Lines longer than <see cref="MaxEchoWidth"/> characters are cut to a window around the span.
/// </summary>
/// <example><code>DiagnosticRenderer.Render("--at", DiagnosticSeverity.Error, null, "missing value for 'y'", "x=1, y=", 5, 2);
/// // --at:6: error: missing value for 'y'
/// // x=1, y=
/// //      ^^</code></example>
public static class DiagnosticRenderer
{
    /// <summary>Echoed lines longer than this many characters are cut to a window around the span.</summary>
    public const int MaxEchoWidth = 120;

    /// <summary>
    /// The header, <paramref name="line"/> and carets under the UTF-16 range [<paramref name="start"/>,
    /// <paramref name="start"/> + <paramref name="length"/>) of it (clamped to the line; at least one caret),
    /// joined by <c>\n</c>.
    /// </summary>
    public static string Render(string where, DiagnosticSeverity severity, DiagnosticCode? code, string message, string line, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(where);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(line);
        var starts = new ElementStarts(line);
        var count = starts.Count;
        var (first, width) = Locate(starts, line.Length, start, length);

        var (from, to) = (0, count);
        if (count > MaxEchoWidth)
        {
            from = Math.Max(0, first - MaxEchoWidth / 3);
            to = Math.Min(count, from + MaxEchoWidth);
            width = Math.Max(1, Math.Min(width, to - first));
        }
        var prefix = from > 0 ? "..." : "";
        var echo = new StringBuilder(prefix);
        for (var k = from; k < to; k++)
        {
            var end = k + 1 < count ? starts[k + 1] : line.Length;
            echo.Append(Visible(line.AsSpan(starts[k], end - starts[k])));
        }
        if (to < count) echo.Append("...");

        return $"{Header(where, first + 1, severity, code, message)}\n{echo}\n{new string(' ', prefix.Length + first - from)}{new string('^', width)}";
    }

    /// <summary><c>WHERE:COLUMN: error SDxxxx: MESSAGE</c>, or <c>WHERE:COLUMN: error: MESSAGE</c> without a code.</summary>
    public static string Header(string where, int column, DiagnosticSeverity severity, DiagnosticCode? code, string message)
    {
        var severityText = severity == DiagnosticSeverity.Error ? "error" : "warning";
        var id = code is { } c ? " " + DiagnosticMessages.Id(c) : "";
        return $"{where}:{column}: {severityText}{id}: {message}";
    }

    /// <summary>
    /// The 1-based column of the UTF-16 range [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>) of <paramref name="line"/> and its width, both in text elements: every element
    /// the range touches counts, and the width is at least 1 (a caret past the end of the line).
    /// </summary>
    public static (int Column, int Width) Locate(string line, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(line);
        var (first, width) = Locate(new ElementStarts(line), line.Length, start, length);
        return (first + 1, width);
    }

    // 0-based index of the element holding start (the element count at the end of the line), and the number of
    // elements the range touches (at least 1).
    private static (int First, int Width) Locate(ElementStarts starts, int lineLength, int start, int length)
    {
        start = Math.Clamp(start, 0, lineLength);
        var end = Math.Clamp(start + Math.Max(0, length), start, lineLength);
        int first;
        if (start == lineLength) first = starts.Count;
        else
        {
            first = starts.BinarySearch(start);
            if (first < 0) first = ~first - 1;
        }
        var last = starts.BinarySearch(end);
        if (last < 0) last = ~last;
        return (first, Math.Max(1, last - first));
    }

    // Where each text element of a line starts. PERF: an ASCII line (the common case, and the 10^6-character
    // sums) is one element per character, found by one vectorised check instead of a list as long as the line.
    private readonly struct ElementStarts
    {
        private readonly List<int>? _starts;

        public ElementStarts(string line)
        {
            Count = line.Length;
            if (Ascii.IsValid(line)) return;
            _starts = new List<int>(line.Length);
            for (var i = 0; i < line.Length; i += StringInfo.GetNextTextElementLength(line.AsSpan(i))) _starts.Add(i);
            Count = _starts.Count;
        }

        public int Count { get; }

        public int this[int k] => _starts is null ? k : _starts[k];

        public int BinarySearch(int position) => _starts?.BinarySearch(position) ?? (position < Count ? position : ~Count);
    }

    // One column per element: a tab is a space, an element that starts invisible (a control or formatting
    // character, a lone surrogate, a separator, an unassigned or private code point) is U+FFFD.
    private static string Visible(ReadOnlySpan<char> element)
    {
        if (element is "\t") return " ";
        if (Rune.DecodeFromUtf16(element, out var rune, out _) != System.Buffers.OperationStatus.Done) return "\uFFFD";
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => "\uFFFD",
            _ => element.ToString(),
        };
    }
}
