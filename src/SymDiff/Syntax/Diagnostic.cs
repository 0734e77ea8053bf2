using System.Globalization;

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
    /// <summary>Echoed lines longer than this many characters are cut to a window around the span.</summary>
    public const int MaxEchoWidth = DiagnosticRenderer.MaxEchoWidth;

    /// <summary>1-based line of the span's start.</summary>
    public int Line { get; init; } = 1;
    /// <summary>1-based, in characters as a person sees them (text elements), not UTF-16 units.</summary>
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
    public override string ToString() => DiagnosticRenderer.Header(Line.ToString(CultureInfo.InvariantCulture), Column, Severity, Code, Message);

    /// <summary>As <see cref="Render(SourceText)"/>, for the text that was parsed.</summary>
    public string Render(string source) => Render(SourceText.From(source));

    /// <summary>
    /// The header, the source line holding the span, and carets under the span, joined by <c>\n</c>, through
    /// <see cref="DiagnosticRenderer"/>: line and column are computed from the span and <paramref name="source"/>.
    /// </summary>
    public string Render(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (line, _) = source.GetLinePosition(Span.Start);
        var start = Math.Clamp(Span.Start, 0, source.Length) - source.GetLineStart(line);
        return DiagnosticRenderer.Render(line.ToString(CultureInfo.InvariantCulture), Severity, Code, Message,
            source.GetLineText(line), start, Span.Length);
    }
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
