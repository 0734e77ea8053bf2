using System.Runtime.ExceptionServices;

namespace SymDiff.Cli.Commands.Check;

/// <summary>
/// A fixed set of worker threads with large stacks that run the iterations of one loop at a time, the calling
/// thread helping. Parallel.For would run on thread-pool threads, whose small stacks deep expressions can
/// overflow in the recursive stages (Program.cs gives the main thread 256 MiB for that reason).
/// </summary>
/// <example><code>using var pool = new WorkerPool(Environment.ProcessorCount);
/// pool.For(lines.Count, i => results[i] = Check(lines[i]));</code></example>
internal sealed class WorkerPool : IDisposable
{
    private const int StackSize = 256 * 1024 * 1024;

    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private Action<int>? _body;
    private int _count;
    private int _next;
    private int _busy;
    private int _generation;
    private bool _stopping;
    private ExceptionDispatchInfo? _failure;

    public WorkerPool(int workers)
    {
        _threads = new Thread[Math.Max(0, workers)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work, StackSize) { IsBackground = true, Name = $"symdiff-check-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="body"/> for 0..count-1 across the workers and this thread; rethrows the first exception.</summary>
    public void For(int count, Action<int> body)
    {
        lock (_gate)
        {
            _body = body;
            _count = count;
            _next = 0;
            _failure = null;
            _busy = _threads.Length;
            _generation++;
            Monitor.PulseAll(_gate);
        }
        Drain(body, count);
        lock (_gate)
        {
            while (_busy > 0) Monitor.Wait(_gate);
            _body = null;
        }
        _failure?.Throw();
    }

    private void Work()
    {
        var seen = 0;
        while (true)
        {
            Action<int> body;
            int count;
            lock (_gate)
            {
                while (_generation == seen && !_stopping) Monitor.Wait(_gate);
                if (_stopping) return;
                seen = _generation;
                body = _body!;
                count = _count;
            }
            Drain(body, count);
            lock (_gate)
            {
                if (--_busy == 0) Monitor.PulseAll(_gate);
            }
        }
    }

    private void Drain(Action<int> body, int count)
    {
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < count)
        {
            try { body(i); }
            catch (Exception e)
            {
                lock (_gate) _failure ??= ExceptionDispatchInfo.Capture(e);
                Interlocked.Exchange(ref _next, count); // stop handing out work
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var t in _threads) t.Join();
    }
}
