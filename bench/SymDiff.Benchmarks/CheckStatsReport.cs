using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SymDiff.Expressions;

namespace SymDiff.Benchmarks;

/// <summary>
/// Issue 12, target 2: gradient + simplification through <c>symdiff check --stats</c> against the library's own
/// figure, side by side. Reads the JSON report of a run over the bench cases repeated (bench/check-stats.sh writes the
/// .sdx and runs the CLI), takes per case the median of the last <c>last</c> repetitions of
/// differentiateUs + simplifyUs, and times <see cref="BenchCases.SimplifiedGradient"/> in this process the way
/// <see cref="CaseBenchmarks.GradientSimplified"/> does (fresh factory per call, expression parsed beforehand),
/// warmed up, median of many calls. An optional TSV (case, microseconds) of SymPy's diff adds a column and the
/// speed-up of the CLI path over it.
/// </summary>
public static class CheckStatsReport
{
    public static string Run(string cliJson, string? sympyTsv, int last = 10)
    {
        var cli = CliMedians(cliJson, last);
        var sympy = sympyTsv is null ? new Dictionary<string, double>() : ReadTsv(sympyTsv);
        var text = new StringBuilder();
        text.AppendLine($"differentiate + simplify per case, µs: CLI = median of the last {last} repetitions in `symdiff check --stats`; " +
                        "library = median of 41 calls after warm-up, in process; SymPy = sympy.diff per gradient variable, best of N, cache cleared");
        text.AppendLine();
        text.AppendLine("| case | CLI diff | CLI simplify | CLI total | library | CLI / library | SymPy diff | SymPy / CLI |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in BenchCases.Cases)
        {
            if (!cli.TryGetValue(c.Expression, out var m))
            {
                text.AppendLine($"| {c.Name} | (not in the report) | | | | | | |");
                continue;
            }
            var library = LibraryMedian(c);
            var py = sympy.TryGetValue(c.Name, out var s) ? s : double.NaN;
            text.AppendLine($"| {c.Name} | {Us(m.Differentiate)} | {Us(m.Simplify)} | {Us(m.Total)} | {Us(library)} | {m.Total / library:0.00} " +
                            $"| {(double.IsNaN(py) ? "-" : Us(py))} | {(double.IsNaN(py) ? "-" : (py / m.Total).ToString("0", CultureInfo.InvariantCulture))} |");
        }
        return text.ToString();
    }

    private sealed record CliMedian(double Differentiate, double Simplify, double Total);

    // By the case's input text: the report's "input" is the expression without its {wrt: ...} block.
    private static Dictionary<string, CliMedian> CliMedians(string path, int last)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var runs = new Dictionary<string, List<(double D, double S)>>();
        foreach (var r in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            if (!r.TryGetProperty("stats", out var stats) || stats.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: line {r.GetProperty("line")} has no stats (run with --stats)");
            var input = r.GetProperty("input").GetString()!;
            if (!runs.TryGetValue(input, out var list)) runs[input] = list = [];
            list.Add((stats.GetProperty("differentiateUs").GetDouble(), stats.GetProperty("simplifyUs").GetDouble()));
        }
        return runs.ToDictionary(kv => kv.Key, kv =>
        {
            var tail = kv.Value.TakeLast(last).ToList();
            return new CliMedian(Median(tail.Select(t => t.D)), Median(tail.Select(t => t.S)), Median(tail.Select(t => t.D + t.S)));
        });
    }

    private static double LibraryMedian(BenchCase c)
    {
        var f = BenchCases.Parse(c.Expression, new ExprFactory());
        // Warm-up long enough for tiered compilation to reach its optimised code, as BenchmarkDotNet's pilot does.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 50 || warm.ElapsedMilliseconds < 300; i++) BenchCases.SimplifiedGradient(f, c.Variables, new ExprFactory());
        var times = new double[41];
        for (var i = 0; i < times.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            BenchCases.SimplifiedGradient(f, c.Variables, new ExprFactory());
            times[i] = clock.Elapsed.TotalMicroseconds;
        }
        return Median(times);
    }

    private static Dictionary<string, double> ReadTsv(string path) =>
        File.ReadLines(path).Select(l => l.Split('\t')).Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Us(double us) => us.ToString(us >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
}
