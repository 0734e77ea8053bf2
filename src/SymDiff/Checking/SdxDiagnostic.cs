using System.Globalization;
using System.Text;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>
/// Errors in .sdx lines as <see cref="CaseError"/>s whose column is 1-based in the line and whose rendering is
/// <c>LINE:COLUMN: error [SDxxxx: ]MESSAGE</c>, the line, and carets under the offending text.
/// </summary>
/// <example><code>SdxDiagnostic.Error("unexpected '@'", 4, "x @ @ 1", 4, 1).Rendered;
/// // 4:5: error: unexpected '@'
/// // x @ @ 1
/// //     ^</code></example>
public static class SdxDiagnostic
{
    /// <summary>An error at the 0-based <paramref name="start"/> of <paramref name="text"/>, line <paramref name="line"/>.</summary>
    public static CaseError Error(string message, int line, string text, int start, int length, string? id = null)
    {
        start = Math.Clamp(start, 0, text.Length);
        length = Math.Max(1, length);
        return new CaseError(message, start + 1, length, Render(message, line, text, start, length, id));
    }

    /// <summary>
    /// All parser diagnostics of a part of the line that starts at <paramref name="offset"/>, rendered against the
    /// line; the first error gives the message and column.
    /// </summary>
    public static CaseError FromDiagnostics(IReadOnlyList<Diagnostic> diagnostics, int line, string text, int offset, string prefix = "")
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).DefaultIfEmpty(diagnostics[0]).ToList();
        var first = errors[0];
        var rendered = string.Join("\n", errors.Select(d =>
            Render(prefix + d.Message, line, text, offset + d.Span.Start, Math.Max(1, d.Span.Length), d.Id)));
        return new CaseError(prefix + first.Message, offset + first.Span.Start + 1, Math.Max(1, first.Span.Length), rendered);
    }

    /// <summary>An error found in a part of the line (a point, a claim): its column moved by the part's offset.</summary>
    public static CaseError Shift(CaseError error, int line, string text, int offset) =>
        Error(error.Message, line, text, offset + error.Column - 1, error.Length);

    private static string Render(string message, int line, string text, int start, int length, string? id)
    {
        // Long lines are cut to a window around the error so the caret stays on screen.
        const int maxWidth = 120;
        var (from, to) = (0, text.Length);
        if (text.Length > maxWidth)
        {
            from = Math.Max(0, start - maxWidth / 3);
            to = Math.Min(text.Length, from + maxWidth);
        }
        var prefix = from > 0 ? "..." : "";
        var echo = new StringBuilder(prefix);
        for (var i = from; i < to; i++) echo.Append(Visible(text[i]));
        if (to < text.Length) echo.Append("...");
        var carets = Math.Max(1, Math.Min(length, Math.Max(1, to - start)));
        var severity = id is null ? "error" : $"error {id}";
        return $"{line}:{start + 1}: {severity}: {message}" +
               $"\n{echo}\n{new string(' ', prefix.Length + start - from)}{new string('^', carets)}";
    }

    // One character per character, so the carets line up: tabs become spaces, invisible characters U+FFFD.
    private static char Visible(char c) => c == '\t' ? ' ' : char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => '\uFFFD',
        _ => c,
    };
}
