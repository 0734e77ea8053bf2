using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Syntax;

/// <summary>
/// The outcome of <see cref="Parser.Parse(string, SymDiff.Expressions.ExprFactory?)"/>: the canonical expression (null
/// when any error was found), every diagnostic, the variables in order of first appearance in the text, and the
/// function as written (<see cref="Syntax"/>), which is the truth for values and domains. From
/// <see cref="Parser.ParseSyntax(string)"/>, <see cref="Value"/> is always null and <see cref="Syntax"/> is the result.
/// </summary>
/// <example><code>var r = Parser.Parse("y*x + y");
/// if (r.Success) Console.WriteLine($"{r.Value} in {string.Join(", ", r.Variables)}"); // x*y + y in y, x</code></example>
public sealed record ParseResult(Expr? Value, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Variables)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>True when the text parsed without errors, so <see cref="Value"/> is set.</summary>
    public bool Success => Value is not null && Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);

    /// <summary>The syntax tree of the function as written; null when any error was found.</summary>
    public SyntaxNode? Syntax { get; init; }

    /// <summary>The text the spans of <see cref="Syntax"/> refer to.</summary>
    public string Text { get; init; } = "";
}
