using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;
using SymDiff.Cli.Plotting;

namespace SymDiff.Tests.Cli;

/// <summary>
/// Issue 10, parts 3-4: optimizer paths over the landscape (<c>plot --box --path --from</c>) and f by step
/// (<c>--loss-plot</c>). The commands of examples/Optimizers/README.md are run as written and their PNGs read back.
/// </summary>
public sealed class OptimizerPathPlotTests : IDisposable
{
    private const string Rosenbrock = "(1 - x)^2 + 100*(y - x^2)^2";
    private readonly string _dir = Directory.CreateTempSubdirectory("symdiff-paths-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static SKColor ToSk(Color c) => new(c.R, c.G, c.B, c.A);

    /// <summary>The pixels of exactly <paramref name="colour"/> in the rows above <paramref name="maxY"/>.</summary>
    private static List<(int X, int Y)> PixelsOf(SKBitmap bitmap, Color colour, int maxY = int.MaxValue)
    {
        var target = ToSk(colour);
        var found = new List<(int, int)>();
        for (var y = 0; y < Math.Min(maxY, bitmap.Height); y++)
            for (var x = 0; x < bitmap.Width; x++)
                if (bitmap.GetPixel(x, y) == target) found.Add((x, y));
        return found;
    }

    /// <summary>
    /// The data area of a landscape: the frame's left and right edges (the two leftmost columns with a long run of
    /// the axes' grey, #333333) and its top and bottom (the rows with one).
    /// </summary>
    private static (int Left, int Right, int Top, int Bottom) Frame(SKBitmap bitmap)
    {
        static bool Grey(SKColor c) => c.Red is >= 35 and <= 75 && Math.Abs(c.Red - c.Green) <= 4 && Math.Abs(c.Red - c.Blue) <= 4;
        int Run(Func<int, SKColor> at, int length)
        {
            var (best, current) = (0, 0);
            for (var i = 0; i < length; i++)
            {
                current = Grey(at(i)) ? current + 1 : 0;
                best = Math.Max(best, current);
            }
            return best;
        }
        var columns = Enumerable.Range(0, bitmap.Width).Where(x => Run(y => bitmap.GetPixel(x, y), bitmap.Height) > 0.4 * bitmap.Height).ToList();
        var rows = Enumerable.Range(0, bitmap.Height).Where(y => Run(x => bitmap.GetPixel(x, y), bitmap.Width) > 0.5 * bitmap.Width).ToList();
        Assert.True(columns.Count >= 2 && rows.Count >= 2, $"frame columns {string.Join(",", columns)}, rows {string.Join(",", rows)}");
        // Neighbouring columns of one anti-aliased line count once.
        var edges = columns.Where((x, i) => i == 0 || x - columns[i - 1] > 2).ToList();
        return (edges[0], edges[1], rows[0], rows[^1]);
    }

    /// <summary>The shell commands of the example's README, split into words as a shell would (double quotes only).</summary>
    private static IReadOnlyList<string[]> ReadmeCommands(string verb) =>
        [.. Regex.Matches(ExampleReadme, $@"^symdiff {verb} .*$", RegexOptions.Multiline)
            .Select(m => Regex.Matches(m.Value.TrimEnd()["symdiff ".Length..], "\"([^\"]*)\"|(\\S+)")
                .Select(w => w.Groups[1].Success ? w.Groups[1].Value : w.Groups[2].Value).ToArray())];

    [Fact]
    public void Issue_10_the_optimizers_example_draws_what_its_readme_says()
    {
        var plots = ReadmeCommands("plot");
        Assert.Equal(2, plots.Count);
        Directory.CreateDirectory(PathOf(Path.Combine("examples", "plots")));
        var legends = new Dictionary<(string Function, string Method, string Lr), double>();
        foreach (var words in plots)
        {
            var r = CliProcess.Run(words, workingDirectory: _dir);
            Assert.True(r.ExitCode == 0, $"symdiff {string.Join(' ', words)}\n{r.Error}");
            foreach (Match m in Regex.Matches(r.Out, @"^path (\w+) \(lr ([\d.e-]+)\): \d+ steps, f = (\S+) at", RegexOptions.Multiline))
                legends[(words[1], m.Groups[1].Value, m.Groups[2].Value)] = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        }
        Assert.Equal(6, legends.Count);

        foreach (var name in new[] { "rosenbrock", "himmelblau" })
        {
            using var paths = SKBitmap.Decode(PathOf($"examples/plots/{name}-paths.png"));
            var legendTop = (int)(0.78 * paths.Height);
            // Every path's colour in the plot (not only in the legend), a long line of it.
            for (var i = 0; i < 3; i++)
            {
                var count = PixelsOf(paths, LandscapeFigure.PathColors[i], legendTop).Count;
                Assert.True(count > 150, $"{name}: path {i} has {count} pixels of its colour");
            }
            using var loss = SKBitmap.Decode(PathOf($"examples/plots/{name}-loss.png"));
            Assert.Equal((900, 520), (loss.Width, loss.Height));
            for (var i = 0; i < 3; i++)
            {
                var count = PixelsOf(loss, LossFigure.Darker(LandscapeFigure.PathColors[i]), (int)(0.82 * loss.Height)).Count;
                Assert.True(count > 150, $"{name} loss plot: curve {i} has {count} pixels of its colour");
            }
        }

        // Rosenbrock: Adam (the third path) ends at the minimum (1, 1), SGD (the first) far from it, in (-0.66, 0.44).
        using (var rosenbrock = SKBitmap.Decode(PathOf("examples/plots/rosenbrock-paths.png")))
        {
            var (left, right, top, bottom) = Frame(rosenbrock);
            (double X, double Y) Pixel(double x, double y) => (left + (x + 2) / 4 * (right - left), bottom - (y + 1) / 4 * (bottom - top));
            int Near((double X, double Y) p, Color c, double radius) =>
                PixelsOf(rosenbrock, c).Count(q => Math.Abs(q.X - p.X) <= radius && Math.Abs(q.Y - p.Y) <= radius);
            var minimum = Pixel(1, 1);
            Assert.True(Near(minimum, LandscapeFigure.PathColors[2], 8) > 40, $"frame ({left}, {right}, {top}, {bottom}): Adam's end square is not at (1, 1), pixel {minimum}");
            Assert.Equal(0, Near(minimum, LandscapeFigure.PathColors[0], 25));
            Assert.True(Near(Pixel(-0.66, 0.444), LandscapeFigure.PathColors[0], 8) > 40, "SGD's end square is not at (-0.66, 0.44)");
        }

        // Each optimize run of the README ends at the f its path's legend shows.
        var runs = ReadmeCommands("optimize");
        Assert.Equal(6, runs.Count);
        foreach (var words in runs)
        {
            var r = CliProcess.Run(words);
            Assert.True(r.ExitCode == 0, r.Error);
            var f = double.Parse(Regex.Match(r.Out, @"^final \(step \d+\): f = (\S+),", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
            var method = words[Array.IndexOf(words, "--method") + 1];
            var lr = words[Array.IndexOf(words, "--lr") + 1];
            var shown = legends[(words[1], method, lr)];
            Assert.True(Math.Abs(f - shown) <= 1e-5 * Math.Abs(f), $"{method} lr {lr}: optimize ends at f = {f}, the plot shows {shown}");
        }
    }

    [Fact]
    public void The_committed_example_images_exist_and_decode()
    {
        foreach (var name in new[] { "rosenbrock-paths", "rosenbrock-loss", "himmelblau-paths", "himmelblau-loss" })
        {
            var file = Path.Combine(Repo, "examples", "plots", name + ".png");
            Assert.True(File.Exists(file), $"{file} is missing");
            using var bitmap = SKBitmap.Decode(file);
            Assert.NotNull(bitmap);
            Assert.Equal(900, bitmap.Width);
            Assert.Equal(name.EndsWith("-loss", StringComparison.Ordinal) ? 520 : 760, bitmap.Height);
            Assert.Contains($"examples/plots/{name}.png", ExampleReadme);
        }
    }

    [Theory]
    [InlineData(new[] { "--path", "sgd" }, "--path needs a start point: --from")]
    [InlineData(new[] { "--path", "adma", "--from", "x=0, y=1" }, "--path: unknown method 'adma'; did you mean 'adam'?")]
    [InlineData(new[] { "--path", "sgd", "--from", "x=0" }, "--from has no value for 'y'")]
    [InlineData(new[] { "--path", "sgd", "--from", "x=0, z=1" }, "--from gives 'z'")]
    [InlineData(new[] { "--path", "sgd", "--from", "x=9, y=0" }, "lies outside the box")]
    [InlineData(new[] { "--path", "sgd@fast", "--from", "x=0, y=1" }, "the learning rate after @ must be a number")]
    [InlineData(new[] { "--steps", "10" }, "--steps sets the length of optimizer paths: give --path too")]
    [InlineData(new[] { "--loss-plot", "l.png" }, "--loss-plot draws f along optimizer paths: give --path too")]
    [InlineData(new[] { "--from", "x=0, y=1" }, "with --box, --from is the start of --path")]
    [InlineData(new[] { "--path", "sgd", "--from", "x=0, y=1", "--loss-plot", "l.txt" }, "--loss-plot l.txt: '.txt' is not an image type")]
    public void Path_usage_errors_exit_2_with_a_message(string[] extra, string message)
    {
        var r = CliProcess.Run(["plot", Rosenbrock, "--box", "x=-2:2, y=-1:3", "--no-autograd", "-o", PathOf("u.png"), .. extra]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error);
    }

    [Fact]
    public void Path_without_a_box_is_a_usage_error()
    {
        var r = CliProcess.Run(["plot", "x^2", "--from", "-1", "--to", "1", "--path", "sgd", "-o", PathOf("n.png")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--path draws optimizer paths over a landscape: give --box too", r.Error);
    }

    [Fact]
    public void A_diverging_path_is_drawn_until_it_stops_and_the_legend_says_so()
    {
        // SGD with lr 0.01 on Rosenbrock: each step multiplies x by about -1 - 1200·lr·x², so it explodes in a few.
        var svg = PathOf("diverge.svg");
        var loss = PathOf("diverge-loss.svg");
        var r = CliProcess.Run(["plot", Rosenbrock, "--box", "x=-2:2, y=-1:3", "--path", "sgd, adam", "--from", "x=-1.5, y=2", "--lr", "0.01",
            "--steps", "50", "--no-autograd", "-o", svg, "--loss-plot", loss]);
        Assert.True(r.ExitCode == 0, r.Error);
        var stop = Regex.Match(r.Out, @"path sgd \(lr 0.01\): diverged, f or its gradient is not finite at step (\d+)");
        Assert.True(stop.Success, r.Out);
        Assert.Contains("path adam (lr 0.01): 50 steps, f = ", r.Out);
        var text = File.ReadAllText(svg);
        Assert.Contains($"sgd (lr 0.01): diverged at step {stop.Groups[1].Value}", text);
        Assert.Contains("adam (lr 0.01): f = ", text);
        Assert.Contains($"sgd (lr 0.01): diverged at step {stop.Groups[1].Value}", File.ReadAllText(loss));
    }

    [Fact]
    public void A_path_that_leaves_the_box_is_clipped_and_the_legend_says_where_it_ended()
    {
        var png = PathOf("leave.png");
        var r = CliProcess.Run(["plot", "-(x^2) + y^2", "--box", "x=-1:1, y=-1:1", "--path", "sgd", "--from", "x=0.1, y=0.5", "--lr", "0.1",
            "--steps", "40", "--no-autograd", "--no-minima", "-o", png]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("path sgd (lr 0.1): 40 steps", r.Out);
        var x = Polyline(r.Out);
        Assert.True(x > 1, $"x ends at {x}, inside the box");
        using var bitmap = SKBitmap.Decode(png);
        Assert.True(PixelsOf(bitmap, LandscapeFigure.PathColors[0]).Count > 100);
    }

    private static double Polyline(string output) =>
        double.Parse(Regex.Match(output, @"at x = (\S+), y").Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void The_loss_axis_shows_f_minus_its_least_value_when_f_goes_below_0()
    {
        var loss = PathOf("negative-loss.svg");
        var r = CliProcess.Run(["plot", "x^2 + y^2 - 3", "--box", "x=-2:2, y=-2:2", "--path", "sgd, momentum", "--from", "x=1.5, y=-1", "--lr", "0.1",
            "--no-autograd", "-o", PathOf("negative.png"), "--loss-plot", loss]);
        Assert.True(r.ExitCode == 0, r.Error);
        var text = File.ReadAllText(loss);
        Assert.Contains("f − min f (log scale; min f = -3 over all paths)", text);
        var positive = PathOf("positive-loss.svg");
        r = CliProcess.Run(["plot", "x^2 + y^2 + 1", "--box", "x=-2:2, y=-2:2", "--path", "sgd", "--from", "x=1.5, y=-1", "--lr", "0.1",
            "--no-autograd", "-o", PathOf("positive.png"), "--loss-plot", positive]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("f (log scale)", File.ReadAllText(positive));
    }

    [Fact]
    public void Help_shows_a_path_example()
    {
        var r = CliProcess.Run(["plot", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--path \"sgd, momentum, adam@0.05\" --from \"x=-1.5, y=2\"", r.Out);
        Assert.Contains("--loss-plot", r.Out);
    }

    private static string Repo
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("README.md not found above the test folder");
        }
    }

    private static string ExampleReadme => File.ReadAllText(Path.Combine(Repo, "examples", "Optimizers", "README.md")).Replace("\r\n", "\n");
}
