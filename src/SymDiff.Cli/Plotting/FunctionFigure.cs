using ScottPlot;

namespace SymDiff.Cli.Plotting;

/// <summary>Autograd's derivative values at sample points, and whether each agrees with SymDiff's.</summary>
/// <example><code>new AutogradSamples([0, 1], [0, 2], [true, true], "autograd (cpu, float64)")</code></example>
public sealed record AutogradSamples(double[] Xs, double[] Ys, bool[] Agrees, string Source)
{
    /// <summary>SymDiff's values at the same points: a disagreement where autograd is not finite is marked on the curve.</summary>
    public double[]? Symbolic { get; init; }
}

/// <summary>One panel of a function figure: f or one of its derivatives.</summary>
/// <example><code>new FunctionPanel("f'(x)", "2*x + 2", curve, autograd)</code></example>
public sealed record FunctionPanel(string Name, string Formula, SampledCurve Curve, AutogradSamples? Autograd);

/// <summary>
/// Everything a one-variable figure shows: the panels (f, f', ...) and the marks that belong to all of them
/// (kinks, jumps and poles, as vertical lines).
/// </summary>
/// <example><code>var mp = FunctionFigure.Create(new FunctionFigureModel(range, panels, marks), 900, 700);</code></example>
public sealed record FunctionFigureModel(Interval Range, IReadOnlyList<FunctionPanel> Panels, IReadOnlyList<CurveFeature> Marks);

/// <summary>
/// Draws f and its derivatives as stacked panels that share the x axis: each curve in pieces (gaps where it is
/// undefined, no spikes across jumps and poles), autograd's values as markers on the derivative curves, kinks
/// and singular points as vertical lines through every panel, undefined stretches shaded.
/// </summary>
public static class FunctionFigure
{
    public static readonly Color[] CurveColors = [Color.FromHex("#1f77b4"), Color.FromHex("#2ca02c"), Color.FromHex("#9467bd"), Color.FromHex("#8c564b")];
    public static readonly Color AutogradColor = Color.FromHex("#ff7f0e");
    public static readonly Color DisagreeColor = Color.FromHex("#d62728");
    public static readonly Color KinkColor = Color.FromHex("#555555");
    public static readonly Color SingularColor = Color.FromHex("#d62728");

    public static Multiplot Create(FunctionFigureModel model, int width, int height)
    {
        var multiplot = new Multiplot();
        var plots = new List<Plot>();
        for (var p = 0; p < model.Panels.Count; p++)
        {
            var plot = p == 0 ? multiplot.GetPlot(0) : multiplot.AddPlot();
            plots.Add(plot);
            DrawPanel(plot, model, p, width, height);
        }
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        multiplot.SharedAxes.ShareX(plots);
        return multiplot;
    }

