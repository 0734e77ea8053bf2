using SymDiff.Cli.Rendering;

namespace SymDiff.Tests.Cli;

/// <summary>Wrapping a long derivative for check's table: where it breaks, and that nothing is lost.</summary>
public class TextWrapTests
{
    [Theory]
    // A top-level term first, before its operator, which starts the next line.
    [InlineData("2*x*cos(x^2) + 3*x^2*sin(x^3)", 16, 30, new[] { "2*x*cos(x^2)", "+ 3*x^2*sin(x^3)" })]
    // Inside parentheses only when the top level has no place: then after a factor.
    [InlineData("2*sigmoid(w*x + b)*(1 - sigmoid(w*x + b))", 24, 40, new[] { "2*sigmoid(w*x + b)*", "(1 - sigmoid(w*x + b))" })]
    // No place at all: cut at the width.
    [InlineData("abcdefghijkl", 5, 5, new[] { "abcde", "fghij", "kl" })]
    [InlineData("x + y", 10, 10, new[] { "x + y" })]
    public void Breaks_where_a_reader_expects_it(string text, int first, int rest, string[] expected) =>
        Assert.Equal(expected, TextWrap.Wrap(text, first, rest));

    [Fact]
    public void Every_line_fits_and_the_pieces_make_the_formula()
    {
        const string d = "x*sigmoid(w*x + b)*(1 - y) - x*y*(1 - sigmoid(w*x + b)) + exp(w)*sigmoid(w)^3*tanh(w)^2/(exp(w) + 1)";
        foreach (var width in new[] { 8, 13, 20, 31, 50 })
        {
            var lines = TextWrap.Wrap(d, width, width + 4);
            Assert.True(lines[0].Length <= width, lines[0]);
            Assert.All(lines.Skip(1), l => Assert.True(l.Length <= width + 4, l));
            Assert.Equal(d.Replace(" ", ""), string.Concat(lines).Replace(" ", ""));
        }
    }

    [Fact]
    public void The_table_wraps_a_long_derivative_under_its_row_and_keeps_the_verdict_on_the_row()
    {
        var output = new StringWriter();
        var report = new CheckTextReport(output, color: false, width: 100);
        var results = SymDiff.Checking.SdxRunner.Check(SymDiff.Checking.SdxFile.ParseLine("tanh(w)^2*sigmoid(w)^3 @ 0.5", 1)!, new());
        report.BeginFile("f.sdx");
        report.Write([new CheckedCase(SymDiff.Checking.SdxFile.ParseLine("tanh(w)^2*sigmoid(w)^3 @ 0.5", 1)!, results, 0)]);
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 100, $"{l.Length}: {l}"));
        Assert.StartsWith("1 ", lines[2]);
        Assert.EndsWith("PASS", lines[2]);
        Assert.True(lines.Length > 3, "the derivative wrapped");
    }
}
