using System.Text;
using SymDiff.Syntax;
using SymDiff.Checking;

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

/// <summary>
/// Columns count what a person sees as one character (a text element: a surrogate pair, a letter with its
/// combining marks, an emoji sequence), and every such character is echoed intact (issue 8, item 7).
/// </summary>
public class DiagnosticColumnsTests
{
    private static string RenderAll(string input) => string.Join("\n", Parser.Parse(input).Diagnostics.Select(d => d.Render(input)));

    [Fact]
    public void Issue_8_a_character_outside_the_BMP_is_one_column_and_is_echoed_intact()
    {
        // 1:1: error SD1004: unexpected character '𝑥' (U+1D465)
        // 𝑥+
        // ^
        // 1:3: error SD1002: unexpected end of input, expected expression
        // 𝑥+
        //   ^
        Assert.Equal(
            "1:1: error SD1004: unexpected character '𝑥' (U+1D465)\n𝑥+\n^\n" +
            "1:3: error SD1002: unexpected end of input, expected expression\n𝑥+\n  ^",
            RenderAll("𝑥+"));
        var diagnostics = Parser.Parse("𝑥+").Diagnostics;
        Assert.Equal([1, 3], diagnostics.Select(d => d.Column));
    }

    [Fact]
    public void An_emoji_sequence_is_one_character_one_diagnostic_and_one_caret()
    {
        const string family = "\U0001F469\u200D\U0001F469\u200D\U0001F467"; // one grapheme cluster, 8 UTF-16 units
        var input = $"x + {family} + y";
        var d = Assert.Single(Parser.Parse(input).Diagnostics);
        Assert.Equal(DiagnosticCode.UnexpectedCharacter, d.Code);
        Assert.Equal(5, d.Column);
        Assert.Equal(new TextSpan(4, family.Length), d.Span);
        Assert.Equal($"1:5: error SD1004: {d.Message}\n{input}\n    ^", d.Render(input));
    }

    [Fact]
    public void Columns_after_combining_marks_count_the_letter_once()
    {
        // "é" written as e + U+0301 is one character: the error after it is in column 5, not 6.
        const string input = "e\u0301 + )";
        var d = Parser.Parse(input).Diagnostics.First(x => x.Code == DiagnosticCode.UnmatchedParenthesis || x.Code == DiagnosticCode.MissingOperand);
        Assert.Equal(5, d.Column);
        var lines = d.Render(input).Split('\n');
        Assert.Equal(input, lines[1]);
        Assert.Equal("    ^", lines[2]);
    }

    [Fact]
    public void Source_text_columns_count_text_elements()
    {
        var source = SourceText.From("a\n𝑥𝑦 + z");
        Assert.Equal((2, 1), source.GetLinePosition(2));
        Assert.Equal((2, 2), source.GetLinePosition(4));   // after one surrogate pair
        Assert.Equal((2, 4), source.GetLinePosition(7));   // "𝑥𝑦 " is three columns
        Assert.Equal((2, 3), source.GetLinePosition(6));
        Assert.Equal(2, source.GetLineStart(2));
    }

    [Fact]
    public void The_renderer_cuts_long_lines_by_characters_and_keeps_non_BMP_characters_whole()
    {
        var line = string.Concat(Enumerable.Repeat("𝑥+", 200)) + "?";
        var rendered = DiagnosticRenderer.Render("1", DiagnosticSeverity.Error, DiagnosticCode.UnexpectedCharacter, "m", line, line.Length - 1, 1);
        var lines = rendered.Split('\n');
        Assert.Equal("1:401: error SD1004: m", lines[0]);
        Assert.StartsWith("...", lines[1]);
        Assert.DoesNotContain('\uFFFD', lines[1]);
        Assert.True(lines[1].EnumerateRunes().All(r => !Rune.IsControl(r) && r.Value is < 0xD800 or > 0xDFFF));
        // The caret sits under the '?' once characters (not UTF-16 units) are counted.
        var echoed = new System.Globalization.StringInfo(lines[1]);
        Assert.Equal(echoed.LengthInTextElements - 1, lines[2].IndexOf('^'));
        Assert.Equal("?", echoed.SubstringByTextElements(echoed.LengthInTextElements - 1));
    }

    // Diagnostic.Render, SdxDiagnostic and PointSpec.Error render through DiagnosticRenderer: same header shape,
    // same echo, same carets, and the code when there is one.
    [Fact]
    public void Issue_8_one_caret_renderer_for_diagnostics_sdx_lines_and_points()
    {
        const string text = "x=𝑥\u0001";
        Assert.Equal("--at:3: error: m\nx=𝑥\uFFFD\n  ^", PointSpec.Error("m", text, 2, 2, "--at").Rendered);
        Assert.Equal("7:3: error: m\nx=𝑥\uFFFD\n  ^", SdxDiagnostic.Error("m", 7, text, 2, 2).Rendered);
        Assert.Equal("7:4: error SD1004: m\nx=𝑥\uFFFD\n   ^",
            SdxDiagnostic.Error("m", 7, text, 4, 1, DiagnosticCode.UnexpectedCharacter).Rendered);
        Assert.Equal("--at:4: error SD1004: m\nx=𝑥\uFFFD\n   ^",
            PointSpec.Error("m", text, 4, 1, "--at", DiagnosticCode.UnexpectedCharacter).Rendered);
        Assert.Equal(DiagnosticRenderer.Render("--at", DiagnosticSeverity.Error, null, "m", text, 2, 2),
            PointSpec.Error("m", text, 2, 2, "--at").Rendered);
    }

    [Fact]
    public void Case_errors_count_columns_and_lengths_in_characters_and_keep_their_code()
    {
        var error = SdxDiagnostic.Error("m", 1, "𝑥𝑦 @ 1", 5, 1, DiagnosticCode.UnexpectedCharacter);
        Assert.Equal((4, 1), (error.Column, error.Length));
        Assert.Equal(DiagnosticCode.UnexpectedCharacter, error.Code);
        var wide = PointSpec.Error("m", "y=𝑥𝑦", 2, 4, "--at");
        Assert.Equal((3, 2), (wide.Column, wide.Length));
        // Shifting a part's error into its line keeps the characters it points at.
        var shifted = SdxDiagnostic.Shift(wide, 9, "𝑥 @ y=𝑥𝑦", 5);
        Assert.Equal((7, 2), (shifted.Column, shifted.Length));
        Assert.EndsWith("\n𝑥 @ y=𝑥𝑦\n      ^^", shifted.Rendered);
    }
}
