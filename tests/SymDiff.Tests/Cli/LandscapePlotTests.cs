using ScottPlot;
using SkiaSharp;
using SymDiff.Cli.Plotting;

namespace SymDiff.Tests.Cli;

/// <summary>
/// Issue 10, part 3: the loss landscape as a new user meets it on Himmelblau's function. Runs <c>symdiff plot
/// --box</c> as a process and reads the PNGs back: the minima's red dots where the minima are, descent arrows
/// pointing downhill, the gradient's formula set in full under the plot, every tick of the box's ends.
/// </summary>
public sealed class LandscapePlotTests : IDisposable
{
    private const string Himmelblau = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2";
    private readonly string _dir = Directory.CreateTempSubdirectory("symdiff-landscape-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static SKColor ToSk(Color c) => new(c.R, c.G, c.B, c.A);

    /// <summary>Pixels of exactly <paramref name="colour"/>, grouped into blobs (within 12 pixels of a blob's centre).</summary>
    private static List<(double X, double Y, int Count)> Blobs(SKBitmap bitmap, Color colour, int maxY = int.MaxValue)
    {
        var target = ToSk(colour);
        var blobs = new List<(double SumX, double SumY, int Count)>();
        for (var y = 0; y < Math.Min(maxY, bitmap.Height); y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (bitmap.GetPixel(x, y) != target) continue;
                var i = blobs.FindIndex(b => Math.Abs(b.SumX / b.Count - x) < 12 && Math.Abs(b.SumY / b.Count - y) < 12);
                if (i < 0) blobs.Add((x, y, 1));
                else blobs[i] = (blobs[i].SumX + x, blobs[i].SumY + y, blobs[i].Count + 1);
            }
        }
        return [.. blobs.Select(b => (b.SumX / b.Count, b.SumY / b.Count, b.Count))];
    }

    /// <summary>The largest distance of <paramref name="pixels"/> from the best line through (data, pixel); the slope's sign.</summary>
    private static (double Residual, double Slope) Fit(double[] data, double[] pixels)
    {
        var (mx, mp) = (data.Average(), pixels.Average());
        var slope = data.Zip(pixels).Sum(t => (t.First - mx) * (t.Second - mp)) / data.Sum(d => (d - mx) * (d - mx));
        var residual = data.Zip(pixels).Max(t => Math.Abs(mp + slope * (t.First - mx) - t.Second));
        return (residual, slope);
    }

    [Fact]
    public void Issue_10_himmelblau_shows_its_four_minima_on_a_log_scale_with_descent_arrows()
    {
        var png = PathOf("himmelblau.png");
        var r = CliProcess.Run(["plot", Himmelblau, "--box", "x=-5:5, y=-5:5", "-o", png, "--no-autograd"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("log scale: log10(f + 0.0861442)", r.Out);
        Assert.Contains("arrows: -∇f, the direction of steepest descent", r.Out);
        Assert.Contains("local minimum at x = 3, y = 2: f = 0", r.Out);
        Assert.Contains("local minimum at x = -2.805, y = 3.131: f = 0", r.Out);
        Assert.Contains("local minimum at x = -3.779, y = -3.283: f = 0", r.Out);
        Assert.Contains("local minimum at x = 3.584, y = -1.848: f = 0", r.Out);

        using var bitmap = SKBitmap.Decode(png);
        // Four red dots, where the minima are: pixel positions are one linear map of the data coordinates.
        var dots = Blobs(bitmap, LandscapeFigure.MinimumColor).Where(b => b.Count >= 20).ToList();
        var (legendDots, plotDots) = (dots.Where(d => d.Y > 0.8 * bitmap.Height).ToList(), dots.Where(d => d.Y <= 0.8 * bitmap.Height).OrderBy(d => d.X).ToList());
        Assert.Single(legendDots);
        Assert.Equal(4, plotDots.Count);
        double[] xs = [-3.779, -2.805, 3, 3.584];
        double[] ys = [-3.283, 3.131, 2, -1.848];
        var (xResidual, xSlope) = Fit(xs, [.. plotDots.Select(d => d.X)]);
        var (yResidual, ySlope) = Fit(ys, [.. plotDots.Select(d => d.Y)]);
        Assert.True(xResidual < 2 && xSlope > 50, $"x: residual {xResidual}, {xSlope} px per unit");
        Assert.True(yResidual < 2 && ySlope < -40, $"y: residual {yResidual}, {ySlope} px per unit");

        // Not one colour: a heat map; the band under the legend holds the gradient's formula in dark text.
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += 3)
            for (var x = 0; x < bitmap.Width; x += 3)
                colours.Add(bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 500, $"{colours.Count} colours");
        var text = 0;
        for (var y = bitmap.Height - 22; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y) is { Red: < 120, Green: < 120, Blue: < 120 }) text++;
        Assert.True(text > 300, $"the caption band has {text} dark pixels");
    }

