using System.Diagnostics;
using System.Text;
using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Cli.Autograd;
using SymDiff.Tensors;
using SymDiff.Cli.Rendering;

namespace SymDiff.Cli.Commands.Check;

/// <summary>The parsed options of <c>symdiff check</c>.</summary>
public sealed record CheckSettings(
    IReadOnlyList<string> Files, string Format, string? Output, string Device, NumericType DType,
    double? RTol, double? ATol, bool NoAutograd, IReadOnlyList<string>? Wrt, int Order, bool Stats)
{
    /// <summary>Shapes for vector/matrix variables in every file (<c>--shape</c>).</summary>
    public string? Shape { get; init; }

    /// <summary>Seed of the random values of variables with a shape and no value (<c>--seed</c>).</summary>
    public int Seed { get; init; }
}

/// <summary>
/// <c>symdiff check FILE...</c>: every case of .sdx files checked like <c>grad</c> checks one expression, reported
/// as a table, JSON or JUnit XML. Input streams through in chunks of <see cref="ChunkSize"/> cases; the cases of a
/// chunk run in parallel (each expression parsed, differentiated and simplified once, all its points in one
/// autograd batch) and are written in input order before the next chunk is read, so memory stays flat.
/// Returns the exit code.
/// </summary>
public static class CheckCommand
{
    /// <summary>Cases per chunk: enough to keep every core busy, few enough that a chunk's results are small.</summary>
    public const int ChunkSize = 256;

