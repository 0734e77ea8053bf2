using System.Numerics;
using ScottPlot;

namespace SymDiff.Cli.Plotting;

/// <summary>A gradient arrow: its foot, SymDiff's gradient there, and autograd's verdict (null when not checked).</summary>
/// <example><code>new GradientArrow(1, 2, 2, 4, true)</code></example>
public sealed record GradientArrow(double X, double Y, double Dx, double Dy, bool? Agrees);

/// <summary>
/// What a two-variable figure shows: f on a grid of cell centres (row 0 at the top, the largest y), the colour
/// range worth showing, and the gradient arrows.
/// </summary>
/// <example><code>var plot = LandscapeFigure.Create(model, 900, 750);</code></example>
public sealed record LandscapeModel(
    Interval X, Interval Y, string Formula, string GradientText, double[,] Values, double ZMin, double ZMax,
    IReadOnlyList<GradientArrow> Arrows, string? AutogradSource);

/// <summary>
/// The loss landscape: a heat map of f over the box with contour lines, the gradient as arrows (pointing
/// uphill; gradient descent walks against them), and autograd's check of every arrow.
/// </summary>
public static class LandscapeFigure
{
    public static Plot Create(LandscapeModel model, int width, int height)
    {
        var plot = new Plot();
        PlotStyle.Apply(plot);
        var name = $"f({model.X.Variable}, {model.Y.Variable})";
        plot.Title(FunctionFigure.Fit($"{name} = {model.Formula}", width - 80, 14), size: 14);
        plot.Axes.Title.Label.Bold = false;
        plot.XLabel(model.X.Variable, size: 13);
        plot.YLabel(model.Y.Variable, size: 13);

        var rows = model.Values.GetLength(0);
        var cols = model.Values.GetLength(1);
        var heatmap = plot.Add.Heatmap(model.Values);
        heatmap.Extent = new CoordinateRect(model.X.From, model.X.To, model.Y.From, model.Y.To);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(model.ZMin, model.ZMax);
        heatmap.NaNCellColor = Colors.LightGray;
        heatmap.Smooth = true;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = name;
        bar.LabelStyle.FontSize = 13;

        // Contour lines, clipped to the colour range so a pole does not take every level. Only over a box where f
        // is defined everywhere: an undefined cell would stand for a wall of levels at the edge of the domain.
        if (model.ZMax > model.ZMin && model.Values.Cast<double>().All(double.IsFinite))
        {
            var points = new Coordinates3d[rows, cols];
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < cols; c++)
                    points[r, c] = new Coordinates3d(CellX(model, c, cols), CellY(model, r, rows), Math.Clamp(model.Values[r, c], model.ZMin, model.ZMax));
            var contours = plot.Add.ContourLines(points, 12);
            contours.LineColor = Colors.White.WithAlpha(0.55);
            contours.LineWidth = 1;
            contours.LabelStyle.IsVisible = false;
        }

        // Fixed margins make the data area's size known before rendering: the arrows need it (below).
        var legendLines = 1 + (model.AutogradSource is null ? 0 : model.Arrows.Any(a => a.Agrees == false) ? 2 : 1);
        var padding = new PixelPadding(left: 72, right: 120, bottom: 64 + 22 * legendLines, top: 40);
        plot.Layout.Fixed(padding);
        var dataWidth = Math.Max(1, width - padding.Left - padding.Right);
        var dataHeight = Math.Max(1, height - padding.Top - padding.Bottom);
        AddArrows(plot, model, dataWidth / model.X.Width, dataHeight / model.Y.Width);

