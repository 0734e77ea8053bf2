using System.Text;
using SymDiff.Functions;

namespace SymDiff.Benchmarks;

/// <summary>
/// `ulps`: for each function-table row with a SpanEval kernel, the largest distance in ulps between the kernel and the
/// row's scalar Eval over 10^6 seeded doubles per range, how many differ, and disagreements on edge values (NaN,
/// infinities, zeros, subnormals, huge) that the bound does not cover. The figures behind the rows' MaxUlps.
/// </summary>
public static class KernelAccuracyReport
{
    private static readonly double[] Edges =
    [
        0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 1e-310, -1e-310,
        1e-300, 1, -1, 0.5, 2, 710, -745, 800, -800, 1e22, 1e300, -1e300, double.MaxValue, double.MinValue,
    ];

    private static readonly (double Low, double High)[] Ranges = [(-10, 10), (-1e6, 1e6), (-700, 700), (0, 10), (-1, 1)];

    public static string Run(int count = 1_000_000)
    {
        var sb = new StringBuilder("| row | range | max ulps | values that differ | bound (MaxUlps) |\n|---|---|---:|---:|---:|\n");
        var edgeNotes = new List<string>();
        foreach (var row in FunctionTable.All.Where(r => r.SpanEval is not null))
        {
            foreach (var (low, high) in Ranges)
            {
                var rng = new Random(20261128);
                var xs = new double[count];
                var ys = new double[count];
                for (var i = 0; i < count; i++)
                {
                    xs[i] = low + (high - low) * rng.NextDouble();
                    ys[i] = low + (high - low) * rng.NextDouble();
                }
                var (worst, differ, _) = Compare(row, xs, ys);
                sb.Append($"| {row.Name}/{row.Arity} | [{low:G}, {high:G}] | {worst} | {differ:N0} | {row.SpanEval!.MaxUlps} |\n");
            }
            var ex = row.Arity == 1 ? Edges : [.. Edges.SelectMany(e => Edges.Select(_ => e))];
            var ey = row.Arity == 1 ? Edges : [.. Edges.SelectMany(_ => Edges)];
            edgeNotes.AddRange(Compare(row, ex, ey).Notes.Select(n => $"{row.Name}/{row.Arity} {n}"));
        }
        sb.Append("\nEdge values (0, -0, NaN, ±inf, subnormals, 1e22, 1e300, ±MaxValue, overflow and underflow points) where the kernel's kind ");
        sb.Append("(NaN, infinity, signed zero) or value differs from Eval:\n");
        sb.Append(edgeNotes.Count == 0 ? "none\n" : string.Join("\n", edgeNotes) + "\n");
        return sb.ToString();
    }

    private static (long Worst, int Differ, List<string> Notes) Compare(FunctionInfo row, double[] xs, double[] ys)
    {
        var columns = new double[xs.Length];
        row.EvaluateColumn(xs, ys, columns, allowApproximate: true);
        long worst = 0;
        var differ = 0;
        var notes = new List<string>();
        for (var i = 0; i < xs.Length; i++)
        {
            double[] args = row.Arity == 1 ? [xs[i]] : [xs[i], ys[i]];
            var expected = row.Evaluate(args);
            var ulps = Ulps(expected, columns[i]);
            if (ulps == 0) continue;
            differ++;
            worst = Math.Max(worst, ulps);
            if (ulps == long.MaxValue || xs.Length < 1000)
                notes.Add($"at ({string.Join(", ", args.Select(a => a.ToString("R")))}): Eval {expected:R}, kernel {columns[i]:R}");
        }
        return (worst, differ, notes);
    }

    // Distance in ulps; long.MaxValue when NaN, an infinity or a zero appears on one side only.
    private static long Ulps(double a, double b)
    {
        if (BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b))) return 0;
        if (!double.IsFinite(a) || !double.IsFinite(b) || a == 0 || b == 0) return long.MaxValue;
        static long Ordered(double d)
        {
            var bits = BitConverter.DoubleToInt64Bits(d);
            return bits < 0 ? -(bits & long.MaxValue) : bits;
        }
        return Math.Abs(Ordered(a) - Ordered(b));
    }
}
