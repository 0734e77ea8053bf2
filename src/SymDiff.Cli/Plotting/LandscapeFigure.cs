using ScottPlot;

namespace SymDiff.Cli.Plotting;

/// <summary>A gradient arrow: its foot, SymDiff's gradient there, and autograd's verdict (null when not checked).</summary>
/// <example><code>new GradientArrow(1, 2, 2, 4, true)</code></example>
public sealed record GradientArrow(double X, double Y, double Dx, double Dy, bool? Agrees);

/// <summary>Which way the landscape's arrows point: against the gradient (descent), along it, or no arrows.</summary>
public enum ArrowDirection { Descent, Ascent, None }

/// <summary>
/// A polyline drawn over the landscape, such as an optimizer's trajectory: its points in order, a legend label and
/// a colour (null: the next of <see cref="LandscapeFigure.PathColors"/>). The start is marked with a ring, the end
/// with a filled square.
/// </summary>
/// <example><code>new LandscapePath("adam, lr 0.1", [new(0, 0), new(1, 0.5), new(3, 2)])</code></example>
public sealed record LandscapePath(string Label, IReadOnlyList<Coordinates> Points, Color? Color = null);

/// <summary>
/// What a two-variable figure shows: f on a grid of cell centres (row 0 at the top, the largest y), the colour
/// range worth showing, the gradient arrows, and optionally the colour scale, the arrow direction, the local minima
/// found, the values of the other variables held fixed, and polylines drawn on top.
/// </summary>
/// <example><code>var figure = LandscapeFigure.Create(model with { Minima = minima }, 900, 760);</code></example>
public sealed record LandscapeModel(
    Interval X, Interval Y, string Formula, string GradientText, double[,] Values, double ZMin, double ZMax,
    IReadOnlyList<GradientArrow> Arrows, string? AutogradSource)
{
    public ArrowDirection Direction { get; init; } = ArrowDirection.Descent;

    public ColorScaleKind Scale { get; init; } = ColorScaleKind.Linear;

    public IReadOnlyList<LandscapeMinimum> Minima { get; init; } = [];

    /// <summary>The other variables and their fixed values, e.g. "z = 2" (null: f has just the two).</summary>
    public string? Fixed { get; init; }

    public IReadOnlyList<LandscapePath> Paths { get; init; } = [];

    /// <summary>f with all its variables, "f(x, y, z)" (null: f of the two axes).</summary>
    public string? Name { get; init; }

    /// <summary>The colour scale the heat map uses; its floor takes in minima below the sampled cells.</summary>
    public ColorScale ColorScale => ColorScale.Create(Scale, Minima.Count == 0 ? ZMin : Math.Min(ZMin, Minima.Min(m => m.Value)), ZMax);
}

/// <summary>
/// The loss landscape: a heat map of f over the box with contour lines, the gradient as outlined arrows (by
/// default -∇f, the way gradient descent walks), local minima marked with their coordinates, optional polylines,
/// and autograd's check of every arrow. The gradient's formula is set in full under the plot, wrapped.
/// </summary>
public static class LandscapeFigure
{
    public static readonly Color MinimumColor = Color.FromHex("#ff2e2e");
    public static readonly Color ArrowFill = Colors.White;
    public static readonly Color ArrowOutline = Color.FromHex("#111111");
    public static readonly Color[] PathColors = [Color.FromHex("#00e5ff"), Color.FromHex("#ff66cc"), Color.FromHex("#ffd700"), Color.FromHex("#7cfc00"), Color.FromHex("#ff8c00")];

    private const float CaptionFont = 12;
    private const float CaptionLine = 17;

    public static Multiplot Create(LandscapeModel model, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = model.Name ?? $"f({model.X.Variable}, {model.Y.Variable})";
        var title = $"{name} = {model.Formula}{(model.Fixed is null ? "" : $"   ({model.Fixed} held fixed)")}";
        var titleFits = PlotStyle.TextWidth(title, 14) <= width - 40;

        // Under the plot: the gradient in full (and f, when the title had to shorten it), wrapped to the width.
        var captionText = new List<string>();
        if (!titleFits) captionText.AddRange(PlotStyle.Wrap(title, width - 24, CaptionFont));
        captionText.AddRange(PlotStyle.Wrap($"∇f = ({model.GradientText})", width - 24, CaptionFont));
        var captionHeight = (int)Math.Ceiling(captionText.Count * CaptionLine + 10);

        var multiplot = new Multiplot();
        var plot = multiplot.GetPlot(0);
        var caption = multiplot.AddPlot();
        multiplot.Layout = new CaptionLayout(captionHeight);
        DrawLandscape(plot, model, name, titleFits ? title : FunctionFigure.Fit(title, width - 40, 14), width, height - captionHeight);
        DrawCaption(caption, captionText, width, captionHeight);
        return multiplot;
    }

