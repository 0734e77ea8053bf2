using SymDiff.Expressions;
using SymDiff.Syntax;

namespace SymDiff.Tests.Syntax;

/// <summary>Assertions shared by the parser tests; failures show the rendered diagnostics.</summary>
internal static class ParseAssert
{
    public static Expr Parses(string input, ExprFactory? factory = null)
    {
        var result = Parser.Parse(input, factory);
        Assert.True(result.Success, $"'{input}' failed:\n{Rendered(input, result.Diagnostics)}");
        Assert.Empty(result.Diagnostics);
        return result.Value!;
    }

    /// <summary>The canonical print of the parsed input.</summary>
    public static void Prints(string input, string expected) => Assert.Equal(expected, Parses(input).ToString());

    /// <summary>Both inputs parse to equal expressions.</summary>
    public static void Same(string input, string equivalent) => Assert.Equal(Parses(equivalent), Parses(input));

    /// <summary>Exactly the expected diagnostics, in source order: code, 1-based column, span length.</summary>
    public static IReadOnlyList<Diagnostic> Fails(string input, params (DiagnosticCode Code, int Column, int Length)[] expected)
    {
        var result = Parser.Parse(input);
        Assert.False(result.Success);
        Assert.Null(result.Value);
        var actual = result.Diagnostics.Select(d => (d.Code, d.Column, d.Span.Length)).ToArray();
        Assert.True(expected.SequenceEqual(actual),
            $"'{input}': expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]\n{Rendered(input, result.Diagnostics)}");
        return result.Diagnostics;
    }

    public static string Rendered(string input, IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => d.Render(input)));
}
