using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>One part of an .sdx line: its text (trimmed) and the 0-based offset of that text in the line.</summary>
/// <example><code>new SdxPart("x=1; x=2", 9); // the points of "sin(x) @ x=1; x=2"</code></example>
public readonly record struct SdxPart(string Text, int Offset);

/// <summary>
/// One case of an .sdx file: its 1-based line number, the raw line, and its parts. <see cref="Error"/> is set when
/// the line's structure is wrong (an empty expression, point or claim, a second <c>@</c> or <c>=&gt;</c>, the
/// point after the claim); the parts are then meaningless.
/// </summary>
/// <example><code>var c = SdxFile.ParseLine("x^2 @ 3 => 2*x  # power rule", 1)!;
/// // c.Expression.Text == "x^2", c.Points?.Text == "3", c.Claim?.Text == "2*x"</code></example>
public sealed record SdxCase(int Line, string Text, SdxPart Expression, SdxPart? Points, SdxPart? Claim, CaseError? Error)
{
    /// <summary>The line without its comment, trimmed: what the case says.</summary>
    public string Content => SdxFile.StripComment(Text).Trim();
}

/// <summary>
/// The .sdx format of <c>symdiff check</c>: one case per line, read as a stream. Blank lines and <c>#</c> comments
/// (whole line or trailing; <c>#</c> never occurs in an expression) are skipped. A case is
/// <code>
/// EXPR                      the derivative(s) only
/// EXPR @ POINT              checked at the point(s): "3", "x=0.7, y=-1.3", several separated by ';'
/// EXPR => CLAIM             a hand-written derivative: "2*x+2", or "d/dx: y; d/dy: x"
/// EXPR @ POINT => CLAIM     both
/// </code>
/// Only the structure is read here; the expression, points and claim are parsed by <see cref="SdxRunner"/>, which
/// reports their errors with columns in the line.
/// </summary>
/// <example><code>using var reader = File.OpenText("examples/quickstart.sdx");
/// foreach (var c in SdxFile.Read(reader)) Console.WriteLine($"{c.Line}: {c.Expression.Text}");</code></example>
public static class SdxFile
{
    /// <summary>
    /// The case lines of <paramref name="reader"/>, lazily, in order; blank and comment lines are skipped. A byte
    /// order mark that the reader left at the start (standard input does) is not part of the first line.
    /// </summary>
    public static IEnumerable<SdxCase> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            if (number++ == 0 && line.StartsWith('\uFEFF')) line = line[1..];
            if (ParseLine(line, number) is { } c) yield return c;
        }
    }

    /// <summary>The case lines of a whole text.</summary>
    public static IEnumerable<SdxCase> Parse(string text) => Read(new StringReader(text));

    /// <summary>Splits one line into its parts; null for a blank or comment line.</summary>
    public static SdxCase? ParseLine(string text, int line)
    {
        ArgumentNullException.ThrowIfNull(text);
        var content = StripComment(text);
        if (string.IsNullOrWhiteSpace(content)) return null;

        // Structural errors carry their SD12xx code like every other diagnostic (shown, and in JSON's error.code).
        SdxCase Fail(DiagnosticCode code, int start, int length, params object?[] args) =>
            new(line, text, Part(content, 0, content.Length), null, null,
                SdxDiagnostic.Error(DiagnosticMessages.Format(code, args), line, text, start, length, code));

        // The claim is everything after the first "=>"; '@' and a second "=>" cannot be part of it.
        var arrow = content.IndexOf("=>", StringComparison.Ordinal);
        var head = arrow < 0 ? content : content[..arrow];
        SdxPart? claim = null;
        if (arrow >= 0)
        {
            var tail = content[(arrow + 2)..];
            if (tail.IndexOf("=>", StringComparison.Ordinal) is var second and >= 0)
                return Fail(DiagnosticCode.SdxRepeatedArrow, arrow + 2 + second, 2);
            if (tail.IndexOf('@') is var misplaced and >= 0)
                return Fail(DiagnosticCode.SdxPointAfterClaim, arrow + 2 + misplaced, 1);
            if (string.IsNullOrWhiteSpace(tail))
                return Fail(DiagnosticCode.SdxMissingClaim, arrow, 2);
            claim = Part(content, arrow + 2, content.Length);
        }

        var at = head.IndexOf('@');
        SdxPart? points = null;
        if (at >= 0)
        {
            var tail = head[(at + 1)..];
            if (tail.IndexOf('@') is var second and >= 0)
                return Fail(DiagnosticCode.SdxRepeatedAt, at + 1 + second, 1);
            if (string.IsNullOrWhiteSpace(tail))
                return Fail(DiagnosticCode.SdxMissingPoint, at, 1);
            points = Part(content, at + 1, head.Length);
        }

        var expression = Part(content, 0, at >= 0 ? at : head.Length);
        if (expression.Text.Length == 0)
        {
            var marker = at >= 0 ? at : arrow;
            return Fail(DiagnosticCode.SdxMissingExpression, marker, at >= 0 ? 1 : 2, at >= 0 ? "@" : "=>");
        }
        return new SdxCase(line, text, expression, points, claim, null);
    }

    /// <summary>The line up to its first <c>#</c>.</summary>
    public static string StripComment(string text) => text.IndexOf('#') is var hash and >= 0 ? text[..hash] : text;

    private static SdxPart Part(string content, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(content[start])) start++;
        while (end > start && char.IsWhiteSpace(content[end - 1])) end--;
        return new SdxPart(content[start..end], start);
    }
}