    private static void DrawLandscape(Plot plot, LandscapeModel model, string name, string title, int width, int height)
    {
        PlotStyle.Apply(plot);
        plot.Title(title, size: 14);
        plot.Axes.Title.Label.Bold = false;
        plot.XLabel(model.X.Variable, size: 13);
        plot.YLabel(model.Y.Variable, size: 13);

        var scale = model.ColorScale;
        var rows = model.Values.GetLength(0);
        var cols = model.Values.GetLength(1);
        var shown = new double[rows, cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                shown[r, c] = scale.ToColor(Math.Min(model.Values[r, c], model.ZMax));
        var (cMin, cMax) = (scale.ToColor(scale.Min), scale.ToColor(scale.Max));

        // Fixed margins make the data area's size known before rendering: arrows and tick spacing need it. The
        // right margin holds the colour bar, its tick labels (measured) and its label, clear of each other.
        var legendLines = LegendLines(model);
        var bottom = 76 + 22 * legendLines;
        var barHeight = Math.Max(1, height - 40 - bottom);
        var barTicks = scale.Ticks(barHeight);
        var labelWidth = barTicks.Count == 0 ? 0 : barTicks.Max(t => PlotStyle.TextWidth(PlotStyle.TickLabel(t.Value, scale.Max - scale.Min), 12));
        var padding = new PixelPadding(left: 72, right: (int)(56 + labelWidth + 30), bottom: bottom, top: 40);
        plot.Layout.Fixed(padding);
        var dataWidth = Math.Max(1, width - padding.Left - padding.Right);
        var dataHeight = Math.Max(1, height - padding.Top - padding.Bottom);

        var heatmap = plot.Add.Heatmap(shown);
        heatmap.Extent = new CoordinateRect(model.X.From, model.X.To, model.Y.From, model.Y.To);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(cMin, cMax);
        heatmap.NaNCellColor = Colors.LightGray;
        heatmap.Smooth = true;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = scale.Kind == ColorScaleKind.Log ? $"{name} (log scale)" : name;
        bar.LabelStyle.FontSize = 13;
        var barTickGenerator = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, value) in barTicks) barTickGenerator.AddMajor(position, PlotStyle.TickLabel(value, scale.Max - scale.Min));
        bar.Axis.TickGenerator = barTickGenerator;

