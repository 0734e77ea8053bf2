using SymDiff.Syntax;

namespace SymDiff.Tests.Syntax;

/// <summary>The Roslyn-style rendering the CLI prints: header, echoed source line, carets under the span.</summary>
public class DiagnosticRenderTests
{
    private static string RenderFirst(string input) => Parser.Parse(input).Diagnostics[0].Render(input);

    [Fact]
    public void Renders_header_line_and_carets()
    {
        Assert.Equal(
            "1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?\n" +
            "sinn(x)\n" +
            "^^^^",
            RenderFirst("sinn(x)"));
        Assert.Equal(
            "1:5: error SD1003: unknown function 'sinn'; did you mean 'sin'?\n" +
            "2 + sinn(x)\n" +
            "    ^^^^",
            RenderFirst("2 + sinn(x)"));
    }

    [Fact]
    public void ToString_is_the_header() =>
        Assert.Equal("1:5: error SD1003: unknown function 'sinn'; did you mean 'sin'?",
            Parser.Parse("2 + sinn(x)").Diagnostics[0].ToString());

    [Fact]
    public void A_span_at_the_end_gets_one_caret_past_the_last_character() =>
        Assert.Equal("1:3: error SD1002: unexpected end of input, expected expression\nx+\n  ^", RenderFirst("x+"));

    [Fact]
    public void Multi_line_input_echoes_the_line_holding_the_span()
    {
        Assert.Equal(
            "2:3: error SD1003: unknown function 'sinn'; did you mean 'sin'?\n" +
            "  sinn(x) +\n" +
            "  ^^^^",
            RenderFirst("a +\n  sinn(x) +\r\n  1"));
        Assert.Equal("3:1: error SD1002: unexpected end of input, expected expression\n\n^", RenderFirst("x\n+\n"));
    }

    [Fact]
    public void Control_characters_and_tabs_are_replaced_so_carets_line_up()
    {
        Assert.Equal(
            "1:4: error SD1004: unexpected character U+0001 (a control character)\n" +
            " x \uFFFD+ 1\n" +
            "   ^",
            RenderFirst("\tx \u0001+ 1"));
        Assert.Equal(
            "1:5: error SD1004: unexpected character U+202E (an invisible formatting character)\n" +
            "x + \uFFFD1\n" +
            "    ^",
            RenderFirst("x + \u202E1"));
    }

    [Fact]
    public void Long_lines_are_cut_to_a_window_around_the_span()
    {
        var input = string.Concat(Enumerable.Repeat("x + ", 500)) + "sinn(x)";
        var lines = RenderFirst(input).Split('\n');
        Assert.Equal("1:2001: error SD1003: unknown function 'sinn'; did you mean 'sin'?", lines[0]);
        Assert.StartsWith("...", lines[1]);
        Assert.True(lines[1].Length <= Diagnostic.MaxEchoWidth + 6);
        var caret = lines[2].IndexOf('^');
        Assert.Equal("sinn", lines[1].Substring(caret, 4));
        Assert.Equal("^^^^", lines[2][caret..]);
    }

    [Fact]
    public void Render_uses_the_span_not_the_stored_column() =>
        Assert.Equal("1:3: error SD1009: empty parentheses '()', expected expression\nx*()\n  ^^",
            Parser.Parse("x*()").Diagnostics[0].Render(SourceText.From("x*()")));
}
