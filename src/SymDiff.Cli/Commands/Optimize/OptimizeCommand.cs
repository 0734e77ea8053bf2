using SymDiff.Cli.Autograd;
using SymDiff.Cli.Rendering;
using SymDiff.Optimization;

namespace SymDiff.Cli.Commands.Optimize;

/// <summary>The parsed options of <c>symdiff optimize</c>.</summary>
/// <param name="Hyperparameters">The hyper-parameters given on the command line, by torch.optim name (<c>lr</c>, <c>weight_decay</c>).</param>
/// <example><code>OptimizeCommand.Run(new OptimizeSettings("x^2", "x=1", "sgd", 10, new Dictionary&lt;string, double&gt; { ["lr"] = 0.1 },
///     null, null, null, 0, null, null, "text", false, false, "auto"), CliConsole.System);</code></example>
public sealed record OptimizeSettings(
    string Expression, string? From, string Method, int Steps, IReadOnlyDictionary<string, double> Hyperparameters,
    string? At, IReadOnlyList<string>? Wrt, string? Shape, int Seed, double? Tolerance, int? Every, string Format,
    bool Check, bool NoAutograd, string Device);

/// <summary>
/// <c>symdiff optimize EXPR --from POINT</c>: runs a torch.optim update rule on SymDiff's compiled symbolic
/// gradient and prints the trajectory; with <c>--check</c> runs TorchSharp's optimizer of the same name on the
/// function as written and compares. Returns the exit code.
/// </summary>
public static class OptimizeCommand
{
    /// <summary>Above this many recorded numbers only the shown steps are kept (a long run over many parameters).</summary>
    private const long RecordAllUpTo = 4_000_000;

    public static int Run(OptimizeSettings s, CliConsole console)
    {
        var input = s.Expression == "-" ? console.ReadExpression() : s.Expression;
        if (OptimizerMethod.Parse(s.Method) is not { } method)
            return Usage(console, $"--method: unknown method '{s.Method}'; the methods are {string.Join(", ", OptimizerMethod.All.Select(m => m.Name))}");
        if (s.Check && s.NoAutograd)
            return Usage(console, "--check runs torch.optim through libtorch, which --no-autograd keeps unloaded: drop one of them");

        // Hyper-parameters: only the method's own, each in torch's range.
        var settings = method.Defaults;
        foreach (var (name, value) in s.Hyperparameters)
        {
            var option = "--" + name.Replace('_', '-');
            if (!method.Has(name))
            {
                var owners = OptimizerMethod.All.Where(m => m.Has(name)).Select(m => m.Name);
                return Usage(console, $"{option}: {method.Name} has no {name}; its hyper-parameters are " +
                    $"{string.Join(", ", method.Hyperparameters.Select(h => h.Name))} ({name} belongs to {string.Join(", ", owners)})");
            }
            if (OptimizerSettings.Check(name, value) is { } error) return Usage(console, $"{option}: {error}");
            settings = settings.With(name, value);
        }
        if (settings.Conflict is { } conflict) return Usage(console, $"--momentum: {conflict}");

        var problem = OptimizeProblem.Build(input, s);
        if (problem.Error is { } message) return Bad(console, message);
        var (objective, start) = (problem.Objective!, problem.Start!);

        var every = s.Every ?? (s.Format == "text" ? RowSpacing(s.Steps) : 1);
        var recordEvery = (long)objective.Layout.Size * (s.Steps + 1) <= RecordAllUpTo ? 1 : every;
        using var progress = ProgressBar.For(console, s.Steps, objective.Layout.Size);
        var ours = Optimizer.Run(settings, objective, start, s.Steps, s.Tolerance, recordEvery, progress);
        progress?.Done();

        TrajectoryComparison? comparison = null;
        string? device = null;
        if (s.Check)
        {
            try
            {
                using var oracle = AutogradFactory.CreateOptimizer(s.Device);
                device = oracle.Device;
                var theirs = oracle.Run(settings, objective, start, s.Steps, s.Tolerance, recordEvery);
                comparison = TrajectoryComparison.Of(ours, theirs);
            }
            catch (Exception e) when (AutogradFactory.Explain(e) is { } known)
            {
                console.Error.WriteLine($"error: {known.Message}");
                return known.ExitCode;
            }
        }

        var report = new OptimizeReport(input, objective, ours, every, s.Tolerance, problem.Seeded, s.Seed, comparison, device);
        switch (s.Format)
        {
            case "json": report.WriteJson(console.Out); break;
            case "csv":
                report.WriteCsv(console.Out);
                console.Out.Flush();
                // A table has no place for a verdict: it goes to stderr, as the exit code says it too.
                if (comparison is not null) console.Error.WriteLine($"check ({device}): {comparison.Describe()}");
                break;
            default: report.WriteText(console.Out); break;
        }
        console.Out.Flush();
        return comparison is { Verdict: TrajectoryVerdict.Fail } ? ExitCodes.Mismatch : ExitCodes.Success;
    }

    /// <summary>A round spacing that gives 10-20 rows: 100 steps every 10, 2000 every 200, 150 every 10.</summary>
    internal static int RowSpacing(int steps)
    {
        if (steps <= 20) return 1;
        var raw = steps / 15.0;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2, 5, 10 })
            if (m * magnitude >= raw) return (int)(m * magnitude);
        return (int)(10 * magnitude);
    }

    private static int Usage(CliConsole console, string message)
    {
        console.Error.WriteLine($"error: {message}");
        console.Error.WriteLine("Run 'symdiff optimize --help' for usage.");
        return ExitCodes.BadInput;
    }

    private static int Bad(CliConsole console, string rendered)
    {
        console.Error.WriteLine(rendered);
        return ExitCodes.BadInput;
    }
}
