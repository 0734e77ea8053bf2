using System.Diagnostics;
using System.Text;
using SymDiff.Evaluation;

namespace SymDiff.Benchmarks;

/// <summary>
/// `columns [rounds]`: the issue 12 target-1 ratios measured interleaved, for a machine too busy for BenchmarkDotNet's
/// one-benchmark-after-another runs: each round times every contender once, in turn, so load swings hit them alike;
/// the minimum and median over the rounds are printed with their ratios to the hand-written loops.
/// </summary>
public static class ColumnRatios
{
    public static string Run(int rounds = 15)
    {
        var chain = new BaselineBenchmarks.Fixture("seed_chain");
        var mlp = new BaselineBenchmarks.Fixture("mlp16");
        var residual = new double[CaseBenchmarks.Points];
        const int n = CaseBenchmarks.Points;
        (string Name, Action Run)[] contenders =
        [
            ("seed_chain hand-written", () => HandWritten.SeedChain(chain.Inputs[0], chain.Outputs[0], n)),
            ("seed_chain columns fast", () => chain.FastColumns.Evaluate(chain.Inputs, chain.Outputs, n)),
            ("seed_chain columns exact", () => chain.ExactColumns.Evaluate(chain.Inputs, chain.Outputs, n)),
            ("mlp16 hand-written by unit", () => HandWritten.Mlp16ByUnit(mlp.Inputs, mlp.Outputs, n, residual)),
            ("mlp16 columns fast", () => mlp.FastColumns.Evaluate(mlp.Inputs, mlp.Outputs, n)),
            ("mlp16 columns exact", () => mlp.ExactColumns.Evaluate(mlp.Inputs, mlp.Outputs, n)),
            ("mlp16 prepare (lower + plan) x1000", () =>
            {
                for (var i = 0; i < 1000; i++) ColumnEvaluator.Prepare(ExprProgram.Lower(mlp.Gradient, mlp.Variables), ColumnAccuracy.Fast);
            }),
        ];
        var times = contenders.Select(_ => new List<double>()).ToArray();
        foreach (var c in contenders) c.Run(); // warm-up
        for (var r = 0; r < rounds; r++)
            for (var k = 0; k < contenders.Length; k++)
            {
                var sw = Stopwatch.StartNew();
                contenders[k].Run();
                times[k].Add(sw.Elapsed.TotalMilliseconds);
            }
        var sb = new StringBuilder($"| contender | min ms | median ms | min ratio | median ratio |\n|---|---:|---:|---:|---:|\n");
        for (var k = 0; k < contenders.Length; k++)
        {
            var baseline = k < 3 ? 0 : k < 6 ? 3 : k;
            double Min(int i) => times[i].Min();
            double Median(int i) => times[i].Order().ElementAt(times[i].Count / 2);
            sb.Append($"| {contenders[k].Name} | {Min(k):F2} | {Median(k):F2} | {Min(k) / Min(baseline):F2} | {Median(k) / Median(baseline):F2} |\n");
        }
        return sb.ToString();
    }
}
