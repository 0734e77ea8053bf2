using System.Diagnostics;
using System.Text;
using SymDiff.Expressions;
using SymDiff.Syntax;
using Xunit.Abstractions;
using static SymDiff.Syntax.DiagnosticCode;
using static SymDiff.Tests.Syntax.ParseAssert;

namespace SymDiff.Tests.Syntax;

/// <summary>Depth limits (a diagnostic, never a stack overflow) and linear time on large flat input.</summary>
[Collection(TimingCollection.Name)]
public class ParserLimitsTests(ITestOutputHelper output)
{
    // Generous for CI (the target is one second); measured times are printed. The bound applies to the process's CPU
    // time, which this collection has to itself: on a loaded machine wall time says more about the neighbours.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private const int Megabyte = 1 << 20;

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private ParseResult Timed(string input, string label)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = Parser.Parse(input);
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{label} ({input.Length} chars): {watch.Elapsed.TotalMilliseconds:F0} ms wall, {cpu.TotalMilliseconds:F0} ms CPU");
        Assert.True(cpu < Bound, $"{label}: {cpu.TotalMilliseconds:F0} ms CPU");
        return result;
    }

    [Fact]
    public void Parentheses_nest_up_to_the_limit()
    {
        Prints(Repeat("(", Parser.MaxDepth) + "x" + Repeat(")", Parser.MaxDepth), "x");
        // 1:1001: error SD1014: expression nests deeper than 1000 levels
        var d = Fails(Repeat("(", Parser.MaxDepth + 1) + "x" + Repeat(")", Parser.MaxDepth + 1), (NestingTooDeep, 1001, 1));
        Assert.Equal("expression nests deeper than 1000 levels", d[0].Message);
    }

    [Fact]
    public void Unary_minus_chains_nest_up_to_the_limit()
    {
        Prints(Repeat("-", Parser.MaxDepth) + "x", "x");
        Prints(Repeat("-", Parser.MaxDepth - 1) + "x", "-x");
        Fails(Repeat("-", Parser.MaxDepth + 1) + "x", (NestingTooDeep, 1001, 1));
    }

    [Fact]
    public void Calls_nest_up_to_the_limit()
    {
        var ok = Parses(Repeat("sin(", Parser.MaxDepth) + "x" + Repeat(")", Parser.MaxDepth));
        Assert.Equal(Parser.MaxDepth + 1, ok.Depth);
        // The 1001st 'sin' starts at column 4*1000 + 1.
        Fails(Repeat("sin(", Parser.MaxDepth + 1) + "x" + Repeat(")", Parser.MaxDepth + 1), (NestingTooDeep, 4001, 3));
    }

    [Fact]
    public void Power_chains_nest_up_to_the_limit()
    {
        var ok = Parses(Repeat("x^", Parser.MaxDepth) + "x");
        Assert.Equal(Parser.MaxDepth + 1, ok.Depth);
        Fails(Repeat("x^", Parser.MaxDepth + 1) + "x", (NestingTooDeep, 2 * Parser.MaxDepth + 2, 1));
    }

    [Fact]
    public void Mixed_nesting_counts_every_level()
    {
        // Each unit nests four levels (the sign, the parenthesis, the power, the call): 250 units are exactly the limit.
        var unit = "-(x^sin(";
        Assert.True(Parser.Parse(Repeat(unit, 250) + "x" + Repeat("))", 250)).Success);
        var deep = Parser.Parse(Repeat(unit, 251) + "x" + Repeat("))", 251));
        Assert.Equal([NestingTooDeep], deep.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Very_deep_input_fails_cleanly_without_overflowing_the_stack()
    {
        foreach (var input in new[]
                 {
                     Repeat("(", Megabyte), Repeat("-", Megabyte) + "x", Repeat("sin(", Megabyte / 4),
                     Repeat("x^", Megabyte / 2) + "x", Repeat("(", 200_000) + "x" + Repeat(")", 200_000),
                 })
        {
            var result = Timed(input, input[..8] + "...");
            Assert.False(result.Success);
            Assert.Equal(1, result.Diagnostics.Count(d => d.Code == NestingTooDeep));
        }
    }

    [Fact]
    public void One_megabyte_flat_sum_parses_in_linear_time()
    {
        var result = Timed(Repeat("x+", Megabyte / 2) + "x", "x+x+...+x");
        Assert.Equal($"{Megabyte / 2 + 1}*x", result.Value?.ToString());
    }

    [Fact]
    public void One_megabyte_flat_product_and_mixed_run_parse_in_linear_time()
    {
        foreach (var (input, expected) in new[]
                 {
                     (Repeat("x*", Megabyte / 2) + "x", $"x^{Megabyte / 2 + 1}"),
                     (Repeat("x-y+", Megabyte / 4) + "1", $"{Megabyte / 4}*x - {Megabyte / 4}*y + 1"),
                     (Repeat("x/y*", Megabyte / 4) + "1", $"x^{Megabyte / 4}/y^{Megabyte / 4}"),
                 })
        {
            var result = Timed(input, input[..8] + "...");
            Assert.Equal(expected, result.Value?.ToString());
        }
    }

    [Fact]
    public void Ten_thousand_term_polynomial_parses_into_one_sum()
    {
        var input = string.Join("+", Enumerable.Range(1, 10_000).Select(i => $"{i}*x^{i}"));
        var value = Timed(input, "1*x^1+...+10000*x^10000").Value;
        var sum = Assert.IsType<Add>(value);
        Assert.Equal(10_000, sum.Terms.Length);
        Assert.StartsWith("10000*x^10000 + 9999*x^9999 + ", value.ToString());
        Assert.EndsWith(" + 2*x^2 + x", value.ToString());
    }

    [Fact]
    public void One_megabyte_of_errors_stops_reporting_after_the_maximum()
    {
        foreach (var input in new[] { Repeat("§", Megabyte), Repeat("x 1 ", Megabyte / 4), Repeat("*", Megabyte), Repeat(")", Megabyte) })
        {
            var result = Timed(input, input[..4] + "...");
            Assert.Equal(DiagnosticBag.Max + 1, result.Diagnostics.Length);
            Assert.Equal(TooManyErrors, result.Diagnostics[^1].Code);
            Assert.Equal("too many errors; only the first 100 are reported", result.Diagnostics[^1].Message);
        }
    }

    [Fact]
    public void One_megabyte_tokens_fail_or_parse_quickly()
    {
        var number = Timed(Repeat("9", Megabyte), "999...");
        Assert.Equal([(NumberOutOfRange, 0, Megabyte)], number.Diagnostics.Select(d => (d.Code, d.Span.Start, d.Span.Length)));
        var name = "a" + Repeat("b", Megabyte);
        Assert.Equal<string>([name], Timed(name, "abbb...").Variables);
        Assert.Equal([UnknownFunction], Timed(name + "(x)", "abbb...(x)").Diagnostics.Select(d => d.Code));
    }
}

/// <summary>Tests that measure wall time run alone, not beside the parallel ones, so CI load does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