    public static int Run(CheckSettings s, CliConsole console)
    {
        if (Validate(s, console) is { } usage) return usage;
        var (declared, shapeErrors) = TensorPoint.Read(null, s.Shape, [], s.Seed);
        if (declared is null)
        {
            foreach (var e in shapeErrors) console.Error.WriteLine($"--shape: {e.Diagnostic.Render(e.Text)}");
            return ExitCodes.BadInput;
        }
        // The tensor oracle loads libtorch on the first vector/matrix line only; calls are serialised (one libtorch).
        using var tensorOracle = new LockedTensorOracle(s.NoAutograd ? null : () => AutogradFactory.CreateTensor(s.Device));
        var tensors = new SdxTensorOptions
        {
            Shapes = declared.Shapes, Seed = s.Seed, Oracle = s.NoAutograd ? null : tensorOracle.Get,
            Tolerance = CommonOptions.ToleranceOf(NumericType.Float64, s.RTol, s.ATol),
        };
        var options = new CheckOptions
        {
            Wrt = s.Wrt, Order = s.Order, NumericType = s.DType, CollectStats = s.Stats,
            Tolerance = CommonOptions.ToleranceOf(s.DType, s.RTol, s.ATol),
        };

        TextWriter output;
        try
        {
            output = s.Output is null ? console.Out : new StreamWriter(s.Output, append: false, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            console.Error.WriteLine($"error: cannot write '{s.Output}' (--output): {FileErrors.Reason(e, s.Output!)}");
            return ExitCodes.BadInput;
        }

        var report = CreateReport(s, output, color: s.Output is null && console.Color);
        // Parse errors go to stderr with their carets when the report itself is not a text table on the terminal.
        var echoErrors = s.Format != "text" || s.Output is not null;
        var counter = new SummaryCounter();
        var clock = Stopwatch.StartNew();
        Summary? final = null;
        var progress = new Progress(console);
        IAutogradOracle? oracle = null;
        string? reading = null;
        try
        {
            // One worker per core besides this thread: autograd calls queue on the oracle's lock, and the extra
            // thread keeps a core busy with symbolic work meanwhile. With --stats, this thread alone (issue 12): a
            // stage's time is wall time, and cases checked side by side would count each other's turns on the cores.
            using var pool = new WorkerPool(s.Stats ? 0 : Environment.ProcessorCount);
            foreach (var file in s.Files)
            {
                reading = file == "-" ? null : file;
                var name = file == "-" ? "stdin" : file;
                using var reader = file == "-" ? null : new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                var input = reader ?? console.In;
                report.BeginFile(name);
                var lines = 0;
                var cases = 0;
                foreach (var chunk in SdxFile.Read(input).Chunk(ChunkSize))
                {
                    cases += chunk.Length;
                    if (oracle is null && !s.NoAutograd && chunk.Any(c => c.Error is null && c.Points is not null))
                        oracle = AutogradFactory.Create(s.Device, s.DType);
                    var shared = oracle;
                    var results = new CheckedCase[chunk.Length];
                    pool.For(chunk.Length, i => results[i] = CheckOne(chunk[i], options, shared, tensors, s.NoAutograd));
                    progress.Clear(); // the report may share the terminal: rows start at column 1
                    report.Write(results);
                    foreach (var r in results)
                    {
                        counter.Add(r.Results);
                        if (echoErrors) EchoErrors(console, name, r);
                    }
                    lines = chunk[^1].Line;
                    progress.Report(name, lines, reader?.BaseStream);
                }
                report.EndFile();
                // An empty file passes trivially; say so, in case it is the wrong file or a glob that matched nothing useful.
                if (cases == 0)
                {
                    progress.Clear();
                    console.Error.WriteLine($"warning: {name} has no cases (only blank lines and comments, or nothing)");
                }
            }
            progress.Clear();
            // One summary, one time: the report's and the line on stdout (with --output) agree.
            final = counter.Summary with { Seconds = clock.Elapsed.TotalSeconds };
            report.Finish(final);
        }
        catch (Exception e) when (!s.NoAutograd && AutogradFactory.Explain(e) is { } known)
        {
            progress.Clear();
            console.Error.WriteLine($"error: {known.Message}");
            return known.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            progress.Clear();
            // Reading an input or writing the report (or a closed pipe on stdout): say which file was being checked.
            console.Error.WriteLine($"error: reading or writing failed while checking {reading ?? "stdin"}: {FileErrors.Reason(e, reading ?? s.Output ?? "")}");
            return ExitCodes.BadInput;
        }
        finally
        {
            oracle?.Dispose();
            (report as IDisposable)?.Dispose();
            if (s.Output is not null) output.Dispose();
        }

        var summary = final!;
        if (s.Output is not null) console.Out.WriteLine(summary.ToString());
        return summary.ExitCode;
    }

    /// <summary>Usage errors, before any output: missing files, a bad --wrt.</summary>
    private static int? Validate(CheckSettings s, CliConsole console)
    {
        foreach (var file in s.Files.Where(f => f != "-"))
        {
            if (File.Exists(file)) continue;
            console.Error.WriteLine(Directory.Exists(file) ? $"error: '{file}' is a directory, expected an .sdx file" : $"error: file not found: '{file}'");
            return ExitCodes.BadInput;
        }
        if (s.Files.Count(f => f == "-") > 1)
        {
            console.Error.WriteLine("error: standard input (-) can be read only once");
            return ExitCodes.BadInput;
        }
        if (s.Wrt is { Count: > 0 } wrt)
        {
            var probe = new PreparedCase { Line = 0, Input = "", Options = new CheckOptions(), Wrt = [.. wrt] };
            if (PointSpec.ValidateWrt(probe) is { } error)
            {
                console.Error.WriteLine(error.Rendered);
                return ExitCodes.BadInput;
            }
        }
        return null;
    }

    private static ICheckReport CreateReport(CheckSettings s, TextWriter output, bool color) => s.Format switch
    {
        "json" => new CheckJsonReport(output),
        "junit" => new JUnitReport(output),
        _ => new CheckTextReport(output, color, TableWidth(s)),
    };

    /// <summary>
    /// The width the text table wraps at: COLUMNS when set, else the terminal's when the report goes to one, else
    /// <see cref="CheckTextReport.DefaultWidth"/> (a pipe or a file has no width of its own).
    /// </summary>
    private static int TableWidth(CheckSettings s)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40) return columns;
        if (s.Output is null && !Console.IsOutputRedirected)
        {
            try
            {
                if (Console.WindowWidth >= 40) return Console.WindowWidth;
            }
            catch (IOException) { }
        }
        return CheckTextReport.DefaultWidth;
    }

    private static CheckedCase CheckOne(SdxCase c, CheckOptions options, IAutogradOracle? oracle, SdxTensorOptions tensors, bool noAutograd)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<CaseResult> results;
        try
        {
            results = SdxRunner.Check(c, options, oracle is null ? null : () => oracle, tensors);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException) && !(!noAutograd && AutogradFactory.Explain(e) is not null))
        {
            // A bug must not stop the run: the line is an error that says what went wrong.
            var message = $"internal error while checking this line: {e.GetType().Name}: {e.Message}";
            results = [new CaseResult
            {
                Line = c.Line, Input = c.Expression.Text, Status = CaseStatus.Error, Notes = [message],
                Error = SdxDiagnostic.Error(message, c.Line, c.Text, 0, c.Text.Length),
            }];
        }
        return new CheckedCase(c, results, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// One tensor oracle for the run, created on first use (a failure to load libtorch is rethrown on every use, so
    /// the run stops with exit 3), its calls serialised: cases run in parallel and libtorch's autograd state is shared.
    /// </summary>
    private sealed class LockedTensorOracle(Func<ITensorAutogradOracle>? create) : ITensorAutogradOracle, IDisposable
    {
        private readonly Lazy<ITensorAutogradOracle>? _inner = create is null ? null : new(create, LazyThreadSafetyMode.ExecutionAndPublication);
        private readonly Lock _lock = new();

        public string Device => _inner!.Value.Device;

        public ITensorAutogradOracle? Get() => _inner is null ? null : Touch();

        private LockedTensorOracle Touch()
        {
            _ = _inner!.Value;
            return this;
        }

        public System.Collections.Immutable.ImmutableDictionary<string, TensorValue> Derivatives(TensorExpr function,
            IReadOnlyDictionary<string, TensorValue> values, IReadOnlyList<string> variables)
        {
            lock (_lock) return _inner!.Value.Derivatives(function, values, variables);
        }

        public TensorValue SecondDerivative(TensorExpr function, IReadOnlyDictionary<string, TensorValue> values, string first, string second)
        {
            lock (_lock) return _inner!.Value.SecondDerivative(function, values, first, second);
        }

        public void Dispose()
        {
            if (_inner is { IsValueCreated: true, Value: IDisposable d }) d.Dispose();
        }
    }

    private static void EchoErrors(CliConsole console, string file, CheckedCase c)
    {
        foreach (var r in c.Results)
            if (r.Status == CaseStatus.Error && r.Error is { } error)
                console.Error.WriteLine($"{file}:{error.Rendered}");
    }

    /// <summary>A one-line progress indicator on stderr, only on a terminal and never under CI.</summary>
    private sealed class Progress(CliConsole console)
    {
        private readonly bool _enabled = console.ErrorIsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private int _width;

        public void Report(string file, int lines, Stream? stream)
        {
            if (!_enabled || _since.ElapsedMilliseconds < 100) return;
            _since.Restart();
            var percent = stream is { CanSeek: true, Length: > 0 } ? $" {100 * stream.Position / stream.Length,3}%" : "";
            var text = $"checking {file}:{percent} line {lines}";
            console.Error.Write("\r" + text.PadRight(_width));
            _width = Math.Max(_width, text.Length);
        }

        public void Clear()
        {
            if (!_enabled || _width == 0) return;
            console.Error.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
        }
    }
}
