using System.Diagnostics;

namespace SymDiff.Cli.Diagnostics;

/// <summary>
/// Start-up marks for finding what runs before the first output (issue 12, start-up): with
/// <c>SYMDIFF_TRACE_STARTUP=1</c> each <see cref="Mark"/> writes "trace: startup NAME +T ms" to stderr, T counted
/// from <c>Main</c>'s first line, and the first line gives the runtime's own start-up (process start to Main).
/// Off, a mark is one static bool test: nothing is allocated and no clock is read.
/// </summary>
internal static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("SYMDIFF_TRACE_STARTUP") == "1";
    private static readonly long Origin = Stopwatch.GetTimestamp();

    /// <summary>Writes the runtime's start-up time: from the process's start (as the OS records it) to this call.</summary>
    public static void Begin()
    {
        if (!Enabled) return;
        var sinceProcessStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.Error.WriteLine($"trace: startup runtime (process start to Main) {sinceProcessStart.TotalMilliseconds:F1} ms");
        Mark("trace set up"); // reading the process's start time and opening stderr cost the marks below this much
    }

    public static void Mark(string name)
    {
        if (!Enabled) return;
        Console.Error.WriteLine($"trace: startup {name} +{Stopwatch.GetElapsedTime(Origin).TotalMilliseconds:F1} ms");
    }
}
