using SymDiff.Expressions;
using SymDiff.Syntax;

namespace SymDiff.Tests.Support;

/// <summary>Parses test input that is known to be valid; a parse error fails the test with the rendered diagnostics.</summary>
internal static class Parse
{
    public static Expr Expr(string text, ExprFactory f)
    {
        var result = Parser.Parse(text, f);
        Assert.True(result.Value is not null,
            $"'{text}' did not parse:\n{string.Join('\n', result.Diagnostics.Select(d => d.Render(text)))}");
        return result.Value!;
    }
}
