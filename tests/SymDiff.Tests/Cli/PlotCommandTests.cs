using System.Buffers.Binary;
using System.Diagnostics;
using SkiaSharp;
using SymDiff.Cli.Plotting;
using SymDiff.Syntax;

namespace SymDiff.Tests.Cli;

/// <summary>
/// End-to-end: <c>symdiff plot</c> run as a process, writing PNG and SVG files into a temporary folder. Each
/// image is checked for its size (the PNG header) and for what was drawn (decoded with SkiaSharp): many colours,
/// ink beyond the background, and autograd's orange markers exactly when autograd ran.
/// </summary>
public sealed class PlotCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("symdiff-plot-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>Width and height from the IHDR chunk, after checking the PNG signature.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 24, $"{path} is too short for a PNG");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    private sealed record Ink(int DistinctColours, double NonWhiteFraction, int AutogradPixels, int DisagreePixels);

    /// <summary>What a decoded image holds: colours, ink, and pixels of exactly the marker colours.</summary>
    private static Ink Inspect(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        var colours = new HashSet<uint>();
        var nonWhite = 0;
        var autograd = 0;
        var disagree = 0;
        var orange = ToSk(FunctionFigure.AutogradColor);
        var red = ToSk(FunctionFigure.DisagreeColor);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                colours.Add((uint)c);
                if (c.Red < 245 || c.Green < 245 || c.Blue < 245) nonWhite++;
                if (c == orange) autograd++;
                if (c == red) disagree++;
            }
        }
        return new Ink(colours.Count, (double)nonWhite / (bitmap.Width * bitmap.Height), autograd, disagree);
    }

    private static SKColor ToSk(ScottPlot.Color c) => new(c.R, c.G, c.B, c.A);

    private static void AssertDrawn(Ink ink, int minColours = 30)
    {
        Assert.True(ink.DistinctColours >= minColours, $"only {ink.DistinctColours} distinct colours");
        Assert.True(ink.NonWhiteFraction > 0.02, $"only {ink.NonWhiteFraction:P1} of the pixels were drawn on");
    }

    [Fact]
    [Trait("Category", "Torch")]
    public void Function_and_derivative_with_autograd_markers_at_the_requested_size()
    {
        var png = PathOf("cubic.png");
        var r = CliProcess.Run(["plot", "x^3 - 3*x", "--from", "-2", "--to", "2", "-o", png, "--width", "640", "--height", "480"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("f(x) = x^3 - 3*x", r.Out);
        Assert.Contains("f'(x) = 3*x^2 - 3", r.Out);
        Assert.Contains("autograd (cpu, float64): f'(x) at 25 points agrees with SymDiff", r.Out);
        Assert.Contains($"wrote {png} (640x480 png)", r.Out);
        Assert.Equal((640, 480), PngSize(png));
        var ink = Inspect(png);
        AssertDrawn(ink);
        Assert.True(ink.AutogradPixels > 100, $"autograd markers: {ink.AutogradPixels} orange pixels");
        Assert.Equal(0, ink.DisagreePixels);
    }

    [Fact]
    public void No_autograd_draws_no_markers_and_never_loads_libtorch()
    {
        var png = PathOf("kink.png");
        var r = CliProcess.Run(["plot", "abs(x) - x^2/2", "--from", "-2", "--to", "2", "-o", png, "--no-autograd"],
            environment: new Dictionary<string, string?> { ["SYMDIFF_TRACE_NATIVE"] = "1" });
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("f'(x) = sign(x) - x", r.Out);
        Assert.Contains("kink at x = 0: abs(x) has a kink where x = 0", r.Out);
        Assert.DoesNotContain("autograd", r.Out);
        Assert.Contains("trace: libtorch loaded: no", r.Error);
        Assert.Equal((900, 700), PngSize(png));
        var ink = Inspect(png);
        AssertDrawn(ink);
        Assert.Equal(0, ink.AutogradPixels);
    }

    [Fact]
    [Trait("Category", "Torch")]
    public void Poles_and_second_derivative_panels()
    {
        var png = PathOf("tan.png");
        var r = CliProcess.Run(["plot", "tan(x)", "--from", "-pi", "--to", "pi", "--order", "2", "-o", png]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("f''(x) = 2*tan(x)*(tan(x)^2 + 1)", r.Out);
        Assert.Contains("singular at x = -1.5708 (f(x), f'(x), f''(x))", r.Out);
        Assert.Contains("singular at x = 1.5708 (f(x), f'(x), f''(x))", r.Out);
        Assert.Contains("autograd (cpu, float64): f''(x) at 25 points agrees with SymDiff", r.Out);
        Assert.Equal((900, 1000), PngSize(png)); // 100 + 300 per panel
        AssertDrawn(Inspect(png));
    }

    [Fact]
    public void Svg_has_the_requested_size_and_drawn_paths()
    {
        var svg = PathOf("domain");
        var r = CliProcess.Run(["plot", "sqrt(x)*log(x)", "--from", "-1", "--to", "3", "-o", svg, "--format", "svg", "--width", "800", "--height", "600", "--no-autograd"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains($"wrote {svg}.svg (800x600 svg)", r.Out);
        Assert.Contains("undefined for x in [-1, 0] (f(x), f'(x))", r.Out);
        var text = File.ReadAllText(svg + ".svg");
        Assert.StartsWith("<?xml", text);
        Assert.Contains("width=\"800\" height=\"600\"", text);
        Assert.True(text.Split("<path").Length > 20, "few paths were drawn");
        Assert.Contains("f(x) = sqrt(x)*log(x)", text.Replace("&apos;", "'"));
    }

    [Fact]
    [Trait("Category", "Torch")]
    public void Landscape_heat_map_with_gradient_arrows_checked_by_autograd()
    {
        var png = PathOf("himmelblau.png");
        var r = CliProcess.Run(["plot", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "--box", "x=-5:5, y=-5:5", "-o", png, "--width", "700", "--height", "640"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("df/dx = 4*x*(x^2 + y - 11) + 2*y^2 + 2*x - 14", r.Out);
        Assert.Contains("autograd (cpu, float64): gradient at 225 arrows agrees with SymDiff", r.Out);
        Assert.Equal((700, 640), PngSize(png));
        var ink = Inspect(png);
        AssertDrawn(ink, minColours: 500); // a heat map
        Assert.True(ink.NonWhiteFraction > 0.4, $"the heat map covers only {ink.NonWhiteFraction:P1}");
        Assert.True(ink.AutogradPixels > 100, $"autograd dots: {ink.AutogradPixels} orange pixels");
    }

    [Fact]
    [Trait("Category", "Torch")]
    public void Autograd_disagreement_is_marked_and_exits_1()
    {
        // float32 overflows beyond exp(88.7): autograd says Infinity where SymDiff's float64 value is finite.
        var png = PathOf("overflow.png");
        var r = CliProcess.Run(["plot", "exp(x)", "--from", "80", "--to", "100", "--dtype", "float32", "-o", png]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("autograd (cpu, float32): f'(x) disagrees with SymDiff at 14 of 25 points", r.Out);
        Assert.Contains("mismatch: f'(x) at x = 89.2: SymDiff 5.48", r.Error);
        Assert.Contains("autograd +Infinity", r.Error);
        var ink = Inspect(png);
        Assert.True(ink.DisagreePixels > 50, $"disagreement crosses: {ink.DisagreePixels} red pixels");
    }

    [Fact]
    public async Task Default_output_is_plot_png_in_the_working_directory()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { CliProcess.CliDll, "plot", "x*y", "--box", "x=-1:1, y=-1:1", "--no-autograd" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        var png = Path.Combine(_dir, "plot.png");
        Assert.Contains($"wrote {png} (900x760 png)", await stdout);
        Assert.Equal((900, 760), PngSize(png));
        AssertDrawn(Inspect(png), minColours: 500);
    }

    [Theory]
    [InlineData("x^2", "--from 2 --to 1", "--from must be less than --to")]
    [InlineData("x^2", "--from 1 --to 1", "--from must be less than --to")]
    [InlineData("log(x)", "--from -3 --to -1", "nothing to draw: f(x) has no finite value for x in [-3, -1]")]
    [InlineData("sqrt(x*y)", "--box x=-2:-1,y=1:2", "nothing to draw: f has no finite value in the box")]
    [InlineData("x*y", "--box x=0:1,z=0:1", "--box gives no range for 'y'")]
    [InlineData("x*y", "--box x=0:1", "--box gives one variable (x)")]
    [InlineData("x*y", "--box x=0:1,y=1:0", "the low end of y must be less than its high end")]
    [InlineData("x*y*z", "--box x=0:1,y=0:1", "the function has 3 variables (x, y, z)")]
    [InlineData("x^2", "--from -1 --to 1 --arrows none", "--arrows shapes a --box landscape")]
    [InlineData("x^2", "--from -1 --to 1 --color-scale log --no-minima", "--color-scale, --no-minima shape a --box landscape")]
    [InlineData("x*y*z", "--box x=0:1,y=0:1", "hold 'z' fixed with --at \"z=...\"")]
    [InlineData("x*y*z*w", "--box x=0:1,y=0:1 --at z=1", "hold 'w' fixed with --at \"w=...\"")]
    [InlineData("x*y*z", "--box x=0:1,y=0:1 --at z=1/0", "the value of 'z' is +Infinity, not a finite number")]
    [InlineData("x*y*z", "--box x=0:1,y=0:1 --at z=y", "the value of 'z' must be a constant")]
    [InlineData("x*y*z", "--box x=0:1,y=0:1 --at z=1,z=2", "SD1102")]
    [InlineData("x*y*z", "--box x=0:1,y=0:1 --at w=1", "--at gives 'w', which is not a variable of the function (its variables: x, y, z)")]
    [InlineData("x*y*z", "--box x=0:1,y=0:1 --at x=1,z=1", "--at gives x, which --box draws along an axis")]
    [InlineData("x*y*z", "--box x=0:1,y=0:1 --at z=", "--at:")]
    [InlineData("x^2", "--from 0 --to 1 --at y=1", "--at holds variables fixed in a --box landscape")]
    [InlineData("x*y", "--box x=0:1,y=0:1 --arrows down", "--arrows must be descent, ascent or none, not 'down'")]
    [InlineData("x*y", "--box x=0:1,y=0:1 --color-scale sqrt", "--color-scale must be auto, linear or log, not 'sqrt'")]
    [InlineData("x*y", "--box x=0:1,y=0:1,z=0:1", "--box gives 3 variables")]
    [InlineData("x*y*z", "--from 0 --to 1", "the function has 3 variables")]
    [InlineData("x*y", "--from 0 --to 1", "draw it over a box")]
    [InlineData("x^2", "--from 0", "--to is missing")]
    [InlineData("x^2", "--from a --to 1", "a bound must be a constant")]
    [InlineData("x^2", "--from 0 --to 1/0", "is +Infinity, not a finite number")]
    [InlineData("x^2+", "--from 0 --to 1", "SD1002")]
    [InlineData("x^2", "--from 0 --to 1 -o out.jpg", "'.jpg' is not an image type")]
    [InlineData("x^2", "--from 0 --to 1 -o out.png --format svg", "is png but --format says svg")]
    [InlineData("x^2", "--from 0 --to 1 --width 10", "--width must be an integer from 100 to 10000, not '10'")]
    [InlineData("x^2", "--from 0 --to 1 --order 4", "--order must be 1, 2 or 3")]
    [InlineData("x^2", "--from 0 --to 1 --wrt y", "so --wrt y leaves it without a value")]
    [InlineData("x^2", "--from 0 --to 1 -o /nonexistent-symdiff/p.png", "does not exist")]
    public void Plots_that_cannot_be_drawn_exit_2_with_a_message(string expression, string options, string expected)
    {
        string[] args = ["plot", expression, .. options.Split(' '), "--no-autograd"];
        // Relative outputs land in the temporary folder, never in the repository.
        for (var i = 0; i < args.Length - 1; i++)
            if (args[i] == "-o" && !Path.IsPathRooted(args[i + 1])) args[i + 1] = PathOf(args[i + 1]);
        var r = CliProcess.Run(args);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}");
        Assert.Contains(expected, r.Error);
        Assert.DoesNotContain("wrote", r.Out);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Help_teaches_with_examples()
    {
        var r = CliProcess.Run(["plot", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("symdiff plot \"x^3 - 3*x\" --from -2 --to 2", r.Out);
        Assert.Contains("--box \"x=-5:5, y=-5:5\"", r.Out);
        Assert.Contains("--arrows <descent|ascent|none>", r.Out);
        Assert.Contains("--color-scale <auto|linear|log>", r.Out);
        Assert.Contains("--no-minima", r.Out);
        Assert.Contains("symdiff plot \"x*y*z\" --box \"x=-1:1, y=-1:1\" --at \"z=2\"", r.Out);
        Assert.Contains("--color-scale linear --arrows ascent", r.Out);
        Assert.Contains("Exit codes:", r.Out);
    }

    [Fact]
    public void Issue_8_a_plot_follows_the_function_as_written()
    {
        // Canonically x/x is 1 everywhere; as written it has no value at 0, and autograd (on the written form) agrees.
        var png = PathOf("written.png");
        var r = CliProcess.Run(["plot", "x/x", "--from", "-1", "--to", "1", "-o", png]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("f(x) = x/x", r.Out);
        Assert.Contains("singular at x = 0", r.Out);
        Assert.Contains("agrees with SymDiff", r.Out);
    }
}

public class PlotSamplingTests
{
    private static (SymDiff.Expressions.Expr Expr, SymDiff.Expressions.ExprFactory Factory) Parse(string text)
    {
        var factory = new SymDiff.Expressions.ExprFactory();
        var r = Parser.Parse(text, factory);
        Assert.True(r.Success, text);
        return (r.Value!, factory);
    }

    [Fact]
    public void Tan_is_drawn_in_three_pieces_that_never_cross_a_pole()
    {
        var range = new Interval("x", -Math.PI, Math.PI);
        var curve = CurveSampler.Sample(Parse("tan(x)").Expr, range, 1001);
        Assert.Equal(3, curve.Segments.Count);
        foreach (var segment in curve.Segments)
        {
            Assert.All(segment.Ys, y => Assert.True(double.IsFinite(y)));
            Assert.False(segment.Xs[0] < -Math.PI / 2 && segment.Xs[^1] > -Math.PI / 2, "a piece crosses -pi/2");
            Assert.False(segment.Xs[0] < Math.PI / 2 && segment.Xs[^1] > Math.PI / 2, "a piece crosses pi/2");
        }
        var poles = curve.Features.Where(f => f.Kind == FeatureKind.Singular).Select(f => f.X).Order().ToList();
        Assert.Equal(2, poles.Count);
        Assert.Equal(-Math.PI / 2, poles[0], 6);
        Assert.Equal(Math.PI / 2, poles[1], 6);
        // The frame shows the curve, not the 1e16 next to the poles.
        Assert.True(curve.YMax < 100 && curve.YMin > -100, $"y range [{curve.YMin}, {curve.YMax}]");
    }

    [Fact]
    public void A_jump_through_a_midpoint_value_breaks_the_line()
    {
        // sign(x) + 1 is 0, 1 (at exactly 0) and 2: two equal steps, neither drawn.
        var curve = CurveSampler.Sample(Parse("sign(x) + 1").Expr, new Interval("x", -1, 1), 101);
        Assert.Equal(2, curve.Segments.Count);
        Assert.All(curve.Segments, s => Assert.Equal(s.Ys[0], s.Ys[^1]));
        Assert.Contains(curve.Features, f => f.Kind == FeatureKind.Jump && Math.Abs(f.X) < 1e-9);
    }

    [Fact]
    public void A_steep_but_continuous_curve_stays_one_piece()
    {
        var curve = CurveSampler.Sample(Parse("tanh(50*x) + exp(x)").Expr, new Interval("x", -3, 3), 1001);
        Assert.Single(curve.Segments);
        Assert.Empty(curve.Features);
    }

    [Fact]
    public void Undefined_stretches_are_gaps_and_derivatives_follow_the_domain_of_f()
    {
        var range = new Interval("x", -1, 3);
        var (f, _) = Parse("log(x)");
        var fCurve = CurveSampler.Sample(f, range, 1001);
        var undefined = Assert.Single(fCurve.Features, x => x.Kind == FeatureKind.Undefined);
        Assert.Equal(-1, undefined.X);
        Assert.Equal(0, undefined.XEnd, 9);
        Assert.All(fCurve.Segments.SelectMany(s => s.Xs), x => Assert.True(x > 0));
        // 1/x is finite for x < 0, but log(x) has no derivative there.
        var derivative = CurveSampler.Sample(Parse("1/x").Expr, range, 1001, domain: fCurve);
        Assert.All(derivative.Segments.SelectMany(s => s.Xs), x => Assert.True(x > 0));
    }

    [Fact]
    public void Kinks_are_found_between_grid_points_and_described()
    {
        var (f, factory) = Parse("abs(x^2 - 2) + relu(x)");
        var kinks = KinkFinder.Find(f, factory, new Interval("x", -2, 2), 1001).OrderBy(k => k.X).ToList();
        Assert.Equal(3, kinks.Count);
        Assert.Equal(-Math.Sqrt(2), kinks[0].X, 12);
        Assert.Equal(0, kinks[1].X);
        Assert.Equal(Math.Sqrt(2), kinks[2].X, 12);
        Assert.Contains("relu(x) has a kink where x = 0", kinks[1].Description);
        Assert.Contains("abs(x^2 - 2)", kinks[0].Description);
    }

    [Fact]
    public void Box_and_bounds_accept_constant_expressions()
    {
        var (box, error) = PlotRanges.ParseBox("x=-pi:pi, y = -1 : max(1, 2)");
        Assert.Null(error);
        Assert.Equal([new Interval("x", -Math.PI, Math.PI), new Interval("y", -1, 2)], box);
        var (interval, intervalError) = PlotRanges.ParseInterval("t", "-3*pi/2", "2*pi");
        Assert.Null(intervalError);
        Assert.Equal(new Interval("t", -3 * Math.PI / 2, 2 * Math.PI), interval);
    }

    [Theory]
    [InlineData("x=0:1, x=1:2", "'x' is given twice")]
    [InlineData("pi=0:1", "'pi' is a constant")]
    [InlineData("x=0", "expected low:high after 'x='")]
    [InlineData("x=0:", "expected a number or a constant expression")]
    [InlineData("0:1", "expected name=low:high")]
    public void Bad_boxes_point_at_the_mistake(string text, string expected)
    {
        var (_, error) = PlotRanges.ParseBox(text);
        Assert.NotNull(error);
        Assert.Contains(expected, error);
        Assert.StartsWith("--box:", error);
    }
}