    private static void DrawPanel(Plot plot, FunctionFigureModel model, int index, int width, int height)
    {
        var panel = model.Panels[index];
        var last = index == model.Panels.Count - 1;
        var color = CurveColors[Math.Min(index, CurveColors.Length - 1)];
        var variable = model.Range.Variable;
        PlotStyle.Apply(plot);
        plot.Title(Fit($"{panel.Name} = {panel.Formula}", width, 14), size: 14);
        plot.Axes.Title.Label.Bold = false;
        plot.YLabel(panel.Name, size: 13);
        if (last) plot.XLabel(variable, size: 13);
        // Fixed margins keep the data areas of all panels aligned, whatever the width of their tick labels.
        var padding = new PixelPadding(78, 24, last ? 48 : 26, 34);
        plot.Layout.Fixed(padding);
        var panelHeight = (float)height / model.Panels.Count;
        var dataSize = (W: Math.Max(1, width - padding.Left - padding.Right), H: Math.Max(1, panelHeight - padding.Top - padding.Bottom));

        foreach (var band in panel.Curve.Features.Where(f => f.Kind == FeatureKind.Undefined))
        {
            var span = plot.Add.HorizontalSpan(band.X, Math.Max(band.XEnd, band.X + model.Range.Width * 1e-3), SingularColor.WithAlpha(0.08));
            span.LineWidth = 0;
            span.LegendText = "";
        }
        var bandLegend = panel.Curve.Features.Any(f => f.Kind == FeatureKind.Undefined);

        // Values far outside the frame are pulled in to its neighbourhood: a pixel position of 1e48 is no
        // position at all, and Skia would drop the whole piece rather than draw it off-screen.
        var (yMin, yMax) = (panel.Curve.YMin, panel.Curve.YMax);
        var reach = 10 * (yMax - yMin);
        var first = true;
        foreach (var segment in panel.Curve.Segments)
        {
            var ys = segment.Ys.Select(y => Math.Clamp(y, yMin - reach, yMax + reach)).ToArray();
            var line = plot.Add.ScatterLine(segment.Xs, ys, color);
            line.LineWidth = 2.2f;
            if (first) line.LegendText = index == 0 ? $"{panel.Name}" : $"{panel.Name} (SymDiff)";
            first = false;
        }

        var legends = new HashSet<FeatureKind>();
        foreach (var mark in model.Marks)
        {
            var isKink = mark.Kind == FeatureKind.Kink;
            var v = plot.Add.VerticalLine(mark.X, 1.3f, isKink ? KinkColor : SingularColor, isKink ? LinePattern.Dashed : LinePattern.Dotted);
            // The lines run through every panel; the top one's legend names them.
            if (index == 0 && legends.Add(mark.Kind))
                v.LegendText = mark.Kind switch { FeatureKind.Kink => "kink", FeatureKind.Jump => "jump", _ => "pole or singular point" };
        }
        if (panel.Autograd is { } ag)
        {
            var (okX, okY, badX, badY) = Split(ag);
            if (okX.Length > 0)
            {
                var ok = plot.Add.Markers(okX, okY, MarkerShape.FilledCircle, 8, AutogradColor);
                ok.MarkerLineColor = Colors.Black.WithAlpha(0.7);
                ok.MarkerLineWidth = 1;
                ok.LegendText = ag.Source;
            }
            if (badX.Length > 0)
            {
                var bad = plot.Add.Markers(badX, badY, MarkerShape.Eks, 12, DisagreeColor);
                bad.MarkerLineWidth = 2.5f;
                bad.LegendText = "autograd disagrees";
            }
        }

        plot.Axes.SetLimits(model.Range.From, model.Range.To, yMin, yMax);
        PlotStyle.Ticks(plot.Axes.Left, yMin, yMax);
        PlotStyle.Ticks(plot.Axes.Bottom, model.Range.From, model.Range.To);
        if (bandLegend)
        {
            // A legend item for the shading, drawn as a filled box.
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = "undefined",
                FillColor = SingularColor.WithAlpha(0.15),
                OutlineColor = SingularColor.WithAlpha(0.3),
            });
        }
        var labels = plot.Legend.ManualItems.Select(i => i.LabelText)
            .Concat(plot.GetPlottables().SelectMany(p => p.LegendItems).Select(i => i.LabelText))
            .Where(t => !string.IsNullOrEmpty(t)).ToList();
        // The legend's size on the data area, in fractions: about 7 pixels a character and 20 a line, plus the frame.
        var legendW = (labels.Select(t => t.Length).DefaultIfEmpty(0).Max() * 7 + 50) / dataSize.W;
        var legendH = (labels.Count * 20 + 14) / dataSize.H;
        var legend = plot.ShowLegend(BestPlace(panel, model.Range, yMin, yMax, legendW, legendH));
        legend.FontSize = 12;
        legend.BackgroundColor = Colors.White.WithAlpha(0.85);
        legend.OutlineColor = Colors.Gray.WithAlpha(0.5);
    }

    private static (double[] OkX, double[] OkY, double[] BadX, double[] BadY) Split(AutogradSamples ag)
    {
        var ok = Enumerable.Range(0, ag.Xs.Length).Where(i => double.IsFinite(ag.Ys[i]) && ag.Agrees[i]).ToArray();
        double Where(int i) => double.IsFinite(ag.Ys[i]) ? ag.Ys[i] : ag.Symbolic?[i] ?? double.NaN;
        var bad = Enumerable.Range(0, ag.Xs.Length).Where(i => !ag.Agrees[i] && double.IsFinite(Where(i))).ToArray();
        return ([.. ok.Select(i => ag.Xs[i])], [.. ok.Select(i => ag.Ys[i])], [.. bad.Select(i => ag.Xs[i])], [.. bad.Select(Where)]);
    }

    /// <summary>
    /// Where the legend hides the fewest curve points and markers: one of the four corners, else the middle of
    /// the top or bottom edge (a symmetric curve often leaves that free).
    /// </summary>
    private static Alignment BestPlace(FunctionPanel panel, Interval range, double yMin, double yMax, double w, double h)
    {
        (Alignment Where, double U0, double U1, bool Top)[] places =
        [
            (Alignment.UpperLeft, 0, w, true), (Alignment.UpperRight, 1 - w, 1, true),
            (Alignment.LowerLeft, 0, w, false), (Alignment.LowerRight, 1 - w, 1, false),
            (Alignment.UpperCenter, 0.5 - w / 2, 0.5 + w / 2, true), (Alignment.LowerCenter, 0.5 - w / 2, 0.5 + w / 2, false),
        ];
        var counts = new int[places.Length];
        void Count(double x, double y, int weight)
        {
            var u = (x - range.From) / range.Width;
            var v = (y - yMin) / (yMax - yMin);
            if (v is < 0 or > 1) return;
            for (var k = 0; k < places.Length; k++)
                if (u >= places[k].U0 && u <= places[k].U1 && (places[k].Top ? v > 1 - h : v < h)) counts[k] += weight;
        }
        foreach (var segment in panel.Curve.Segments)
            for (var i = 0; i < segment.Xs.Length; i++) Count(segment.Xs[i], segment.Ys[i], 1);
        // Markers are few but must stay visible: each weighs like a stretch of curve.
        if (panel.Autograd is { } ag)
            for (var i = 0; i < ag.Xs.Length; i++) Count(ag.Xs[i], ag.Ys[i], 20);
        var best = 0;
        for (var k = 1; k < places.Length; k++) if (counts[k] < counts[best]) best = k;
        return places[best].Where;
    }

    /// <summary>Shortens a title to what fits on one line of the figure, ending it with an ellipsis.</summary>
    public static string Fit(string text, int widthPixels, float fontSize)
    {
        var max = Math.Max(16, (int)((widthPixels - 60) / (fontSize * 0.62)));
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
