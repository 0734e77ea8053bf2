using System.Globalization;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>
/// Errors of a case (an .sdx line, or the expression <c>grad</c> reads) as <see cref="CaseError"/>s, rendered by
/// <see cref="DiagnosticRenderer"/>: <c>LINE:COLUMN: error[ SDxxxx]: MESSAGE</c>, the line, and carets under the
/// offending text. Columns and lengths count characters as a person sees them; the code travels with the error.
/// </summary>
/// <example><code>SdxDiagnostic.Error("unexpected '@'", 4, "x @ @ 1", 4, 1).Rendered;
/// // 4:5: error: unexpected '@'
/// // x @ @ 1
/// //     ^</code></example>
public static partial class SdxDiagnostic
{
    /// <summary>
    /// An error at the 0-based UTF-16 <paramref name="start"/> of <paramref name="text"/>, line
    /// <paramref name="line"/>, covering <paramref name="length"/> UTF-16 units (at least one character).
    /// </summary>
    public static CaseError Error(string message, int line, string text, int start, int length, DiagnosticCode? code = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var where = line.ToString(CultureInfo.InvariantCulture);
        var (column, width) = DiagnosticRenderer.Locate(text, start, length);
        return new CaseError(message, column, width, DiagnosticRenderer.Render(where, DiagnosticSeverity.Error, code, message, text, start, length))
        {
            Code = code,
        };
    }

    /// <summary>
    /// All parser diagnostics of a part of the line that starts at <paramref name="offset"/>, rendered against the
    /// line; the first error gives the message, column and code.
    /// </summary>
    public static CaseError FromDiagnostics(IReadOnlyList<Diagnostic> diagnostics, int line, string text, int offset, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).DefaultIfEmpty(diagnostics[0]).ToList();
        var first = Error(prefix + errors[0].Message, line, text, offset + errors[0].Span.Start, errors[0].Span.Length, errors[0].Code);
        var rendered = string.Join("\n", errors.Select(d =>
            Error(prefix + d.Message, line, text, offset + d.Span.Start, d.Span.Length, d.Code).Rendered));
        return first with { Rendered = rendered };
    }

    /// <summary>
    /// Every diagnostic of a whole input (possibly several lines, as <c>grad -</c> reads it), each rendered with
    /// its own line; the first error gives the message, column, length and code.
    /// </summary>
    public static CaseError FromSource(IReadOnlyList<Diagnostic> diagnostics, string input)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var source = SourceText.From(input);
        var first = diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) ?? diagnostics[0];
        var (line, _) = source.GetLinePosition(first.Span.Start);
        var lineStart = source.GetLineStart(line);
        var (column, width) = DiagnosticRenderer.Locate(source.GetLineText(line), first.Span.Start - lineStart, first.Span.Length);
        return new CaseError(first.Message, column, width, string.Join("\n", diagnostics.Select(d => d.Render(source))))
        {
            Code = first.Code,
        };
    }

    /// <summary>
    /// An error found in a part of the line (a point, a claim) that starts at UTF-16 <paramref name="offset"/>:
    /// its column, counted in characters from the part's start, moved into the line; the code is kept.
    /// </summary>
    public static CaseError Shift(CaseError error, int line, string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(text);
        var start = SourceText.Advance(text, offset, error.Column - 1);
        var end = SourceText.Advance(text, start, error.Length);
        return Error(error.Message, line, text, start, end - start, error.Code);
    }

    /// <summary>
    /// An SD1103 in a point that is a bare value (<c>x@-y</c>, <c>x@2*y</c>): SdxFile took the '@' for the start of
    /// the point, where a matrix product was meant. The message says why and how to write the product; any other
    /// error is returned as it is.
    /// </summary>
    public static CaseError WithMatMulHint(CaseError error, SdxCase c, string pointText)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(pointText);
        if (error.Code != DiagnosticCode.NonConstantBinding || NamedBinding().IsMatch(pointText)) return error;
        var message = $"{error.Message}; '@' followed by a value starts the point; for a matrix product write {c.Expression.Text.TrimEnd()}@({pointText.Trim()})";
        var start = SourceText.Advance(c.Text, 0, error.Column - 1);
        var end = SourceText.Advance(c.Text, start, error.Length);
        return Error(message, c.Line, c.Text, start, end - start, error.Code);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*[A-Za-z_][A-Za-z0-9_]*\s*=")]
    private static partial System.Text.RegularExpressions.Regex NamedBinding();
}