        if (model.AutogradSource is { } source)
        {
            var ok = model.Arrows.Where(a => a.Agrees == true).ToList();
            var bad = model.Arrows.Where(a => a.Agrees == false).ToList();
            if (ok.Count > 0)
            {
                var markers = plot.Add.Markers(ok.Select(a => a.X).ToArray(), ok.Select(a => a.Y).ToArray(), MarkerShape.FilledCircle, 4, FunctionFigure.AutogradColor);
                markers.LegendText = $"{source}: agrees ({ok.Count} of {ok.Count + bad.Count})";
            }
            if (bad.Count > 0)
            {
                var markers = plot.Add.Markers(bad.Select(a => a.X).ToArray(), bad.Select(a => a.Y).ToArray(), MarkerShape.Eks, 12, FunctionFigure.DisagreeColor);
                markers.MarkerLineWidth = 2.5f;
                markers.LegendText = $"{source}: disagrees ({bad.Count})";
            }
        }

        plot.Axes.SetLimits(model.X.From, model.X.To, model.Y.From, model.Y.To);
        PlotStyle.Ticks(plot.Axes.Bottom, model.X.From, model.X.To);
        PlotStyle.Ticks(plot.Axes.Left, model.Y.From, model.Y.To);
        PlotStyle.Ticks(bar.Axis, model.ZMin, model.ZMax);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;
        plot.Legend.Orientation = Orientation.Vertical;
        return plot;
    }

    /// <summary>
    /// The gradient as arrows, in the direction it has on the picture (VectorField reads vectors in pixels, y
    /// down), their lengths growing with sqrt(|∇f|) and capped at the 95th percentile, so one steep corner does
    /// not shrink the rest to dots.
    /// </summary>
    private static void AddArrows(Plot plot, LandscapeModel model, double pixelsPerX, double pixelsPerY)
    {
        var arrows = model.Arrows.Where(a => double.IsFinite(a.Dx) && double.IsFinite(a.Dy)).ToList();
        if (arrows.Count == 0) return;
        var pixel = arrows.Select(a => (a, V: new Vector2((float)(a.Dx * pixelsPerX), (float)(-a.Dy * pixelsPerY)))).ToList();
        var lengths = pixel.Select(p => (double)p.V.Length()).Order().ToList();
        var cap = lengths[(int)(0.95 * (lengths.Count - 1))];
        if (!(cap > 0) || !double.IsFinite(cap)) cap = lengths.LastOrDefault(double.IsFinite);
        if (!(cap > 0)) return; // a flat f: no arrows to draw
        var rooted = pixel.Select(p =>
        {
            // Lengths grow with sqrt(|∇f|) up to the cap: directions stay readable in the flat valleys too.
            var length = p.V.Length();
            var shown = cap * Math.Sqrt(Math.Min(length, cap) / cap);
            var v = length > 0 ? p.V * (float)(shown / length) : p.V;
            return new RootedCoordinateVector(new Coordinates(p.a.X, p.a.Y), v);
        }).ToList();
        // VectorField maps the smallest magnitude to length 0; a zero vector outside the frame makes that 0 itself,
        // so the lengths keep their proportions.
        rooted.Add(new RootedCoordinateVector(new Coordinates(model.X.To + 10 * model.X.Width, model.Y.To + 10 * model.Y.Width), Vector2.Zero));

        var n = Math.Sqrt(arrows.Count);
        var field = plot.Add.VectorField(rooted, Colors.White);
        field.ArrowLineColor = Colors.White;
        field.ArrowFillColor = Colors.White;
        field.ArrowLineWidth = 1.5f;
        field.MaximumArrowLength = (float)(0.85 * Math.Min(model.X.Width * pixelsPerX, model.Y.Width * pixelsPerY) / n);
        field.LegendText = FunctionFigure.Fit($"∇f = ({model.GradientText})", (int)(model.X.Width * pixelsPerX), 12);
    }

    /// <summary>The x of cell column <paramref name="c"/>'s centre.</summary>
    public static double CellX(LandscapeModel m, int c, int cols) => m.X.From + (c + 0.5) * m.X.Width / cols;

    /// <summary>The y of cell row <paramref name="r"/>'s centre: row 0 is the top.</summary>
    public static double CellY(LandscapeModel m, int r, int rows) => m.Y.To - (r + 0.5) * m.Y.Width / rows;
}
