using SymDiff.Checking;
using SymDiff.Cli.Rendering;

namespace SymDiff.Tests.Cli;

/// <summary>The stats line: readable units, "autograd off" without an oracle, once per case in check's table.</summary>
public class StatsTextTests
{
    [Theory]
    [InlineData(0.04, "0.0 us")]
    [InlineData(16.62, "16.6 us")]
    [InlineData(999.9, "999.9 us")]
    [InlineData(1_000, "1.0 ms")]
    [InlineData(198_356.7, "198.4 ms")]
    [InlineData(2_345_678, "2.35 s")]
    public void Durations_use_the_unit_that_keeps_them_readable(double microseconds, string expected) =>
        Assert.Equal(expected, StatsText.Duration(microseconds));

    [Fact]
    public void The_line_names_every_stage_and_says_when_autograd_did_not_run()
    {
        var stats = new CaseStats(27_100, 16.6, 8.0, 41.2, 9.9, 0, 6, 4);
        Assert.Equal("stats: parse 27.1 ms, differentiate 16.6 us, simplify 8.0 us, lower 41.2 us, evaluate 9.9 us, autograd off; " +
                     "derivative nodes 6 before simplification, 4 after", StatsText.Line(stats, "derivative nodes"));
        Assert.Contains("autograd 120.0 us;", StatsText.Line(stats with { AutogradUs = 120 }, "derivative nodes"));
    }

    [Fact]
    public void Grad_without_autograd_says_off()
    {
        var r = CliProcess.Run(["grad", "x^2", "--at", "1", "--stats", "--no-autograd"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("autograd off;", r.Out);
    }

    [Fact]
    public void Check_prints_a_case_s_stats_once_however_many_points_it_has()
    {
        var file = Path.Combine(Path.GetTempPath(), $"symdiff-stats-{Guid.NewGuid():N}.sdx");
        File.WriteAllText(file, "x^2 @ x=1; x=2; x=3\n");
        try
        {
            var r = CliProcess.Run(["check", file, "--stats", "--no-autograd"]);
            Assert.Equal(0, r.ExitCode);
            Assert.Single(r.Out.Split('\n'), line => line.TrimStart().StartsWith("stats: ", StringComparison.Ordinal));
            Assert.Contains("autograd off;", r.Out);
        }
        finally { File.Delete(file); }
    }
}
