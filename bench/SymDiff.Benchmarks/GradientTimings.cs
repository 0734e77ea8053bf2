using System.Diagnostics;
using System.Globalization;
using System.Text;
using SymDiff.Calculus;
using SymDiff.Expressions;

namespace SymDiff.Benchmarks;

/// <summary>
/// CPU-time timings of what issue 12's target 3 measures, without BenchmarkDotNet's minutes: per bench case the
/// median time per call of <c>new ExprFactory()</c>, <see cref="BenchCases.Gradient"/> and
/// <see cref="BenchCases.SimplifiedGradient"/> (each call from a fresh factory, as <see cref="CaseBenchmarks"/>), and
/// the time of d/dx of a sin chain n deep through <see cref="Differentiator"/>. Two builds (before and after a
/// change) run back to back give ratios on a shared machine; BenchmarkDotNet gives the figures to report.
/// </summary>
public static class GradientTimings
{
    // Samples of ~20 ms each after a warm-up long enough for tiered JIT to reach its optimised code.
    private const int Samples = 9;
    private static readonly TimeSpan SampleTime = TimeSpan.FromMilliseconds(20);

    public static string Run(string caseFilter)
    {
        var text = new StringBuilder($"load average: {LoadAverage()}\n\n");
        text.AppendLine($"new ExprFactory(): {Format(Time(() => new ExprFactory()))}");
        text.AppendLine();
        text.AppendLine("| case | gradient (µs CPU) | bytes | gradient+simplify (µs CPU) | bytes |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var c in BenchCases.Cases.Where(c => c.Name.Contains(caseFilter, StringComparison.Ordinal)))
        {
            var f = BenchCases.Parse(c.Expression, new ExprFactory());
            Func<object> gradient = () => BenchCases.Gradient(f, c.Variables, new ExprFactory());
            Func<object> simplified = () => BenchCases.SimplifiedGradient(f, c.Variables, new ExprFactory());
            text.AppendLine($"| {c.Name} | {Format(Time(gradient))} | {Allocated(gradient)} " +
                $"| {Format(Time(simplified))} | {Allocated(simplified)} |");
        }
        text.AppendLine();
        text.AppendLine($"load average: {LoadAverage()}");
        return text.ToString();
    }

    /// <summary>d/dx of sin(sin(...sin(x))) at each depth, one call each from a fresh factory: is it linear?</summary>
    public static string DeepChain(IEnumerable<int> depths)
    {
        var text = new StringBuilder($"load average: {LoadAverage()}\n\n| depth | d/dx sin chain (CPU) |\n|---:|---:|\n");
        foreach (var n in depths)
        {
            var f = new ExprFactory();
            var e = f.Symbol("x");
            for (var i = 0; i < n; i++) e = f.Fn("sin", e);
            var start = CpuMicroseconds();
            Differentiator.Differentiate(e, "x", new ExprFactory());
            text.AppendLine($"| {n} | {((CpuMicroseconds() - start) / 1000).ToString("0.0", CultureInfo.InvariantCulture)} ms |");
        }
        return text.ToString();
    }

    // Median microseconds of process CPU time per call over the samples. CPU time, not wall time: on a machine shared
    // by many builds (load averages of 20-40 on 2 cores) wall time mostly measures the wait for a core.
    private static double Time(Func<object> action)
    {
        var warm = CpuMicroseconds();
        var calls = 0;
        while (CpuMicroseconds() - warm < 300_000 || calls < 50) { action(); calls++; }
        var perSample = Math.Max(1, (int)(calls * SampleTime.TotalMicroseconds / (CpuMicroseconds() - warm)));
        var times = new double[Samples];
        for (var s = 0; s < Samples; s++)
        {
            var start = CpuMicroseconds();
            for (var i = 0; i < perSample; i++) action();
            times[s] = (CpuMicroseconds() - start) / perSample;
        }
        Array.Sort(times);
        return times[Samples / 2];
    }

    // CPU time of the whole process (GC threads included), with nanosecond resolution where the OS gives it.
    private static double CpuMicroseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuClock, out var t) == 0) return t.Seconds * 1e6 + t.Nanoseconds / 1e3;
        return Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds;
    }

    private const int ProcessCpuClock = 2; // CLOCK_PROCESS_CPUTIME_ID

    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    // Bytes allocated by one call (after the warm-up of Time): steady where timings are not, on a busy machine.
    private static long Allocated(Func<object> action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string Format(double us) => us >= 1000
        ? (us / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : us.ToString(us < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " us";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
