using System.Collections.Immutable;

namespace SymDiff.Syntax;

/// <summary>
/// Thrown by <see cref="Expressions.Expr.Parse(string)"/> when the text is not a valid expression. It carries every
/// <see cref="Diagnostic"/> (codes and spans), and its <see cref="Exception.Message"/> renders them as the CLI does:
/// the header, the source line and carets under the span.
/// </summary>
/// <example><code>try { Expr.Parse("sinn(x)"); }
/// catch (ParseException e)
/// {
///     Console.Error.WriteLine(e.Message);
///     // 1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?
///     // sinn(x)
///     // ^^^^
/// }</code></example>
public sealed class ParseException : FormatException
{
    /// <param name="text">The text that failed to parse.</param>
    /// <param name="diagnostics">What was wrong with it; at least one error.</param>
    public ParseException(string text, ImmutableArray<Diagnostic> diagnostics)
        : base(Describe(text, diagnostics))
    {
        Text = text;
        Diagnostics = diagnostics;
    }

    /// <summary>The text that failed to parse.</summary>
    public string Text { get; }

    /// <summary>Every problem found, in source order; spans refer to <see cref="Text"/>.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    private static string Describe(string text, ImmutableArray<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (diagnostics.IsDefaultOrEmpty) return "The expression could not be parsed.";
        var source = SourceText.From(text);
        return string.Join("\n", diagnostics.Select(d => d.Render(source)));
    }
}
