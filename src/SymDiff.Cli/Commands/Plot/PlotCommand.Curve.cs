using System.Collections.Immutable;
using SymDiff.Checking;
using SymDiff.Cli.Autograd;
using SymDiff.Cli.Plotting;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Cli.Commands.Plot;

public static partial class PlotCommand
{
    private const int MaxListed = 8;

    /// <summary>f and its derivatives over an interval, as stacked panels.</summary>
    private static int Curve(PlotSettings s, CliConsole console, Expr f, WrittenForm written, ExprFactory factory, Interval range, string path, ImageFormat format)
    {
        var v = range.Variable;
        var samples = s.Samples ?? 1001;
        var exprs = new List<Expr> { f };
        for (var k = 1; k <= s.Order; k++)
        {
            var (derivative, error) = Derive(exprs[^1], v, factory);
            if (error is not null) return Fail(console, error);
            exprs.Add(derivative!);
        }
        var names = Enumerable.Range(0, exprs.Count).Select(k => $"f{new string('\'', k)}({v})").ToList();

        var curves = new List<SampledCurve> { CurveSampler.Sample(f, range, samples, written: written) };
        curves.AddRange(exprs.Skip(1).Select(e => CurveSampler.Sample(e, range, samples, domain: curves[0])));
        if (!curves[0].HasFiniteValues)
        {
            var middle = new Dictionary<string, double> { [v] = range.From + range.Width / 2 };
            var why = PointAnalysis.ExplainUndefined(f, middle);
            return Fail(console, $"nothing to draw: {names[0]} has no finite value for {v} in [{At(range.From, range)}, {At(range.To, range)}]" +
                                 $"{(why is null ? "" : $" ({why} at {v} = {At(middle[v], range)})")}. Choose a range inside the function's domain.");
        }

        var kinks = KinkFinder.Find(f, factory, range, samples);
        var marks = Marks(kinks, curves, range);

        AutogradSamples?[] autograd = new AutogradSamples?[exprs.Count];
        var markers = s.Markers ?? 25;
        if (!s.NoAutograd && markers > 0)
        {
            IAutogradOracle? oracle = null;
            try
            {
                oracle = AutogradFactory.Create(s.Device, s.DType);
                // Centres of equal cells: none on the frame, and 0 is one of them on a symmetric range with an odd count.
                var xs = Enumerable.Range(0, markers).Select(i => range.From + (i + 0.5) * range.Width / markers).ToArray();
                var requests = Enumerable.Range(1, s.Order).Select(k => ImmutableArray.CreateRange(Enumerable.Repeat(v, k))).ToList();
                // Autograd differentiates the function as written, as it would in PyTorch.
                var values = oracle.Derivatives(written.Program, requests, [.. xs.Select(x => written.Inputs(new Dictionary<string, double> { [v] = x }))]);
                var tolerance = Tolerance.For(s.DType);
                var source = $"autograd ({oracle.Device}, {(s.DType == NumericType.Float32 ? "float32" : "float64")})";
                for (var k = 1; k <= s.Order; k++)
                {
                    var symbolic = CompiledFunction.Compile([exprs[k]], [v]).EvaluateBatch([xs])[0];
                    var ys = values[k - 1];
                    // Not drawn where f itself is undefined (the derivative curve has a gap there too).
                    var fAt = xs.Select(x => written.Evaluate(new Dictionary<string, double> { [v] = x })).ToArray();
                    // At a kink the two may differ by convention (the grad verdicts explain it); that is no disagreement.
                    // Where f as written has no value there is no marker, so nothing to disagree with.
                    var agrees = xs.Select((x, i) => !double.IsFinite(fAt[i]) || tolerance.Agrees(symbolic[i], ys[i]) ||
                        PointAnalysis.FindKinks(f, new Dictionary<string, double> { [v] = x }).Count > 0).ToArray();
                    autograd[k] = new AutogradSamples(xs, [.. ys.Select((y, i) => double.IsFinite(fAt[i]) ? y : double.NaN)], agrees, source)
                    {
                        Symbolic = symbolic,
                    };
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

        // f as written (the canonical form is only for differentiating), then its derivatives.
        var panels = exprs.Select((e, k) => new FunctionPanel(names[k], k == 0 ? written.ToString() : e.ToString(), curves[k], autograd[k])).ToList();
        var width = s.Width ?? DefaultWidth;
        var height = s.Height ?? 100 + 300 * panels.Count;
        var figure = FunctionFigure.Create(new FunctionFigureModel(range, panels, marks), width, height);
        if (Save(figure, path, width, height, format) is { } saveError) return Fail(console, saveError);

        for (var k = 0; k < panels.Count; k++) console.Out.WriteLine($"{names[k]} = {panels[k].Formula}");
        console.Out.WriteLine($"{v} from {At(range.From, range)} to {At(range.To, range)}, {samples} samples");
        Describe(console, kinks, curves, names, range);
        var exit = ExitCodes.Success;
        for (var k = 1; k < panels.Count; k++)
        {
            if (autograd[k] is not { } ag) continue;
            var bad = Enumerable.Range(0, ag.Xs.Length).Where(i => !ag.Agrees[i]).ToList();
            var drawn = ag.Ys.Count(double.IsFinite);
            if (bad.Count == 0)
            {
                console.Out.WriteLine($"{ag.Source}: {names[k]} at {ag.Xs.Length} points agrees with SymDiff ({drawn} drawn as markers)");
                continue;
            }
            var symbolic = CompiledFunction.Compile([exprs[k]], [v]).EvaluateBatch([ag.Xs])[0];
            var i0 = bad[0];
            console.Out.WriteLine($"{ag.Source}: {names[k]} disagrees with SymDiff at {bad.Count} of {ag.Xs.Length} points (marked with x)");
            console.Error.WriteLine($"mismatch: {names[k]} at {v} = {At(ag.Xs[i0], range)}: SymDiff {PointAnalysis.Show(symbolic[i0])}, autograd {PointAnalysis.Show(ag.Ys[i0])}");
            exit = ExitCodes.Mismatch;
        }
        Written(console, path, width, height, format);
        return exit;
    }

    /// <summary>
    /// The vertical lines drawn through every panel: kinks of f, then jumps and poles of any curve that are not
    /// at a kink (the derivative of abs(x) jumps at its kink: one line, not two).
    /// </summary>
    private static List<CurveFeature> Marks(List<CurveFeature> kinks, List<SampledCurve> curves, Interval range)
    {
        var near = range.Width * 1e-6;
        var marks = new List<CurveFeature>();
        foreach (var feature in kinks.Concat(curves.SelectMany(c => c.Features).Where(f => f.Kind is FeatureKind.Jump or FeatureKind.Singular)))
            if (!marks.Any(m => Math.Abs(m.X - feature.X) <= near)) marks.Add(feature);
        return marks;
    }

    /// <summary>
    /// The kinks, jumps, poles and undefined stretches found, for stdout: one line per place, naming the curves
    /// it concerns (tan's pole is a pole of f, f' and f''), and a few of each.
    /// </summary>
    private static void Describe(CliConsole console, List<CurveFeature> kinks, List<SampledCurve> curves, List<string> names, Interval range)
    {
        var v = range.Variable;
        var near = range.Width * 1e-6;
        var lines = new List<string>();
        foreach (var kink in kinks.OrderBy(k => k.X)) lines.Add($"kink at {v} = {At(kink.X, range)}: {kink.Description}");
        var places = new List<(CurveFeature Feature, List<string> Curves)>();
        for (var k = 0; k < curves.Count; k++)
        {
            foreach (var feature in curves[k].Features)
            {
                if (feature.Kind != FeatureKind.Undefined && kinks.Any(m => Math.Abs(m.X - feature.X) <= near)) continue;
                var same = places.FindIndex(p => p.Feature.Kind == feature.Kind && Math.Abs(p.Feature.X - feature.X) <= near && Math.Abs(p.Feature.XEnd - feature.XEnd) <= near);
                if (same >= 0) places[same].Curves.Add(names[k]);
                else places.Add((feature, [names[k]]));
            }
        }
        foreach (var (feature, which) in places.OrderBy(p => p.Feature.X))
        {
            var who = string.Join(", ", which);
            lines.Add(feature.Kind switch
            {
                FeatureKind.Jump => $"jump at {v} = {At(feature.X, range)} ({who}): {feature.Description}",
                FeatureKind.Singular => $"singular at {v} = {At(feature.X, range)} ({who}): {feature.Description}",
                _ => $"undefined for {v} in [{At(feature.X, range)}, {At(feature.XEnd, range)}] ({who}): {feature.Description}",
            });
        }
        foreach (var line in lines.Take(MaxListed)) console.Out.WriteLine(line);
        if (lines.Count > MaxListed) console.Out.WriteLine($"... and {lines.Count - MaxListed} more");
    }
}