        // Contour lines at levels even on the colour axis (log levels ring the minima), only over a box where f is
        // defined everywhere: an undefined cell would stand for a wall of levels at the edge of the domain.
        if (cMax > cMin && shown.Cast<double>().All(double.IsFinite))
        {
            var points = new Coordinates3d[rows, cols];
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < cols; c++)
                    points[r, c] = new Coordinates3d(CellX(model, c, cols), CellY(model, r, rows), Math.Clamp(shown[r, c], cMin, cMax));
            var contours = plot.Add.ContourLines(points, 12);
            contours.LineColor = Colors.White.WithAlpha(0.5);
            contours.LineWidth = 1;
            contours.LabelStyle.IsVisible = false;
        }

        if (model.Direction != ArrowDirection.None)
            AddArrows(plot, model, dataWidth / model.X.Width, dataHeight / model.Y.Width);

        if (model.AutogradSource is { } source)
        {
            var ok = model.Arrows.Where(a => a.Agrees == true).ToList();
            var bad = model.Arrows.Where(a => a.Agrees == false).ToList();
            if (ok.Count > 0)
            {
                var markers = plot.Add.Markers(ok.Select(a => a.X).ToArray(), ok.Select(a => a.Y).ToArray(), MarkerShape.FilledCircle, 4, FunctionFigure.AutogradColor);
                markers.LegendText = $"{source}: ∇f agrees ({ok.Count} of {ok.Count + bad.Count})";
            }
            if (bad.Count > 0)
            {
                var markers = plot.Add.Markers(bad.Select(a => a.X).ToArray(), bad.Select(a => a.Y).ToArray(), MarkerShape.Eks, 12, FunctionFigure.DisagreeColor);
                markers.MarkerLineWidth = 2.5f;
                markers.LegendText = $"{source}: ∇f disagrees ({bad.Count})";
            }
        }

        AddMinima(plot, model);
        AddPaths(plot, model);
        AddMinimumLabels(plot, model);

        plot.Axes.SetLimits(model.X.From, model.X.To, model.Y.From, model.Y.To);
        PlotStyle.FixedTicks(plot.Axes.Bottom, model.X.From, model.X.To, dataWidth, 60);
        PlotStyle.FixedTicks(plot.Axes.Left, model.Y.From, model.Y.To, dataHeight, 45);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;
        plot.Legend.Orientation = Orientation.Vertical;
    }

    /// <summary>The legend's rows: arrows, autograd (one or two), minima, one per path.</summary>
    private static int LegendLines(LandscapeModel model) =>
        (model.Direction == ArrowDirection.None ? 0 : 1) +
        (model.AutogradSource is null ? 0 : model.Arrows.Any(a => a.Agrees == false) && model.Arrows.Any(a => a.Agrees == true) ? 2 : 1) +
        (model.Minima.Count > 0 ? 1 : 0) + model.Paths.Count;

    /// <summary>
    /// The gradient (or its negative) as arrows with a dark outline and a light fill, visible on every colour of
    /// the map; lengths grow with sqrt(|∇f|) up to the 95th percentile, so one steep corner does not shrink the
    /// rest to dots. Lengths are worked out in pixels, where the picture shows them.
    /// </summary>
    private static void AddArrows(Plot plot, LandscapeModel model, double pixelsPerX, double pixelsPerY)
    {
        var sign = model.Direction == ArrowDirection.Descent ? -1 : 1;
        var arrows = model.Arrows.Where(a => double.IsFinite(a.Dx) && double.IsFinite(a.Dy))
            .Select(a => (a, Px: sign * a.Dx * pixelsPerX, Py: sign * a.Dy * pixelsPerY)).ToList();
        if (arrows.Count == 0) return;
        var lengths = arrows.Select(p => Math.Sqrt(p.Px * p.Px + p.Py * p.Py)).Order().ToList();
        var cap = lengths[(int)(0.95 * (lengths.Count - 1))];
        if (!(cap > 0) || !double.IsFinite(cap)) cap = lengths.LastOrDefault(double.IsFinite);
        if (!(cap > 0)) return; // a flat f: no arrows to draw
        var perSide = Math.Sqrt(model.Arrows.Count);
        var longest = Math.Min(80, 0.85 * Math.Min(model.X.Width * pixelsPerX, model.Y.Width * pixelsPerY) / perSide);
        var legend = model.Direction == ArrowDirection.Descent
            ? "−∇f: the way gradient descent steps (length ~ √|∇f|)"
            : "∇f: uphill (length ~ √|∇f|)";
        foreach (var (a, px, py) in arrows)
        {
            var length = Math.Sqrt(px * px + py * py);
            if (!(length > 0)) continue;
            var drawn = longest * Math.Sqrt(Math.Min(length, cap) / cap);
            if (drawn < 3) continue;
            var k = drawn / length;
            var arrow = plot.Add.Arrow(new Coordinates(a.X, a.Y), new Coordinates(a.X + px * k / pixelsPerX, a.Y + py * k / pixelsPerY));
            arrow.ArrowFillColor = ArrowFill;
            arrow.ArrowLineColor = ArrowOutline;
            arrow.ArrowLineWidth = 1;
            var head = (float)Math.Min(9, 0.45 * drawn);
            arrow.ArrowWidth = 2.5f;
            arrow.ArrowheadLength = head;
            arrow.ArrowheadAxisLength = head;
            arrow.ArrowheadWidth = Math.Max(6, head * 1.1f);
            if (legend is not null)
            {
                arrow.LegendText = legend;
                legend = null;
            }
        }
    }

    /// <summary>Each polyline in its colour, a ring at its start and a filled square at its end (drawn over the minima's dots).</summary>
    private static void AddPaths(Plot plot, LandscapeModel model)
    {
        for (var i = 0; i < model.Paths.Count; i++)
        {
            var path = model.Paths[i];
            if (path.Points.Count == 0) continue;
            var color = path.Color ?? PathColors[i % PathColors.Length];
            var xs = path.Points.Select(p => p.X).ToArray();
            var ys = path.Points.Select(p => p.Y).ToArray();
            // Each path narrower than the one before, so where paths run together (a valley) they show as nested
            // stripes, every colour still visible.
            // The outline of the next one leaves a stripe of 1 pixel or more on each side.
            var width = 2.5f + (model.Paths.Count <= 3 ? 4f : 3f) * (model.Paths.Count - 1 - i);
            var halo = plot.Add.ScatterLine(xs, ys, ArrowOutline.WithAlpha(0.6));
            halo.LineWidth = width + 1.5f;
            var line = plot.Add.ScatterLine(xs, ys, color);
            line.LineWidth = width;
            line.LegendText = path.Label;
            var start = plot.Add.Marker(xs[0], ys[0], MarkerShape.OpenCircle, Math.Max(12, width + 6), color);
            start.MarkerLineWidth = 2.5f;
            plot.Add.Marker(xs[^1], ys[^1], MarkerShape.FilledSquare, Math.Max(10, width + 5), color);
        }
    }

    /// <summary>Each local minimum as a red dot in a white ring.</summary>
    private static void AddMinima(Plot plot, LandscapeModel model)
    {
        if (model.Minima.Count == 0) return;
        var xs = model.Minima.Select(m => m.X).ToArray();
        var ys = model.Minima.Select(m => m.Y).ToArray();
        var ring = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 15, Colors.White);
        ring.MarkerLineColor = ArrowOutline;
        var dots = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 9, MinimumColor);
        dots.LegendText = model.Minima.Count == 1 ? "local minimum" : $"local minima ({model.Minima.Count})";
    }

    /// <summary>Each minimum's coordinates beside it, over the paths so a path never hides them.</summary>
    private static void AddMinimumLabels(Plot plot, LandscapeModel model)
    {
        foreach (var m in model.Minima)
        {
            var label = plot.Add.Text($"({Coordinate(m.X, model.X)}, {Coordinate(m.Y, model.Y)})", m.X, m.Y);
            var right = m.X > model.X.From + 0.7 * model.X.Width;
            label.LabelAlignment = right ? Alignment.MiddleRight : Alignment.MiddleLeft;
            label.OffsetX = right ? -14 : 14;
            label.LabelFontSize = 12;
            label.LabelFontColor = Colors.Black;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
            label.LabelBorderColor = ArrowOutline.WithAlpha(0.5);
            label.LabelBorderWidth = 1;
            label.LabelPadding = 2;
        }
    }

    /// <summary>A minimum's coordinate: 4 significant digits, 0 for what is 0 up to the descent's accuracy.</summary>
    public static string Coordinate(double v, Interval axis) =>
        Numbers.NumberText.Significant(Math.Abs(v) < 1e-7 * axis.Width ? 0 : v, 4);

    private static void DrawCaption(Plot caption, IReadOnlyList<string> lines, int width, int height)
    {
        PlotStyle.Apply(caption);
        caption.Layout.Frameless();
        caption.Axes.Frameless();
        caption.HideGrid();
        caption.Axes.SetLimits(0, width, 0, height);
        for (var i = 0; i < lines.Count; i++)
        {
            var text = caption.Add.Text(lines[i], 12, height - 4 - i * CaptionLine);
            text.LabelAlignment = Alignment.UpperLeft;
            text.LabelFontSize = CaptionFont;
            text.LabelFontColor = Color.FromHex("#222222");
        }
    }

    /// <summary>The landscape on top, the caption in a band of fixed height under it.</summary>
    private sealed class CaptionLayout(int captionHeight) : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
        {
            var split = figureRect.Bottom - captionHeight;
            return [new PixelRect(figureRect.Left, figureRect.Right, split, figureRect.Top), new PixelRect(figureRect.Left, figureRect.Right, figureRect.Bottom, split)];
        }
    }

    /// <summary>The x of cell column <paramref name="c"/>'s centre.</summary>
    public static double CellX(LandscapeModel m, int c, int cols) => m.X.From + (c + 0.5) * m.X.Width / cols;

    /// <summary>The y of cell row <paramref name="r"/>'s centre: row 0 is the top.</summary>
    public static double CellY(LandscapeModel m, int r, int rows) => m.Y.To - (r + 0.5) * m.Y.Width / rows;
}
