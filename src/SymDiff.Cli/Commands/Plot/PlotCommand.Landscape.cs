using System.Collections.Immutable;
using SymDiff.Checking;
using SymDiff.Cli.Autograd;
using SymDiff.Cli.Plotting;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Cli.Commands.Plot;

public static partial class PlotCommand
{
    /// <summary>f over a box: heat map, contour lines and gradient arrows checked against autograd.</summary>
    private static int Landscape(PlotSettings s, CliConsole console, Expr f, WrittenForm written, ExprFactory factory, ImmutableArray<string> variables, string path, ImageFormat format)
    {
        var (box, boxError) = PlotRanges.ParseBox(s.Box!);
        if (boxError is not null) return Fail(console, boxError);
        if (box.Count == 1)
            return Fail(console, $"--box gives one variable ({box[0].Variable}); draw one variable with --from {PlotRanges.Show(box[0].From)} --to {PlotRanges.Show(box[0].To)}, or give two in the box.");
        if (box.Count > 2)
            return Fail(console, $"--box gives {box.Count} variables ({string.Join(", ", box.Select(b => b.Variable))}); a landscape has two.");
        var missing = variables.Where(v => box.All(b => b.Variable != v)).ToList();
        if (missing.Count > 0)
        {
            var what = variables.Length > 2
                ? $"the function has {variables.Length} variables ({string.Join(", ", variables)}); a plot draws one or two"
                : $"--box gives no range for {string.Join(" and ", missing.Select(m => $"'{m}'"))}, a variable of the function";
            return Fail(console, $"{what}.");
        }

        var (xr, yr) = (box[0], box[1]);
        string[] vars = [xr.Variable, yr.Variable];
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
        var flat = CompiledFunction.Compile([f], vars).EvaluateBatch([xsCol, ysCol])[0];
        var values = new double[cells, cells];
        for (var r = 0; r < cells; r++)
            for (var c = 0; c < cells; c++)
                values[r, c] = flat[r * cells + c];
        var finite = flat.Count(double.IsFinite);
        if (finite == 0)
        {
            var centre = new Dictionary<string, double> { [xr.Variable] = xr.From + xr.Width / 2, [yr.Variable] = yr.From + yr.Width / 2 };
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
        var gradient = CompiledFunction.Compile([dx!, dy!, f], vars).EvaluateBatch([ax, ay]);
        // No arrow where f itself is undefined, as written: log(x)'s gradient (1/x, 0) is finite for x < 0, f has none
        // there; x/x has no value at 0, though its canonical form 1 has.
        var writtenF = CompiledFunction.Compile(written.Program)
            .EvaluateBatch([.. written.Variables.Select(v => v == xr.Variable ? ax : ay)]);
        for (var i = 0; i < n * n; i++)
        {
            if (!double.IsFinite(writtenF[0][i])) gradient[2][i] = double.NaN;
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
                var points = Enumerable.Range(0, n * n).Select(i => written.Inputs(new Dictionary<string, double> { [xr.Variable] = ax[i], [yr.Variable] = ay[i] })).ToList();
                var auto = oracle.Derivatives(written.Program, [[xr.Variable], [yr.Variable]], points);
                var tolerance = Tolerance.For(s.DType);
                source = $"autograd ({oracle.Device}, {(s.DType == NumericType.Float32 ? "float32" : "float64")})";
                for (var i = 0; i < n * n; i++)
                {
                    if (!double.IsFinite(gradient[2][i])) continue;
                    var same = tolerance.Agrees(gradient[0][i], auto[0][i]) && tolerance.Agrees(gradient[1][i], auto[1][i]);
                    var point = new Dictionary<string, double> { [xr.Variable] = ax[i], [yr.Variable] = ay[i] };
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
        var formula = f.ToString();
        var model = new LandscapeModel(xr, yr, formula, $"{dx}, {dy}", values, zMin, zMax, arrows, source);
        var width = s.Width ?? DefaultWidth;
        var height = s.Height ?? 760;
        var figure = new ScottPlot.Multiplot(LandscapeFigure.Create(model, width, height));
        if (Save(figure, path, width, height, format) is { } saveError) return Fail(console, saveError);

        var name = $"f({xr.Variable}, {yr.Variable})";
        console.Out.WriteLine($"{name} = {written}"); // as written; the canonical form is only for differentiating
        console.Out.WriteLine($"df/d{xr.Variable} = {dx}");
        console.Out.WriteLine($"df/d{yr.Variable} = {dy}");
        console.Out.WriteLine($"box: {xr.Variable} in [{PlotRanges.Show(xr.From)}, {PlotRanges.Show(xr.To)}], {yr.Variable} in [{PlotRanges.Show(yr.From)}, {PlotRanges.Show(yr.To)}]; " +
                              $"{cells}x{cells} cells, colours for f in [{PlotRanges.Show(zMin)}, {PlotRanges.Show(zMax)}]" +
                              (finite < flat.Length ? $"; {flat.Length - finite} cells undefined (grey)" : ""));
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
        return exit;
    }
}