    private SKBitmap Arrow(string arrows)
    {
        var png = PathOf($"arrow-{arrows}.png");
        var r = CliProcess.Run(["plot", "x + 0*y", "--box", "x=-1:1, y=-1:1", "--markers", "1", "--arrows", arrows, "--no-autograd", "-o", png]);
        Assert.True(r.ExitCode == 0, r.Error);
        return SKBitmap.Decode(png);
    }

    /// <summary>
    /// The pixels above the legend where <paramref name="a"/> differs from <paramref name="b"/> and is grey (the
    /// arrows' white fill and black outline; viridis has no grey): their count and mean x.
    /// </summary>
    private static (int Count, double MeanX) ArrowPixels(SKBitmap a, SKBitmap b)
    {
        var (sum, count) = (0.0, 0);
        for (var y = 0; y < a.Height * 0.8; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var c = a.GetPixel(x, y);
                if (c == b.GetPixel(x, y)) continue;
                if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 30) continue;
                sum += x;
                count++;
            }
        }
        return (count, count == 0 ? double.NaN : sum / count);
    }

    [Fact]
    public void Descent_arrows_point_downhill_ascent_uphill_and_none_draws_none()
    {
        // f = x rises to the right; one arrow at the box's centre: -∇f points left, ∇f right.
        using var descent = Arrow("descent");
        using var ascent = Arrow("ascent");
        var (descentPixels, descentX) = ArrowPixels(descent, ascent);
        var (ascentPixels, ascentX) = ArrowPixels(ascent, descent);
        Assert.True(descentPixels > 100 && ascentPixels > 100, $"arrow pixels: {descentPixels}, {ascentPixels}");
        Assert.True(ascentX - descentX > 40, $"descent arrow centred at x = {descentX}, ascent at {ascentX}");
        using var none = Arrow("none");
        // With no arrows, the frame holds only the heat map and its contours: no white arrow body anywhere in it.
        var white = 0;
        for (var y = 60; y < none.Height * 0.7; y++)
            for (var x = 100; x < none.Width - 200; x++)
                if (none.GetPixel(x, y) is { Red: > 245, Green: > 245, Blue: > 245 }) white++;
        Assert.Equal(0, white);
    }

    [Fact]
    public void Linear_scale_and_no_minima_are_options()
    {
        var png = PathOf("linear.png");
        var r = CliProcess.Run(["plot", Himmelblau, "--box", "x=-5:5, y=-5:5", "-o", png, "--no-autograd", "--color-scale", "linear", "--no-minima", "--arrows", "ascent"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("colours for f in [0.000490189, 861.442], linear scale", r.Out);
        Assert.Contains("arrows: ∇f, the direction of steepest ascent", r.Out);
        Assert.DoesNotContain("local minim", r.Out);
        // --no-minima leaves the auto scale's choice alone: the minima are still looked for, only not marked.
        var auto = CliProcess.Run(["plot", Himmelblau, "--box", "x=-5:5, y=-5:5", "-o", PathOf("auto.png"), "--no-autograd", "--no-minima"]);
        Assert.True(auto.ExitCode == 0, auto.Error);
        Assert.Contains("log scale", auto.Out);
        Assert.DoesNotContain("local minim", auto.Out);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Empty(Blobs(bitmap, LandscapeFigure.MinimumColor));
    }

    [Fact]
    public void A_saddle_has_no_minimum_and_stays_linear()
    {
        var r = CliProcess.Run(["plot", "x^2 - y^2", "--box", "x=-1:1, y=-1:1", "-o", PathOf("saddle.png"), "--no-autograd"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("local minima: none inside the box", r.Out);
        Assert.Contains("linear scale", r.Out);
    }

    [Fact]
    public void At_holds_the_other_variables_fixed_and_the_title_says_so()
    {
        var svg = PathOf("xyz.svg");
        var r = CliProcess.Run(["plot", "x*y*z", "--box", "x=-1..1, y=-1..1", "--at", "z=2", "-o", svg, "--no-autograd"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("f(x, y, z) = x*y*z", r.Out);
        Assert.Contains("held fixed: z = 2", r.Out);
        Assert.Contains("colours for f in [-1.97508, 1.97508]", r.Out); // z = 2 doubles x*y's range
        var text = File.ReadAllText(svg);
        Assert.Contains("f(x, y, z) = x*y*z (z = 2 held fixed)", text); // SVG text keeps one space of three
        Assert.Contains("∇f = (y*z, x*z)", text);
    }

    [Fact]
    public void A_long_gradient_is_wrapped_under_the_plot_never_cut_and_the_box_ends_are_ticked()
    {
        var svg = PathOf("long.svg");
        var f = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2 + sin(3*x)*cos(2*y) + exp(x/5)*log(2 + y^2) + tanh(x*y)";
        var r = CliProcess.Run(["plot", f, "--box", "x=-5:5, y=-5:5", "-o", svg, "--no-autograd", "--width", "600", "--height", "600"]);
        Assert.True(r.ExitCode == 0, r.Error);
        var dx = r.Out.Split('\n').First(l => l.StartsWith("df/dx = ", StringComparison.Ordinal))[8..].Trim();
        var text = File.ReadAllText(svg).Replace("&apos;", "'");
        // Every piece of the formula is in the picture, in order, across the caption's lines.
        var lines = System.Text.RegularExpressions.Regex.Matches(text, @"<text[^>]*>\s*([^<]*?)\s*</text>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        // The title had to be shortened, so f is in the caption in full too.
        Assert.Contains(lines, l => l.StartsWith("f(x, y) = (x^2", StringComparison.Ordinal) && l.EndsWith('…'));
        Assert.Contains(lines, l => l.StartsWith("f(x, y) = (x^2", StringComparison.Ordinal) && !l.EndsWith('…'));
        var start = lines.FindIndex(l => l.StartsWith("∇f = (", StringComparison.Ordinal));
        Assert.True(start >= 0, "no ∇f line");
        Assert.True(lines.Count - start >= 2, "the gradient was not wrapped");
        Assert.StartsWith($"∇f = ({dx}, ", string.Join(" ", lines.Skip(start)));
        Assert.DoesNotContain(lines.Skip(start), l => l.Contains('…'));
        // The box's ends are ticks on both axes: -5 and 5 each appear (at least) twice.
        Assert.True(lines.Count(l => l == "-5") >= 2 && lines.Count(l => l == "5") >= 2, string.Join(" | ", lines.Take(40)));
    }

    [Fact]
    public void Overlay_paths_are_drawn_with_marked_ends_and_a_legend_entry()
    {
        // The extension point for optimizer trajectories: a hand-made polyline from (-4, 4) to the minimum (3, 2).
        var x = new Interval("x", -5, 5);
        var y = new Interval("y", -5, 5);
        var values = new double[40, 40];
        for (var r = 0; r < 40; r++)
            for (var c = 0; c < 40; c++)
                values[r, c] = r + c;
        var model = new LandscapeModel(x, y, "x + y", "1, 1", values, 0, 78, [], null)
        {
            Direction = ArrowDirection.None,
            Paths = [new LandscapePath("sgd, lr 0.01", [new(-4, 4), new(-1, 3), new(1, 2.5), new(3, 2)])],
        };
        var png = PathOf("path.png");
        ImageWriter.Save(LandscapeFigure.Create(model, 700, 600), png, 700, 600, SymDiff.Cli.Plotting.ImageFormat.Png);
        using var bitmap = SKBitmap.Decode(png);
        var blobs = Blobs(bitmap, LandscapeFigure.PathColors[0]);
        Assert.True(blobs.Sum(b => b.Count) > 300, $"{blobs.Sum(b => b.Count)} pixels of the path's colour");
        var svg = PathOf("path.svg");
        ImageWriter.Save(LandscapeFigure.Create(model, 700, 600), svg, 700, 600, SymDiff.Cli.Plotting.ImageFormat.Svg);
        Assert.Contains("sgd, lr 0.01", File.ReadAllText(svg));
    }
}

public class MinimumFinderTests
{
    private static MinimumFinder.Objective Of(Func<double, double, double> f, Func<double, double, (double, double)> g) =>
        (x, y) => { var (dx, dy) = g(x, y); return (f(x, y), dx, dy); };

    [Fact]
    public void Himmelblau_has_four_minima()
    {
        var minima = MinimumFinder.Find(Of(
            (x, y) => Math.Pow(x * x + y - 11, 2) + Math.Pow(x + y * y - 7, 2),
            (x, y) => (4 * x * (x * x + y - 11) + 2 * (x + y * y - 7), 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7))),
            new Interval("x", -5, 5), new Interval("y", -5, 5));
        Assert.Equal(4, minima.Count);
        foreach (var (ex, ey) in new[] { (3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848127) })
            Assert.Contains(minima, m => Math.Abs(m.X - ex) < 1e-5 && Math.Abs(m.Y - ey) < 1e-5 && m.Value < 1e-12);
    }

    [Fact]
    public void A_saddle_is_no_minimum_and_minima_outside_the_box_are_dropped()
    {
        Assert.Empty(MinimumFinder.Find(Of((x, y) => x * x - y * y, (x, y) => (2 * x, -2 * y)), new Interval("x", -1, 1), new Interval("y", -1, 1)));
        Assert.Empty(MinimumFinder.Find(Of((x, y) => (x - 3) * (x - 3) + y * y, (x, y) => (2 * (x - 3), 2 * y)), new Interval("x", -1, 1), new Interval("y", -1, 1)));
    }

    [Fact]
    public void A_singularity_is_no_minimum()
    {
        // log(x^2 + y^2) falls without bound towards 0, where its gradient grows without bound.
        Assert.Empty(MinimumFinder.Find(Of((x, y) => Math.Log(x * x + y * y), (x, y) => (2 * x / (x * x + y * y), 2 * y / (x * x + y * y))),
            new Interval("x", -1, 1), new Interval("y", -1, 1)));
    }

    [Fact]
    public void A_flat_bottomed_minimum_is_found_once()
    {
        var minima = MinimumFinder.Find(Of((x, y) => x * x + Math.Pow(y, 4), (x, y) => (2 * x, 4 * Math.Pow(y, 3))), new Interval("x", -2, 2), new Interval("y", -2, 2));
        var m = Assert.Single(minima);
        Assert.True(Math.Abs(m.X) < 1e-6 && Math.Abs(m.Y) < 0.05, $"({m.X}, {m.Y})");
    }
}
