using SymDiff.Syntax;
using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

/// <summary>The .sdx line format: parts with their offsets, comments, blank lines, and structural errors with columns.</summary>
public class SdxFileTests
{
    private static SdxCase Line(string text, int line = 1) =>
        SdxFile.ParseLine(text, line) ?? throw new Xunit.Sdk.XunitException($"'{text}' was skipped");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData("# a comment")]
    [InlineData("   # an indented comment with @ and => inside")]
    public void Blank_and_comment_lines_are_skipped(string text) => Assert.Null(SdxFile.ParseLine(text, 1));

    [Fact]
    public void Expression_only()
    {
        var c = Line("  sin(x^2)  ");
        Assert.Null(c.Error);
        Assert.Equal(new SdxPart("sin(x^2)", 2), c.Expression);
        Assert.Null(c.Points);
        Assert.Null(c.Claim);
    }

    [Fact]
    public void Expression_point_and_claim_with_offsets_in_the_line()
    {
        //          0         1         2
        //          0123456789012345678901
        var c = Line("x^2+2*x+1 @ 3 => 2*x+2");
        Assert.Null(c.Error);
        Assert.Equal(new SdxPart("x^2+2*x+1", 0), c.Expression);
        Assert.Equal(new SdxPart("3", 12), c.Points);
        Assert.Equal(new SdxPart("2*x+2", 17), c.Claim);
    }

    [Fact]
    public void Several_points_stay_one_part()
    {
        var c = Line("x^2 @ x=1; x=2; x=3");
        Assert.Equal("x=1; x=2; x=3", c.Points!.Value.Text);
        Assert.Equal(6, c.Points.Value.Offset);
    }

    [Fact]
    public void Claim_without_point_and_named_claims()
    {
        var c = Line("x*y + sin(x) => d/dx: y + cos(x); d/dy: x");
        Assert.Equal("x*y + sin(x)", c.Expression.Text);
        Assert.Null(c.Points);
        Assert.Equal("d/dx: y + cos(x); d/dy: x", c.Claim!.Value.Text);
    }

    [Fact]
    public void Trailing_comment_is_dropped_but_the_line_is_kept_for_rendering()
    {
        var c = Line("sin(x) @ 1   # the chain rule => not a claim @ not a point", 7);
        Assert.Equal(7, c.Line);
        Assert.Equal("sin(x)", c.Expression.Text);
        Assert.Equal("1", c.Points!.Value.Text);
        Assert.Null(c.Claim);
        Assert.Equal("sin(x) @ 1", c.Content);
        Assert.StartsWith("sin(x) @ 1   #", c.Text);
    }

    // Rendered (every error carries its code, as the parser's do):
    // 3:1: error SD1306: expected an expression before '@'
    // @ 2
    // ^
    [Theory]
    [InlineData("@ 2", 1, 1, "expected an expression before '@'", "SD1306")]
    [InlineData("  => 2*x", 3, 2, "expected an expression before '=>'", "SD1306")]
    [InlineData("x^2 @", 5, 1, "expected a point after '@'", "SD1305")]
    [InlineData("x^2 @   # no point", 5, 1, "expected a point after '@'", "SD1305")]
    [InlineData("x^2 @ 1 =>", 9, 2, "expected a hand-written derivative after '=>'", "SD1303")]
    [InlineData("x^2 => ", 5, 2, "expected a hand-written derivative after '=>'", "SD1303")]
    [InlineData("x^2 @ 1 @ 2", 9, 1, "at most one point", "SD1304")]
    [InlineData("@@ x", 2, 1, "at most one point", "SD1304")]
    [InlineData("x^2 => 2*x => 2", 12, 2, "at most one '=>'", "SD1301")]
    [InlineData("x^2 => 2*x @ 3", 12, 1, "the point comes before the claim", "SD1302")]
    public void Structural_errors_have_columns_in_the_line_and_a_code(string text, int column, int length, string message, string code)
    {
        var c = Line(text, 3);
        Assert.NotNull(c.Error);
        Assert.Equal(column, c.Error!.Column);
        Assert.Equal(length, c.Error.Length);
        Assert.Contains(message, c.Error.Message);
        Assert.Equal(code, DiagnosticMessages.Id(c.Error.Code!.Value));
        var rendered = c.Error.Rendered.Split('\n');
        Assert.StartsWith($"3:{column}: error {code}: ", rendered[0]);
        Assert.Equal(text, rendered[1]);
        Assert.Equal(new string(' ', column - 1) + new string('^', length), rendered[2]);
    }

    [Fact]
    public void Read_streams_case_lines_with_their_numbers()
    {
        const string text = "# header\r\n\r\nx^2 @ 1\r\n   \r\nsin(x)  # trailing\r\n@ 2\r\ncos(x) => -sin(x)";
        var cases = SdxFile.Parse(text).ToList();
        Assert.Equal([3, 5, 6, 7], cases.Select(c => c.Line));
        Assert.Equal(["x^2", "sin(x)", "@ 2", "cos(x)"], cases.Select(c => c.Error is null ? c.Expression.Text : c.Content));
        Assert.NotNull(cases[2].Error);
        Assert.Equal("-sin(x)", cases[3].Claim!.Value.Text);
    }

    [Fact]
    public void Read_is_lazy()
    {
        var reader = new CountingReader(["x @ 1", "y @ 2", "z @ 3"]);
        using var e = SdxFile.Read(reader).GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal(1, reader.Reads);
    }

    [Fact]
    public void Tabs_and_long_lines_keep_the_caret_under_the_error()
    {
        var c = Line("x^2\t@", 1);
        var rendered = c.Error!.Rendered.Split('\n');
        Assert.Equal("x^2 @", rendered[1]);
        Assert.Equal("    ^", rendered[2]);

        var longLine = new string(' ', 300) + "x @";
        rendered = Line(longLine).Error!.Rendered.Split('\n');
        Assert.Equal(rendered[1].IndexOf('@'), rendered[2].IndexOf('^'));
        Assert.True(rendered[1].Length < 140);
    }

    private sealed class CountingReader(string[] lines) : TextReader
    {
        public int Reads { get; private set; }

        public override string? ReadLine() => Reads < lines.Length ? lines[Reads++] : null;
    }

    // Review 9 #20: an unclosed '(' kept the point inside the expression, and its '=' signs became follow-on errors.
    [Theory]
    [InlineData("sum(W@x @ W=[[1,2],[3,4]], x=[1,2]", "sum(W@x", "W=[[1,2],[3,4]], x=[1,2]")]
    [InlineData("sin(x^2 @ x=1 => 2*x", "sin(x^2", "x=1")]
    [InlineData("(x + 1 @ 3", "(x + 1", "3")]
    public void With_a_parenthesis_left_open_the_point_is_still_found(string text, string expression, string point)
    {
        var c = Line(text);
        Assert.Null(c.Error);
        Assert.Equal(expression, c.Expression.Text);
        Assert.Equal(point, c.Points!.Value.Text);
    }

    [Fact]
    public void An_open_parenthesis_with_a_matrix_product_inside_stays_the_expression()
    {
        var c = Line("sum(W@x");
        Assert.Equal("sum(W@x", c.Expression.Text);
        Assert.Null(c.Points);
    }
}
