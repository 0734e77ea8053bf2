using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SymDiff.Benchmarks;

/// <summary>
/// A short job for a 2-core machine: 1 launch, 3 warm-up and 10 measured iterations of about 250 ms (the whole
/// suite runs in about a quarter of an hour). In process: the benchmarks run in the already built binary, so
/// BenchmarkDotNet does not rebuild the library from a working tree that others may be editing.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
            .WithToolchain(InProcessEmitToolchain.Instance)
            .AsDefault());
        // On a shared machine the median and minimum are steadier than the mean; all three are shown.
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared));
    }
}
