using System.Globalization;
using ScottPlot;
using SymDiff.Cli.Plotting;
using SymDiff.Numbers;
using SymDiff.Optimization;
using SymDiff.Syntax;

namespace SymDiff.Cli.Commands.Plot;

public static partial class PlotCommand
{
    /// <summary>Default updates per path: enough for Himmelblau's basins, a start on Rosenbrock's valley.</summary>
    public const int DefaultPathSteps = 200;

    /// <summary>
    /// --path: method names, comma-separated, each optionally with its own learning rate after <c>@</c>
    /// (<c>"sgd, momentum, adam@0.05"</c>). An item without one takes --lr, else torch's default for the method.
    /// </summary>
    internal static (IReadOnlyList<OptimizerSettings>? Methods, string? Error) ParsePathMethods(string text, double? lr)
    {
        var methods = new List<OptimizerSettings>();
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.All(i => i.Length == 0)) return (null, $"--path: name one or more methods, e.g. --path \"sgd, momentum, adam\" (the methods are {MethodNames})");
        foreach (var item in items)
        {
            if (item.Length == 0) return (null, $"--path \"{text}\": an empty name between commas");
            var at = item.IndexOf('@', StringComparison.Ordinal);
            var name = at < 0 ? item : item[..at].Trim();
            if (OptimizerMethod.Parse(name) is not { } method)
            {
                return (null, OptimizerMethod.Suggest(name) is { } meant
                    ? $"--path: unknown method '{name}'; did you mean '{meant}'? The methods are {MethodNames}"
                    : $"--path: unknown method '{name}'; the methods are {MethodNames}");
            }
            var rate = lr;
            if (at >= 0)
            {
                var token = item[(at + 1)..].Trim();
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var own))
                    return (null, $"--path: '{item}': the learning rate after @ must be a number such as 0.01, not '{token}'");
                rate = own;
            }
            var settings = method.Defaults;
            if (rate is { } r)
            {
                if (OptimizerSettings.Check("lr", r) is { } error) return (null, $"{(at >= 0 ? $"--path: '{item}'" : "--lr")}: {error}");
                settings = settings.With("lr", r);
            }
            methods.Add(settings);
        }
        return (methods, null);
    }

    private static string MethodNames => OptionValues.Either([.. OptimizerMethod.All.Select(m => m.Name)]);

    /// <summary>
    /// The start of the paths from --from: a value for each of the box's two variables and nothing else; the
    /// other variables take their --at values.
    /// </summary>
    private static (double[]? Start, string? Error) PathStart(string from, Interval xr, Interval yr, IReadOnlyDictionary<string, double> fixedValues)
    {
        var (values, error) = PlotRanges.ParseFixed(from, "--from");
        if (error is not null) return (null, error);
        foreach (var name in values.Keys)
        {
            if (name == xr.Variable || name == yr.Variable) continue;
            return (null, fixedValues.ContainsKey(name)
                ? $"--from gives '{name}', which --at holds fixed: the paths move {xr.Variable} and {yr.Variable} only."
                : $"--from gives '{name}'; the paths start from a point of the box's variables, e.g. --from \"{xr.Variable}=0, {yr.Variable}=0\" (other variables go in --at).");
        }
        var missing = new[] { xr.Variable, yr.Variable }.Where(v => !values.ContainsKey(v)).ToList();
        if (missing.Count > 0)
            return (null, $"--from has no value for {string.Join(" and ", missing.Select(m => $"'{m}'"))}: give both, e.g. --from \"{xr.Variable}=0, {yr.Variable}=0\".");
        var (x, y) = (values[xr.Variable], values[yr.Variable]);
        if (x < xr.From || x > xr.To || y < yr.From || y > yr.To)
            return (null, $"--from {xr.Variable} = {PlotRanges.Show(x)}, {yr.Variable} = {PlotRanges.Show(y)} lies outside the box; start the paths inside it.");
        return ([x, y], null);
    }

    /// <summary>The usage errors of --path and its companions; null when they are fine.</summary>
    private static string? PathUsage(PlotSettings s)
    {
        if (s.Path is null)
        {
            if (s.PathSteps is not null) return "--steps sets the length of optimizer paths: give --path too, e.g. --path \"sgd, adam\".";
            if (s.Lr is not null) return "--lr sets the learning rate of optimizer paths: give --path too, e.g. --path \"sgd, adam\".";
            if (s.LossPlot is not null) return "--loss-plot draws f along optimizer paths: give --path too, e.g. --path \"sgd, adam\".";
            return null;
        }
        if (s.Box is null) return "--path draws optimizer paths over a landscape: give --box too, e.g. --box \"x=-2:2, y=-1:3\".";
        if (s.From is null) return "--path needs a start point: --from \"x=..., y=...\" with a value for each of the box's two variables.";
        return null;
    }

    /// <summary>Runs each method from the start, on SymDiff's compiled gradient with the other variables held at --at.</summary>
    private static IReadOnlyList<Trajectory> RunPaths(IReadOnlyList<OptimizerSettings> methods, ParseResult parsed, Interval xr, Interval yr,
        IReadOnlyDictionary<string, double> fixedValues, double[] start, int steps)
    {
        var objective = Objective.Scalar(parsed, [xr.Variable, yr.Variable], fixedValues);
        return [.. methods.Select(m => Optimizer.Run(m, objective, start, steps))];
    }

    /// <summary>"adam (lr 0.01)": the method and the settings that make it this run.</summary>
    internal static string PathName(OptimizerSettings settings) =>
        $"{settings.Method.Name} (lr {PlotRanges.Show(settings["lr"])})";

    /// <summary>The legend's words for a run: its name and how it ended.</summary>
    internal static string PathLabel(Trajectory run, Interval xr, Interval yr)
    {
        var name = PathName(run.Settings);
        if (run.Stopped == StopReason.NotFinite) return $"{name}: diverged at step {run.Final.Step}";
        return $"{name}: f = {ShowValue(run.Final.Value)} after {run.Final.Step} steps{(EndsOutside(run, xr, yr) ? ", ends outside the box" : "")}";
    }

    /// <summary>Whether a run's last point lies outside the drawn box (the legend and stdout both say so).</summary>
    internal static bool EndsOutside(Trajectory run, Interval xr, Interval yr)
    {
        var end = run.Final.Parameters;
        return end[0] < xr.From || end[0] > xr.To || end[1] < yr.From || end[1] > yr.To;
    }

    private static string ShowValue(double v) => NumberText.Significant(v, 4);

    /// <summary>
    /// A run's points as a polyline the figure can draw: finite points up to the first one far outside the box
    /// (two box widths beyond it), which is replaced by where the segment towards it crosses that margin. The plot
    /// frame clips the rest; a diverging run's astronomically large coordinates never reach the renderer.
    /// </summary>
    internal static IReadOnlyList<Coordinates> Polyline(Trajectory run, Interval xr, Interval yr)
    {
        var (x0, x1) = (xr.From - 2 * xr.Width, xr.To + 2 * xr.Width);
        var (y0, y1) = (yr.From - 2 * yr.Width, yr.To + 2 * yr.Width);
        bool Inside(double x, double y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
        var points = new List<Coordinates>();
        foreach (var step in run.Steps)
        {
            var (x, y) = (step.Parameters[0], step.Parameters[1]);
            if (!double.IsFinite(x) || !double.IsFinite(y)) break;
            if (Inside(x, y))
            {
                points.Add(new Coordinates(x, y));
                continue;
            }
            if (points.Count > 0)
            {
                // The segment p + t·(q − p), t in [0, 1], leaves the margin at the smallest t that reaches a side.
                var p = points[^1];
                var (dx, dy) = (x - p.X, y - p.Y);
                var t = 1.0;
                if (dx > 0) t = Math.Min(t, (x1 - p.X) / dx);
                if (dx < 0) t = Math.Min(t, (x0 - p.X) / dx);
                if (dy > 0) t = Math.Min(t, (y1 - p.Y) / dy);
                if (dy < 0) t = Math.Min(t, (y0 - p.Y) / dy);
                points.Add(new Coordinates(p.X + t * dx, p.Y + t * dy));
            }
            break;
        }
        return points;
    }
}
