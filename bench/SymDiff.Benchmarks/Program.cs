using BenchmarkDotNet.Running;
using SymDiff.Benchmarks;

// dotnet run -c Release -- sizes          DAG size table (no timing, seconds)
// dotnet run -c Release -- quick          baseline check + rough Stopwatch timings (no BenchmarkDotNet)
// dotnet run -c Release -- --filter '*'   the BenchmarkDotNet suite (any BenchmarkDotNet arguments)
switch (args)
{
    case ["sizes"]:
        Console.Write(SizesReport.Build());
        return 0;
    case ["quick"]:
        Console.Write(QuickCheck.Run());
        return 0;
    default:
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchCases).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
}
