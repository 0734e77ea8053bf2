using System.Diagnostics;
using System.Globalization;
using System.Text;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Benchmarks;

/// <summary>
/// A fast smoke run without BenchmarkDotNet: checks the hand-written baselines against the compiled gradients and
/// prints one rough Stopwatch timing per operation and case (median of a few calls after one warm-up).
/// Use the BenchmarkDotNet suite for figures to report.
/// </summary>
public static class QuickCheck
{
    public static string Run()
    {
        var baselines = new BaselineBenchmarks();
        baselines.Setup(); // throws if a hand-written gradient disagrees with the compiled one
        var text = new StringBuilder("Hand-written baselines agree with the compiled gradients.\n\n");
        text.AppendLine("| 10^6 points | hand-written | compiled |");
        text.AppendLine("|---|---:|---:|");
        text.AppendLine($"| seed_chain | {Time(baselines.SeedChainHandWritten, 5)} | {Time(baselines.SeedChainCompiled, 5)} |");
        text.AppendLine($"| mlp16 | {Time(baselines.Mlp16HandWritten, 3)} (by unit: {Time(baselines.Mlp16HandWrittenByUnit, 3)}) " +
            $"| {Time(baselines.Mlp16Compiled, 3)} |");
        text.AppendLine();
        text.AppendLine("| case | parse | gradient | gradient+simplify | compile | eval 10^6 points |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var c in BenchCases.Cases)
        {
            var factory = new ExprFactory();
            var f = BenchCases.Parse(c.Expression, factory);
            var gradient = BenchCases.SimplifiedGradient(f, c.Variables, factory);
            var inputs = c.Inputs(f);
            var compiled = CompiledFunction.Compile(gradient, inputs);
            var (low, high) = BenchCases.InputRange(c.Name);
            var columns = BenchCases.RandomColumns(inputs.Length, CaseBenchmarks.Points, low, high);
            var outputs = gradient.Select(_ => new double[CaseBenchmarks.Points]).ToArray();
            text.AppendLine($"| {c.Name} | {Time(() => BenchCases.Parse(c.Expression, new ExprFactory()))} " +
                $"| {Time(() => BenchCases.Gradient(f, c.Variables, new ExprFactory()))} " +
                $"| {Time(() => BenchCases.SimplifiedGradient(f, c.Variables, new ExprFactory()))} " +
                $"| {Time(() => _ = CompiledFunction.Compile(gradient, inputs).Batch)} " +
                $"| {Time(() => compiled.EvaluateBatch(columns, outputs, CaseBenchmarks.Points), 3)} |");
        }
        return text.ToString();
    }

    private static string Time(Action action, int calls = 21)
    {
        action();
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalMicroseconds;
        }
        Array.Sort(times);
        var us = times[calls / 2];
        return us >= 1000 ? (us / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
            : us.ToString("0.0", CultureInfo.InvariantCulture) + " us";
    }
}
