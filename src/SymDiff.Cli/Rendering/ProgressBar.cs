using System.Diagnostics;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// A one-line progress bar on stderr for a long run: drawn only when stderr is a terminal (never into a file, a
/// pipe or a test's captured output) and only once the run has taken half a second, redrawn at most ten times a
/// second, and erased when the run ends, so stdout stays the report alone.
/// </summary>
/// <example><code>using var progress = ProgressBar.For(console, steps, parameters);
/// Optimizer.Run(..., progress: progress); progress?.Done();</code></example>
internal sealed class ProgressBar : IProgress<int>, IDisposable
{
    private readonly TextWriter _error;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1;
    private bool _drawn;

    private ProgressBar(TextWriter error, int total) => (_error, _total) = (error, total);

    /// <summary>A bar for a run of <paramref name="steps"/> over <paramref name="parameters"/> entries; null where none is wanted (not a terminal, a short run).</summary>
    public static ProgressBar? For(CliConsole console, int steps, int parameters) =>
        console.ErrorIsTerminal && (long)steps * Math.Max(1, parameters) >= 20_000 ? new ProgressBar(console.Error, steps) : null;

    public void Report(int value)
    {
        var now = _clock.ElapsedMilliseconds;
        if (now < 500 || now - _lastDraw < 100) return;
        _lastDraw = now;
        const int width = 30;
        var filled = (int)((long)value * width / Math.Max(1, _total));
        _error.Write($"\r[{new string('#', filled)}{new string(' ', width - filled)}] {value}/{_total} steps");
        _error.Flush();
        _drawn = true;
    }

    /// <summary>Erases the bar.</summary>
    public void Done()
    {
        if (!_drawn) return;
        _error.Write("\r" + new string(' ', 60) + "\r");
        _error.Flush();
        _drawn = false;
    }

    public void Dispose() => Done();
}
