using System.Globalization;
using System.Text;

namespace SymDiff.Syntax;

public enum DiagnosticSeverity { Error, Warning }

/// <summary>
/// A problem found in user input: a stable <see cref="Code"/>, the <see cref="Span"/> of the offending text, a
/// message, and what was expected there (if anything). <see cref="Line"/> and <see cref="Column"/> are 1-based.
/// </summary>
/// <example><code>var d = Parser.Parse("sinn(x)").Diagnostics[0];
/// Console.Error.WriteLine(d.Render("sinn(x)"));
/// // 1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?
/// // sinn(x)
/// // ^^^^</code></example>
public sealed record Diagnostic(DiagnosticCode Code, DiagnosticSeverity Severity, TextSpan Span, string Message, string? Expected = null)
{
    /// <summary>Echoed lines longer than this are cut to a window around the span.</summary>
    public const int MaxEchoWidth = 120;

    public int Line { get; init; } = 1;
    public int Column { get; init; } = Span.Start + 1;

    /// <summary>The code as shown to users, e.g. <c>SD1003</c>.</summary>
    public string Id => DiagnosticMessages.Id(Code);

    /// <summary>An error at <paramref name="span"/> with the message of <paramref name="code"/>; line and column from <paramref name="source"/>.</summary>
    public static Diagnostic Create(SourceText? source, DiagnosticCode code, TextSpan span, params object?[] args)
    {
        var (line, column) = source?.GetLinePosition(span.Start) ?? (1, span.Start + 1);
        return new Diagnostic(code, DiagnosticSeverity.Error, span, DiagnosticMessages.Format(code, args),
            DiagnosticMessages.Describe(code).Expected) { Line = line, Column = column };
    }

    /// <summary>The header line, e.g. <c>1:5: error SD1003: unknown function 'sinn'; did you mean 'sin'?</c>.</summary>
    public override string ToString() => $"{Line}:{Column}: {SeverityText} {Id}: {Message}";

    public string Render(string source) => Render(SourceText.From(source));

    /// <summary>
    /// The header, the source line holding the span, and carets under the span, joined by <c>\n</c>. Tabs in the
    /// echoed line become spaces and invisible characters become U+FFFD, one character each, so the carets line up.
    /// </summary>
    public string Render(SourceText source)
    {
        var (line, column) = source.GetLinePosition(Span.Start);
        var text = source.GetLineText(line);
        var start = column - 1;
        var length = Math.Max(1, Math.Min(Span.Length, text.Length - start));

        var (from, to) = (0, text.Length);
        if (text.Length > MaxEchoWidth)
        {
            from = Math.Max(0, start - MaxEchoWidth / 3);
            to = Math.Min(text.Length, from + MaxEchoWidth);
            length = Math.Max(1, Math.Min(length, to - start));
        }
        var prefix = from > 0 ? "..." : "";
        var echo = new StringBuilder(prefix);
        for (var i = from; i < to; i++) echo.Append(Visible(text[i]));
        if (to < text.Length) echo.Append("...");

        var header = $"{line}:{column}: {SeverityText} {Id}: {Message}";
        return $"{header}\n{echo}\n{new string(' ', prefix.Length + start - from)}{new string('^', length)}";
    }

    private string SeverityText => Severity == DiagnosticSeverity.Error ? "error" : "warning";

    private static char Visible(char c) => c == '\t' ? ' ' : char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => '\uFFFD',
        _ => c,
    };
}

/// <summary>Collects diagnostics for one parse, computing line and column positions, and stops at <see cref="Max"/>.</summary>
internal sealed class DiagnosticBag(string text)
{
    /// <summary>Beyond this many errors one <see cref="DiagnosticCode.TooManyErrors"/> is reported and the rest dropped.</summary>
    public const int Max = 100;

    private readonly List<Diagnostic> _items = [];
    private SourceText? _source;

    public int Count => _items.Count;
    public bool HasErrors => _items.Count > 0;

    /// <summary>True once further reports are dropped; callers may skip formatting their arguments.</summary>
    public bool IsFull => _items.Count > Max;

    public void Report(DiagnosticCode code, TextSpan span, params object?[] args)
    {
        if (_items.Count > Max) return;
        _source ??= SourceText.From(text);
        _items.Add(_items.Count == Max
            ? Diagnostic.Create(_source, DiagnosticCode.TooManyErrors, span, Max)
            : Diagnostic.Create(_source, code, span, args));
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
            if (_items.Count <= Max) _items.Add(d);
    }

    /// <summary>In source order (the lexer reports before the parser), with <see cref="DiagnosticCode.TooManyErrors"/> last.</summary>
    public System.Collections.Immutable.ImmutableArray<Diagnostic> ToImmutable() =>
        [.. _items.OrderBy(d => d.Code == DiagnosticCode.TooManyErrors).ThenBy(d => d.Span.Start)];
}
