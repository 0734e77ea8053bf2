using System.Diagnostics;
using System.Globalization;
using System.Text;
using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Simplification;

namespace SymDiff.Benchmarks;

/// <summary>
/// Issue 8, item 8 (scale): one Stopwatch timing per stage of the large inputs a new user tries, each on a fresh
/// factory: sums of n fractions, of n multiples of x, of n distinct variables, and the 999-deep sin chain's
/// derivation trace (grad --steps). One run each, after a warm-up at n/10: the question is seconds, not microseconds.
/// </summary>
public static class ScaleReport
{
    public static string Run(int n, string only = "")
    {
        _only = only;
        var text = new StringBuilder($"n = {n}, load average {LoadAverage()}; wall time (process CPU time)\n\n");
        text.AppendLine("| input | parse | d/dx (one variable) | simplify d/dx | full gradient | simplify f |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        Case(text, "1/2 + 1/3 + ... (fractions)", k => $"1/{k + 1}", "x", gradient: false, n);
        Case(text, "x/1 + x/2 + ... (multiples of x)", k => $"x/{k}", "x", gradient: false, n);
        Case(text, "x1 + x2 + ... (distinct variables)", k => $"x{k}", "x1", gradient: true, n);
        Case(text, "x1/1 + x2/2 + ... (distinct, fractions)", k => $"x{k}/{k}", "x1", gradient: true, n);
        text.AppendLine();
        text.AppendLine("| --steps on sin(sin(...sin(x))) | parse | trace | verify every step | trace lines (text) | simplify |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        if ("--steps".Contains(_only, StringComparison.Ordinal))
            foreach (var depth in new[] { 100, 500, 999 }) Steps(text, depth);
        return text.ToString();
    }

    private static string _only = "";

    private static void Case(StringBuilder text, string label, Func<int, string> term, string variable, bool gradient, int n)
    {
        if (!label.Contains(_only, StringComparison.Ordinal)) return;
        Measure(term, variable, gradient, Math.Max(10, n / 10)); // warm-up: JIT and tiering
        var row = Measure(term, variable, gradient, n);
        text.AppendLine($"| {label} | {string.Join(" | ", row)} |");
    }

    private static string[] Measure(Func<int, string> term, string variable, bool gradient, int n)
    {
        var input = string.Join(" + ", Enumerable.Range(1, n).Select(term));
        var f = new ExprFactory();
        var parse = Time(() => BenchCases.Parse(input, f), out var function);
        var d = Time(() => Differentiator.Differentiate(function, variable, f), out var derivative);
        var s = Time(() => Simplifier.Simplify(derivative, f).Value, out _);
        var g = gradient
            ? Ms(Time(() => Derivatives.Gradient(function, [.. function.FreeSymbols], f), out _))
            : "";
        var sf = Time(() => Simplifier.Simplify(function, f).Value, out _);
        return [Ms(parse), Ms(d), Ms(s), g, Ms(sf)];
    }

    private static void Steps(StringBuilder text, int depth)
    {
        var input = BenchCases.NestedSin(depth);
        var f = new ExprFactory();
        var parse = Time(() => BenchCases.Parse(input, f), out var function);
        var trace = Time(() => DerivationTrace.Run(function, "x", f), out var run);
        var lines = Time(() =>
        {
            var w = new StringWriter();
            foreach (var step in run.Steps) w.WriteLine(step.ToString());
            return w.ToString().Length;
        }, out var chars);
        var verify = Time(() => run.Verify(new Dictionary<string, double> { ["x"] = 0.7 }).Count, out var failures);
        var simplify = Time(() => Simplifier.Simplify(run.Result, f).Value, out _);
        text.AppendLine($"| depth {depth} ({run.Steps.Length} steps, {chars:N0} chars, {failures} failed checks) | {Ms(parse)} " +
            $"| {Ms(trace)} | {Ms(verify)} | {Ms(lines)} | {Ms(simplify)} |");
    }

    // Wall time and the process's CPU time: on a shared, loaded machine the CPU time says more.
    private static (TimeSpan Wall, TimeSpan Cpu) Time<T>(Func<T> action, out T result)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        result = action();
        return (clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static string Ms((TimeSpan Wall, TimeSpan Cpu) t) =>
        $"{t.Wall.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms ({t.Cpu.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} cpu)";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
