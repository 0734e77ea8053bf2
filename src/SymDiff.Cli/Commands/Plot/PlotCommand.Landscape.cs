using System.Collections.Immutable;
using SymDiff.Checking;
using SymDiff.Cli.Autograd;
using SymDiff.Cli.Plotting;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Optimization;
using SymDiff.Syntax;

namespace SymDiff.Cli.Commands.Plot;

public static partial class PlotCommand
{
    /// <summary>f over a box: heat map, contour lines and gradient arrows checked against autograd.</summary>
    private static int Landscape(PlotSettings s, CliConsole console, ParseResult parsed, Expr f, WrittenForm written, ExprFactory factory, ImmutableArray<string> variables, string path, ImageFormat format)
    {
        var (box, boxError) = PlotRanges.ParseBox(s.Box!);
        if (boxError is not null) return Fail(console, boxError);
        if (box.Count == 1)
            return Fail(console, $"--box gives one variable ({box[0].Variable}); draw one variable with --from {PlotRanges.Show(box[0].From)} --to {PlotRanges.Show(box[0].To)}, or give two in the box.");
        if (box.Count > 2)
            return Fail(console, $"--box gives {box.Count} variables ({string.Join(", ", box.Select(b => b.Variable))}); a landscape has two.");
        var (xr, yr) = (box[0], box[1]);
        var (fixedValues, atError) = s.At is null ? (new Dictionary<string, double>(), null) : PlotRanges.ParseFixed(s.At);
        if (atError is not null) return Fail(console, atError);
        foreach (var held in fixedValues.Keys)
        {
            if (held == xr.Variable || held == yr.Variable)
                return Fail(console, $"--at gives {held}, which --box draws along an axis; --at holds the other variables fixed.");
            if (!variables.Contains(held))
                return Fail(console, $"--at gives '{held}', which is not a variable of the function (its variables: {string.Join(", ", variables)}).");
        }
        var missing = variables.Where(v => box.All(b => b.Variable != v) && !fixedValues.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            var inBox = variables.Where(v => box.Any(b => b.Variable == v)).ToList();
            if (inBox.Count < 2 && missing.Count + inBox.Count == 2)
                return Fail(console, $"--box gives no range for {string.Join(" and ", missing.Select(m => $"'{m}'"))}, a variable of the function.");
            var hint = string.Join(", ", missing.Select(m => $"{m}=..."));
            return Fail(console, $"the function has {variables.Length} variables ({string.Join(", ", variables)}); a landscape draws two, " +
                                 $"{xr.Variable} and {yr.Variable} here: hold {string.Join(" and ", missing.Select(m => $"'{m}'"))} fixed with --at \"{hint}\".");
        }

        // Optimizer paths: every usage error before the landscape's work.
        IReadOnlyList<Trajectory> runs = [];
        (string Path, ImageFormat Format)? lossOutput = null;
        if (s.Path is not null)
        {
            var (methods, methodError) = ParsePathMethods(s.Path, s.Lr);
            if (methodError is not null) return Fail(console, methodError);
            var (start, startError) = PathStart(s.From!, xr, yr, fixedValues);
            if (startError is not null) return Fail(console, startError);
            if (s.LossPlot is not null)
            {
                var (lossPath, lossFormat, lossError) = ResolveOutput(s.LossPlot, null);
                if (lossError is not null) return Fail(console, lossError.Replace("-o ", "--loss-plot ", StringComparison.Ordinal));
                lossOutput = (lossPath!, lossFormat);
            }
            runs = RunPaths(methods!, parsed, xr, yr, fixedValues, start!, s.PathSteps ?? DefaultPathSteps);
        }

        // Inputs follow vars: the two axes, then the fixed variables (a column of one value each).
        string[] vars = [xr.Variable, yr.Variable, .. fixedValues.Keys];
        double[][] Columns(double[] xs, double[] ys) =>
            [xs, ys, .. fixedValues.Values.Select(v => Enumerable.Repeat(v, xs.Length).ToArray())];
        Dictionary<string, double> PointAt(double x, double y) => new(fixedValues) { [xr.Variable] = x, [yr.Variable] = y };
        double[][] WrittenColumns(double[] xs, double[] ys) =>
            [.. written.Variables.Select(v => v == xr.Variable ? xs : v == yr.Variable ? ys : Enumerable.Repeat(fixedValues[v], xs.Length).ToArray())];
        var writtenF = CompiledFunction.Compile(written.Program);

        var (dx, dxError) = Derive(f, xr.Variable, factory);
        if (dxError is not null) return Fail(console, dxError);
        var (dy, dyError) = Derive(f, yr.Variable, factory);
        if (dyError is not null) return Fail(console, dyError);

        // f at the cell centres; row 0 is the top of the picture (the largest y).
        var cells = s.Samples ?? 160;
        var xsCol = new double[cells * cells];
        var ysCol = new double[cells * cells];
        for (var r = 0; r < cells; r++)
        {
            for (var c = 0; c < cells; c++)
            {
                xsCol[r * cells + c] = xr.From + (c + 0.5) * xr.Width / cells;
                ysCol[r * cells + c] = yr.To - (r + 0.5) * yr.Width / cells;
            }
        }
        var flat = CompiledFunction.Compile([f], vars).EvaluateBatch(Columns(xsCol, ysCol))[0];
        var values = new double[cells, cells];
        for (var r = 0; r < cells; r++)
            for (var c = 0; c < cells; c++)
                values[r, c] = flat[r * cells + c];
        var finite = flat.Count(double.IsFinite);
        if (finite == 0)
        {
            var centre = PointAt(xr.From + xr.Width / 2, yr.From + yr.Width / 2);
            var why = PointAnalysis.ExplainUndefined(f, centre);
            return Fail(console, $"nothing to draw: f has no finite value in the box{(why is null ? "" : $" ({why} at its centre)")}. Choose a box inside the function's domain.");
        }
        var (zMin, zMax) = CurveSampler.VisibleRange(flat, margin: 0);

        // Gradient arrows on a coarser grid, inset by half a step so none sits on the frame.
        var n = s.Markers is > 0 ? s.Markers.Value : 15;
        var ax = new double[n * n];
        var ay = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                ax[i * n + j] = xr.From + (j + 0.5) * xr.Width / n;
                ay[i * n + j] = yr.From + (i + 0.5) * yr.Width / n;
            }
        }
        var gradient = CompiledFunction.Compile([dx!, dy!, f], vars).EvaluateBatch(Columns(ax, ay));
        // No arrow where f itself is undefined, as written: log(x)'s gradient (1/x, 0) is finite for x < 0, f has none
        // there; x/x has no value at 0, though its canonical form 1 has.
        var writtenAtArrows = writtenF.EvaluateBatch(WrittenColumns(ax, ay));
        for (var i = 0; i < n * n; i++)
        {
            if (!double.IsFinite(writtenAtArrows[0][i])) gradient[2][i] = double.NaN;
            if (!double.IsFinite(gradient[2][i])) gradient[0][i] = gradient[1][i] = double.NaN;
        }
        bool?[] agrees = new bool?[n * n];
        string? source = null;
        if (!s.NoAutograd && s.Markers is not 0)
        {
            IAutogradOracle? oracle = null;
            try
            {
                oracle = AutogradFactory.Create(s.Device, s.DType);
                // Autograd differentiates the function as written, as it would in PyTorch.
                var points = Enumerable.Range(0, n * n).Select(i => written.Inputs(PointAt(ax[i], ay[i]))).ToList();
                var auto = oracle.Derivatives(written.Program, [[xr.Variable], [yr.Variable]], points);
                var tolerance = Tolerance.For(s.DType);
                source = $"autograd ({oracle.Device}, {(s.DType == NumericType.Float32 ? "float32" : "float64")})";
                for (var i = 0; i < n * n; i++)
                {
                    if (!double.IsFinite(gradient[2][i])) continue;
                    var same = tolerance.Agrees(gradient[0][i], auto[0][i]) && tolerance.Agrees(gradient[1][i], auto[1][i]);
                    var point = PointAt(ax[i], ay[i]);
                    agrees[i] = same || PointAnalysis.FindKinks(f, point).Count > 0;
                }
                var bad = Enumerable.Range(0, n * n).Where(i => agrees[i] == false).ToList();
                if (bad.Count > 0)
                {
                    var i0 = bad[0];
                    console.Error.WriteLine($"mismatch: gradient at {xr.Variable} = {PlotRanges.Show(ax[i0])}, {yr.Variable} = {PlotRanges.Show(ay[i0])}: " +
                                            $"SymDiff ({PointAnalysis.Show(gradient[0][i0])}, {PointAnalysis.Show(gradient[1][i0])}), " +
                                            $"autograd ({PointAnalysis.Show(auto[0][i0])}, {PointAnalysis.Show(auto[1][i0])})");
                }
            }
            catch (Exception e) when (AutogradFactory.Explain(e) is { } known)
            {
                console.Error.WriteLine($"error: {known.Message}");
                return known.ExitCode;
            }
            finally
            {
                oracle?.Dispose();
            }
        }

        var arrows = Enumerable.Range(0, n * n).Select(i => new GradientArrow(ax[i], ay[i], gradient[0][i], gradient[1][i], agrees[i])).ToList();

        // Local minima, by descent on SymDiff's gradient, only where f as written has a value.
        // Searched with --no-minima too when the auto colour scale needs to know whether there is one.
        IReadOnlyList<LandscapeMinimum> minima = [];
        if (!s.NoMinima || s.ColorScale == "auto")
        {
            var both = CompiledFunction.Compile([f, dx!, dy!], vars);
            var input = new double[vars.Length];
            var output = new double[3];
            var writtenInput = new double[written.Variables.Length];
            var writtenOutput = new double[writtenF.Program.OutputSlots.Length];
            for (var k = 2; k < vars.Length; k++) input[k] = fixedValues[vars[k]];
            minima = MinimumFinder.Find((x, y) =>
            {
                input[0] = x;
                input[1] = y;
                both.Evaluate(input, output);
                for (var k = 0; k < writtenInput.Length; k++)
                {
                    var v = written.Variables[k];
                    writtenInput[k] = v == xr.Variable ? x : v == yr.Variable ? y : fixedValues[v];
                }
                writtenF.Evaluate(writtenInput, writtenOutput);
                return double.IsFinite(writtenOutput[0]) ? (output[0], output[1], output[2]) : (double.NaN, double.NaN, double.NaN);
            }, xr, yr);
        }

        // auto: log when a minimum lies in the box and half the cells sit in the lowest fifth of f's range, where
        // a linear scale would give its basin one colour.
        var scale = s.ColorScale switch
        {
            "log" => ColorScaleKind.Log,
            "linear" => ColorScaleKind.Linear,
            _ => minima.Count > 0 && zMax > zMin && Median(flat.Where(double.IsFinite)) - zMin < 0.2 * (zMax - zMin) ? ColorScaleKind.Log : ColorScaleKind.Linear,
        };
        var direction = s.Arrows switch { "ascent" => ArrowDirection.Ascent, "none" => ArrowDirection.None, _ => ArrowDirection.Descent };
        var fixedText = fixedValues.Count == 0 ? null : string.Join(", ", fixedValues.Select(p => $"{p.Key} = {PlotRanges.Show(p.Value)}"));
        var formula = written.ToString();
        var model = new LandscapeModel(xr, yr, formula, $"{dx}, {dy}", values, zMin, zMax, arrows, source)
        {
            Direction = direction,
            Scale = scale,
            Minima = s.NoMinima ? [] : minima,
            Fixed = fixedText,
            Name = fixedText is null ? null : $"f({string.Join(", ", variables)})",
            Paths = [.. runs.Select(r => new LandscapePath(PathLabel(r, xr, yr), Polyline(r, xr, yr)))],
        };
        var width = s.Width ?? DefaultWidth;
        var height = s.Height ?? 760;
        var figure = LandscapeFigure.Create(model, width, height);
        if (Save(figure, path, width, height, format) is { } saveError) return Fail(console, saveError);

        var name = fixedText is null ? $"f({xr.Variable}, {yr.Variable})" : $"f({string.Join(", ", variables)})";
        console.Out.WriteLine($"{name} = {written}"); // as written; the canonical form is only for differentiating
        if (fixedText is not null) console.Out.WriteLine($"held fixed: {fixedText}");
        console.Out.WriteLine($"df/d{xr.Variable} = {dx}");
        console.Out.WriteLine($"df/d{yr.Variable} = {dy}");
        var colourScale = model.ColorScale;
        var floor = Math.Abs(colourScale.Min) < 1e-12 * Math.Max(1, Math.Abs(zMax)) ? 0 : colourScale.Min;
        console.Out.WriteLine($"box: {xr.Variable} in [{PlotRanges.Show(xr.From)}, {PlotRanges.Show(xr.To)}], {yr.Variable} in [{PlotRanges.Show(yr.From)}, {PlotRanges.Show(yr.To)}]; " +
                              $"{cells}x{cells} cells, colours for f in [{PlotRanges.Show(floor)}, {PlotRanges.Show(zMax)}]" +
                              (scale == ColorScaleKind.Log ? $", log scale: log10(f{(floor == 0 ? "" : floor > 0 ? $" - {PlotRanges.Show(floor)}" : $" + {PlotRanges.Show(-floor)}")} + {PlotRanges.Show(colourScale.Offset)})" : ", linear scale") +
                              (finite < flat.Length ? $"; {flat.Length - finite} cells undefined (grey)" : ""));
        console.Out.WriteLine(direction switch
        {
            ArrowDirection.Descent => "arrows: -∇f, the direction of steepest descent",
            ArrowDirection.Ascent => "arrows: ∇f, the direction of steepest ascent",
            _ => "arrows: none",
        });
        if (!s.NoMinima)
        {
            if (minima.Count == 0) console.Out.WriteLine("local minima: none inside the box");
            foreach (var m in minima)
                console.Out.WriteLine($"local minimum at {xr.Variable} = {LandscapeFigure.Coordinate(m.X, xr)}, {yr.Variable} = {LandscapeFigure.Coordinate(m.Y, yr)}: f = {PlotRanges.Show(Math.Abs(m.Value) < 1e-12 * Math.Max(1, Math.Abs(zMax)) ? 0 : m.Value)}");
        }
        foreach (var run in runs)
        {
            var end = run.Final.Parameters;
            console.Out.WriteLine(run.Stopped == StopReason.NotFinite
                ? $"path {PathName(run.Settings)}: diverged, f or its gradient is not finite at step {run.Final.Step}"
                : $"path {PathName(run.Settings)}: {run.Final.Step} steps, f = {PlotRanges.Show(run.Final.Value)} at {xr.Variable} = {PlotRanges.Show(end[0])}, {yr.Variable} = {PlotRanges.Show(end[1])}" +
                  (EndsOutside(run, xr, yr) ? ", outside the box" : ""));
        }
        var exit = ExitCodes.Success;
        if (source is not null)
        {
            var bad = agrees.Count(a => a == false);
            var checkedCount = agrees.Count(a => a is not null);
            console.Out.WriteLine(bad == 0
                ? $"{source}: gradient at {checkedCount} arrows agrees with SymDiff"
                : $"{source}: gradient disagrees with SymDiff at {bad} of {checkedCount} arrows (marked with x)");
            if (bad > 0) exit = ExitCodes.Mismatch;
        }
        Written(console, path, width, height, format);
        if (lossOutput is var (lossFile, lossType))
        {
            var lossHeight = s.Height is { } h ? Math.Max(300, h * 2 / 3) : 520;
            var loss = LossFigure.Create(new LossModel(formula, [.. runs.Select(r => new LossCurve(PathLabel(r, xr, yr), [.. r.Steps.Select(t => (t.Step, t.Value))]))]), width, lossHeight);
            if (Save(loss, lossFile, width, lossHeight, lossType) is { } lossSaveError) return Fail(console, lossSaveError);
            Written(console, lossFile, width, lossHeight, lossType);
        }
        return exit;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
