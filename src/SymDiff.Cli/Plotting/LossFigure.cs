using System.Globalization;
using ScottPlot;

namespace SymDiff.Cli.Plotting;

/// <summary>One optimizer run for the loss figure: its legend label and f at each recorded step.</summary>
/// <example><code>new LossCurve("adam (lr 0.01): f = 0.0077 after 200 steps", [(0, 12.5), (1, 11.9)])</code></example>
public sealed record LossCurve(string Label, IReadOnlyList<(int Step, double Value)> Points, Color? Color = null);

/// <summary>The function (for the title) and one curve per run, in the colours of the landscape's paths.</summary>
/// <example><code>var figure = LossFigure.Create(new LossModel("x^2 + y^2", curves), 900, 520);</code></example>
public sealed record LossModel(string Formula, IReadOnlyList<LossCurve> Curves);

/// <summary>
/// f against the step, one curve per optimizer, on a log axis: f itself when it stays above 0 on every run,
/// otherwise f − min f (the least f over all runs), which the axis label says. A diverging run is drawn up to its
/// last finite value.
/// </summary>
public static class LossFigure
{
    public static Multiplot Create(LossModel model, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(model);
        var plot = new Plot();
        PlotStyle.Apply(plot);
        var finite = model.Curves.SelectMany(c => c.Points).Select(p => p.Value).Where(double.IsFinite).ToList();
        var positive = finite.Count > 0 && finite.All(v => v > 0);
        // Below the least f by a hair (1e-9 of f's range, at least 1e-300), so the best step of a run is drawn
        // too: f − min f at that step itself would be 0, which a log axis cannot place.
        var least = finite.Count == 0 ? 0 : finite.Min();
        var floor = positive || finite.Count == 0 ? 0 : least - Math.Max(1e-300, 1e-9 * (finite.Max() - least));
        var title = $"f = {model.Formula} along each optimizer's path";
        plot.Title(FunctionFigure.Fit(title, width - 40, 14), size: 14);
        plot.Axes.Title.Label.Bold = false;
        plot.XLabel("step", size: 13);
        plot.YLabel(positive ? "f (log scale)" : $"f − min f (log scale; min f = {PlotRanges.Show(least)} over all paths)", size: 13);

        var lows = new List<double>();
        var highs = new List<double>();
        var maxStep = 1;
        for (var i = 0; i < model.Curves.Count; i++)
        {
            var curve = model.Curves[i];
            // log10 of what is drawn (every finite f lies above the floor).
            var points = curve.Points.Where(p => double.IsFinite(p.Value) && p.Value - floor > 0).ToList();
            var color = curve.Color ?? LandscapeFigure.PathColors[i % LandscapeFigure.PathColors.Length];
            // The landscape's bright path colours, darkened a little so the curves read on white.
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(p => Math.Log10(p.Value - floor)).ToArray(), Darker(color));
            line.LineWidth = 2.5f;
            line.LegendText = curve.Label;
            if (points.Count == 0) continue;
            lows.Add(points.Min(p => Math.Log10(p.Value - floor)));
            highs.Add(points.Max(p => Math.Log10(p.Value - floor)));
            maxStep = Math.Max(maxStep, points[^1].Step);
            plot.Add.Marker(points[^1].Step, Math.Log10(points[^1].Value - floor), MarkerShape.FilledSquare, 9, Darker(color));
        }

        var (low, high) = lows.Count == 0 ? (-1.0, 1.0) : (lows.Min(), highs.Max());
        if (high - low < 1) (low, high) = ((low + high) / 2 - 0.5, (low + high) / 2 + 0.5);
        var pad = 0.04 * (high - low);
        plot.Axes.SetLimits(-0.01 * maxStep, 1.03 * maxStep, low - pad, high + pad);
        PlotStyle.FixedTicks(plot.Axes.Bottom, 0, maxStep, width - 120, 70);
        var decades = high - low;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        // A tick per decade (every second or fifth one over a wide range), minor ticks at 2..9 times each.
        var stride = decades > 40 ? 10 : decades > 16 ? 5 : decades > 8 ? 2 : 1;
        for (var k = (int)Math.Floor(low - pad); k <= Math.Ceiling(high + pad); k++)
        {
            if (k % stride == 0) ticks.AddMajor(k, DecadeLabel(k));
            if (stride == 1)
                for (var m = 2; m <= 9; m++) ticks.AddMinor(k + Math.Log10(m));
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.04);
        plot.Grid.MinorLineWidth = 1;
        plot.Legend.FontSize = 12;
        plot.Legend.Orientation = Orientation.Vertical;
        plot.ShowLegend(Edge.Bottom);
        return new Multiplot(plot);
    }

    /// <summary>10^k as people write it: 1, 10, 0.01, then 1e+06 and 1e-05.</summary>
    private static string DecadeLabel(int k) => k is >= -3 and <= 4
        ? Math.Pow(10, k).ToString("0.####", CultureInfo.InvariantCulture)
        : $"1e{(k < 0 ? "-" : "+")}{Math.Abs(k):00}";

    /// <summary>The colour a curve is drawn in: <paramref name="c"/> at 80% brightness.</summary>
    public static Color Darker(Color c) => new((byte)(c.R * 0.8), (byte)(c.G * 0.8), (byte)(c.B * 0.8));
}
