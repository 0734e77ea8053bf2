using BenchmarkDotNet.Running;
using SymDiff.Benchmarks;

// dotnet run -c Release -- sizes          DAG size table (no timing, seconds)
// dotnet run -c Release -- scale [n] [label part]  issue 8's large inputs: sums of n terms, --steps on a 999-deep chain
// dotnet run -c Release -- columns [rounds]  issue 12 target 1 ratios, interleaved (min and median of the rounds)
// dotnet run -c Release -- ulps           SpanEval kernels against Eval: max ulps over 10^6 doubles per range (issue 12)
// dotnet run -c Release -- gradtime [case]  issue 12: Stopwatch medians of new ExprFactory(), gradient, gradient+simplify
// dotnet run -c Release -- deepchain [n...]  issue 12: d/dx of a sin chain n deep (is it linear?)
// dotnet run -c Release -- quick          baseline check + rough Stopwatch timings (no BenchmarkDotNet)
// dotnet run -c Release -- check-stats REPORT.json [SYMPY.tsv]  issue 12: check --stats against the library (bench/check-stats.sh)
// dotnet run -c Release -- --filter '*'   the BenchmarkDotNet suite (any BenchmarkDotNet arguments)
switch (args)
{
    case ["sizes"]:
        Console.Write(SizesReport.Build());
        return 0;
    case ["scale", ..]:
        Console.Write(ScaleReport.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? args[2] : ""));
        return 0;
    case ["check-stats", var report, ..]:
        Console.Write(CheckStatsReport.Run(report, args.Length > 2 ? args[2] : null));
        return 0;
    case ["columns", ..]:
        Console.Write(ColumnRatios.Run(args.Length > 1 ? int.Parse(args[1]) : 15));
        return 0;
    case ["ulps"]:
        Console.Write(KernelAccuracyReport.Run());
        return 0;
    case ["gradtime", ..]:
        Console.Write(GradientTimings.Run(args.Length > 1 ? args[1] : ""));
        return 0;
    case ["deepchain", ..]:
        Console.Write(GradientTimings.DeepChain(args.Length > 1 ? args[1..].Select(int.Parse) : [500, 1000, 2000, 4000]));
        return 0;
    case ["quick"]:
        Console.Write(QuickCheck.Run());
        return 0;
    default:
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchCases).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
}
