using System.Diagnostics;
using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Numbers;
using SymDiff.Simplification;
using SymDiff.Syntax;
using SymDiff.Tests.Syntax;
using Xunit.Abstractions;

namespace SymDiff.Tests.Calculus;

/// <summary>
/// Issue 8, item 8: sums of 10^5 terms parse, differentiate and simplify (timings: bench/SCALE.md). These assert the
/// results and the work done; the CPU-time bound is only a generous guard against a quadratic step coming back
/// (10^5 terms took minutes then; about a second now).
/// </summary>
[Collection(TimingCollection.Name)]
public class ScaleTests(ITestOutputHelper output)
{
    private const int N = 100_000;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);
    private static readonly Budget Unhurried = new(MaxPasses: 4, MaxNodes: 10 * N, Deadline: Guard);
    private const double EulerGamma = 0.57721566490153286;

    private static string SumOf(Func<int, string> term) => string.Join(" + ", Enumerable.Range(1, N).Select(term));

    private T Timed<T>(string label, Func<T> action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = action();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{label}: {cpu.TotalMilliseconds:F0} ms CPU");
        Assert.True(cpu < Guard, $"{label}: {cpu.TotalMilliseconds:F0} ms CPU");
        return result;
    }

    private static Expr Parse(string text, ExprFactory f) => Parser.Parse(text, f).Value ?? throw new Exception("did not parse");

    // H_n = ln n + gamma + 1/(2n) - 1/(12n^2) + O(n^-4): an independent check of the exact sum.
    private static double Harmonic(int n) => Math.Log(n) + EulerGamma + 1.0 / (2 * n) - 1.0 / (12.0 * n * n);

    [Fact]
    public void Issue_8_a_sum_of_fractions_folds_exactly()
    {
        var f = new ExprFactory();
        var e = Timed("parse 1/2 + ... + 1/100001", () => Parse(SumOf(k => $"1/{k + 1}"), f));
        var sum = Assert.IsType<Num>(e).Value;
        Assert.Equal(Harmonic(N + 1) - 1, sum.ToDouble(), 12);
        Assert.Equal(144_337, (int)sum.Denominator.GetBitLength()); // lcm(2..100001) / (the factors that cancel)
        Assert.Equal(f.Zero, Differentiator.Differentiate(e, "x", f));
        // The same as adding the fractions one by one in the textbook way, at a size where that is affordable.
        var small = Parse(string.Join("+", Enumerable.Range(2, 2000).Select(k => $"1/{k}")), f);
        var expected = Enumerable.Range(2, 2000).Aggregate(Rational.Zero,
            (s, k) => Rational.Create(s.Numerator * k + s.Denominator, s.Denominator * k));
        Assert.Equal(f.Number(expected), small);
    }

    [Fact]
    public void Issue_8_a_sum_of_multiples_of_x_merges_into_one_term()
    {
        var f = new ExprFactory();
        var e = Timed("parse x/1 + ... + x/100000", () => Parse(SumOf(k => $"x/{k}"), f));
        var (coefficient, rest) = f.SplitCoefficient(e);
        Assert.Equal(f.Symbol("x"), rest);
        Assert.Equal(Harmonic(N), coefficient.ToDouble(), 12);
        var d = Timed("d/dx", () => Differentiator.Differentiate(e, "x", f));
        Assert.Equal(f.Number(coefficient), d);
        var s = Timed("simplify", () => Simplifier.Simplify(e, f, Unhurried));
        Assert.Equal(StopReason.Saturated, s.StopReason);
        Assert.Same(e, s.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Issue_8_a_sum_of_distinct_variables_differentiates_term_by_term(bool fractions)
    {
        var f = new ExprFactory();
        var e = (Add)Timed("parse", () => Parse(SumOf(k => fractions ? $"x{k}/{k}" : $"x{k}"), f));
        Assert.Equal(N, e.Terms.Length);
        Assert.Equal(N, e.FreeSymbols.Count);
        Assert.Equal(["x1", "x2", "x3"], e.Terms.Take(3).Select(t => ((Sym)f.SplitCoefficient(t).Remainder).Name));
        Assert.Equal("x100000", ((Sym)f.SplitCoefficient(e.Terms[^1]).Remainder).Name);

        Assert.Equal(f.Number(fractions ? Rational.Create(1, 777) : Rational.One), Differentiator.Differentiate(e, "x777", f));
        Assert.Equal(f.Zero, Differentiator.Differentiate(e, "y", f));
        // d/dx_k visits the one term that holds x_k, not all 10^5 (the full gradient was quadratic).
        Assert.Equal([776], e.TermsDependingOn("x777").ToArray());

        var variables = e.FreeSymbols.ToList();
        var gradient = Timed("full gradient (10^5 partials)", () => Derivatives.Gradient(e, variables, f));
        for (var k = 1; k <= N; k += 997)
            Assert.Equal(f.Number(fractions ? Rational.Create(1, k) : Rational.One), gradient.Single(p => p.Key == $"x{k}").Value);

        var s = Timed("simplify", () => Simplifier.Simplify(e, f, Unhurried));
        Assert.Equal(StopReason.Saturated, s.StopReason);
        Assert.Equal(1, s.Passes);
        Assert.Same(e, s.Value);
    }

    [Fact]
    public void Simplifier_rules_merge_every_pair_of_a_long_sum_in_one_application()
    {
        var f = new ExprFactory();
        const int pairs = 20_000;
        var e = Parse(string.Join(" + ", Enumerable.Range(1, pairs).Select(k => $"{k}*sin(x{k})^2 + {k}*cos(x{k})^2 + y{k}")), f);
        var s = Timed("simplify 20,000 pythagorean pairs", () => Simplifier.Simplify(e, f, Unhurried));
        Assert.Equal(StopReason.Saturated, s.StopReason);
        Assert.Equal(1, s.RuleCounts["pythagorean-trig"]);
        var rest = Enumerable.Range(1, pairs).Select(k => f.Symbol($"y{k}")).Append(f.Number(new System.Numerics.BigInteger(pairs * (pairs + 1L) / 2)));
        Assert.Equal(f.Add(rest), s.Value);
    }
}
