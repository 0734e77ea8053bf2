using SymDiff.Evaluation;
using SymDiff.Calculus;
using SymDiff.Checking;
using SymDiff.Cli.Plotting;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Cli.Commands.Plot;

/// <summary>The parsed options of <c>symdiff plot</c>; nulls mean "the default for this kind of plot".</summary>
public sealed record PlotSettings(
    string Expression, string? From, string? To, string? Box, string? Wrt, int Order, string? Output, string? Format,
    int? Width, int? Height, int? Samples, int? Markers, string Device, NumericType DType, bool NoAutograd)
{
    /// <summary>--at: values of the variables a landscape holds fixed ("z=2").</summary>
    public string? At { get; init; }

    /// <summary>--arrows: descent, ascent or none.</summary>
    public string Arrows { get; init; } = "descent";

    /// <summary>--color-scale: auto, linear or log.</summary>
    public string ColorScale { get; init; } = "auto";

    /// <summary>--no-minima: skip the search for local minima.</summary>
    public bool NoMinima { get; init; }

    /// <summary>--path: optimizer methods whose trajectories are drawn over the landscape ("sgd, momentum, adam@0.05").</summary>
    public string? Path { get; init; }

    /// <summary>--steps: updates per path (null: <see cref="PlotCommand.DefaultPathSteps"/>).</summary>
    public int? PathSteps { get; init; }

    /// <summary>--lr: the learning rate of every path without its own (null: torch's default for each method).</summary>
    public double? Lr { get; init; }

    /// <summary>--loss-plot: a second image, f against the step for each path.</summary>
    public string? LossPlot { get; init; }

    /// <summary>The landscape-only options given on the command line (--arrows, --color-scale, --no-minima), refused without --box.</summary>
    public IReadOnlyList<string> LandscapeOptionsGiven { get; init; } = [];
}

/// <summary>
/// <c>symdiff plot EXPR</c>: f and its derivatives over --from..--to with autograd's values as markers, or f over a
/// --box as a heat map with gradient arrows. Writes a PNG or SVG, prints what it drew, and returns the exit code:
/// 0 written, 1 written but autograd disagrees somewhere, 2 bad input or a plot that cannot be drawn, 3 no device.
/// </summary>
public static partial class PlotCommand
{
    public const int DefaultWidth = 900;
    public const int MaxPixels = 10_000;

    // The function as written: where it is defined, and what autograd differentiates.
    private static WrittenForm Written(ParseResult parsed) => WrittenForm.Lower(parsed.Syntax!, parsed.Text, parsed.Variables);

    public static int Run(PlotSettings s, CliConsole console)
    {
        var input = s.Expression == "-" ? console.ReadExpression() : s.Expression;
        var factory = new ExprFactory();
        var parsed = Parser.Parse(input, factory);
        if (!parsed.Success || parsed.Value is not { } f)
        {
            foreach (var d in parsed.Diagnostics) console.Error.WriteLine(d.Render(input));
            return ExitCodes.BadInput;
        }
        if (ValidateNumbers(s) is { } usage) return Fail(console, usage);
        var (path, format, outputError) = ResolveOutput(s.Output, s.Format);
        if (outputError is not null) return Fail(console, outputError);

        if (PathUsage(s) is { } pathUsage) return Fail(console, pathUsage);
        var variables = parsed.Variables;
        if (s.Box is not null)
        {
            if (s.To is not null || s.From is not null && s.Path is null)
                return Fail(console, "--box draws two variables and --from/--to one: give one or the other (with --box, --from is the start of --path).");
            if (s.Wrt is not null) return Fail(console, "--wrt chooses the x axis of a one-variable plot; with --box the axes are the box's variables, in order.");
            if (s.Order != 1) return Fail(console, "--order applies to one-variable plots; --box draws f and its gradient.");
            return Landscape(s, console, parsed, f, Written(parsed), factory, variables, path!, format);
        }

        if (s.At is not null)
            return Fail(console, "--at holds variables fixed in a --box landscape; a one-variable plot takes --from and --to.");
        if (s.LandscapeOptionsGiven.Count > 0)
            return Fail(console, $"{string.Join(", ", s.LandscapeOptionsGiven)} shape{(s.LandscapeOptionsGiven.Count == 1 ? "s" : "")} a --box landscape; a one-variable plot has no arrows, colour scale or minima search.");
        if (variables.Length > 2)
            return Fail(console, $"the function has {variables.Length} variables ({string.Join(", ", variables)}); a plot draws one (--from/--to) or two (--box).");
        if (variables.Length == 2)
            return Fail(console, $"the function has two variables, {variables[0]} and {variables[1]}: draw it over a box, e.g. --box \"{variables[0]}=-2:2, {variables[1]}=-2:2\".");
        if (s.From is null || s.To is null)
            return Fail(console, $"give the range to draw: --from and --to (e.g. --from -2 --to 2){(s.From is null && s.To is null ? "" : $"; {(s.From is null ? "--from" : "--to")} is missing")}.");

        var variable = s.Wrt?.Trim() ?? (variables.Length == 1 ? variables[0] : "x");
        if (PlotRanges.NameError(variable) is { } nameError) return Fail(console, $"--wrt: {nameError}.");
        if (variables.Length == 1 && variables[0] != variable)
            return Fail(console, $"the function's variable is '{variables[0]}', so --wrt {variable} leaves it without a value.");
        var (range, rangeError) = PlotRanges.ParseInterval(variable, s.From, s.To);
        if (rangeError is not null) return Fail(console, rangeError);
        return Curve(s, console, f, Written(parsed), factory, range!, path!, format);
    }

    /// <summary>Sizes and counts out of range: the message, or null when all are fine.</summary>
    private static string? ValidateNumbers(PlotSettings s)
    {
        if (s.Width is < 100 or > MaxPixels) return $"--width must be between 100 and {MaxPixels} pixels.";
        if (s.Height is < 100 or > MaxPixels) return $"--height must be between 100 and {MaxPixels} pixels.";
        if (s.Order is < 1 or > 3) return "--order must be 1, 2 or 3.";
        if (s.Box is null && s.Samples is < 10 or > 1_000_000) return "--samples must be between 10 and 1000000 points.";
        if (s.Box is not null && s.Samples is < 4 or > 2000) return "--samples must be between 4 and 2000 cells per side with --box.";
        if (s.Markers is < 0 or > 1000) return "--markers must be between 0 and 1000.";
        return null;
    }

    /// <summary>
    /// The file to write and its format: --format wins for a name without an extension, the extension decides
    /// otherwise, and the two must agree when both are given.
    /// </summary>
    public static (string? Path, ImageFormat Format, string? Error) ResolveOutput(string? output, string? format)
    {
        var requested = format switch { "svg" => ImageFormat.Svg, "png" => ImageFormat.Png, _ => (ImageFormat?)null };
        if (string.IsNullOrWhiteSpace(output))
        {
            var chosen = requested ?? ImageFormat.Png;
            return (Path.GetFullPath(chosen == ImageFormat.Svg ? "plot.svg" : "plot.png"), chosen, null);
        }
        var extension = Path.GetExtension(output).ToLowerInvariant();
        ImageFormat? implied = extension switch { ".png" => ImageFormat.Png, ".svg" => ImageFormat.Svg, _ => null };
        if (extension.Length > 0 && implied is null)
            return (null, default, $"-o {output}: '{extension}' is not an image type plot writes; use .png or .svg.");
        if (implied is { } i && requested is { } r && i != r)
            return (null, default, $"-o {output} is {Name(i)} but --format says {Name(r)}.");
        var final = implied ?? requested ?? ImageFormat.Png;
        var path = extension.Length == 0 ? output + (final == ImageFormat.Svg ? ".svg" : ".png") : output;
        return (Path.GetFullPath(path), final, null);
    }

    private static string Name(ImageFormat f) => f == ImageFormat.Svg ? "svg" : "png";

    /// <summary>d/dv of f, simplified; a function without a derivative rule is reported, not thrown.</summary>
    private static (Expr? Derivative, string? Error) Derive(Expr f, string variable, ExprFactory factory)
    {
        try
        {
            return (Simplifier.Simplify(Differentiator.Differentiate(f, variable, factory), factory).Value, null);
        }
        catch (NotDifferentiableException e)
        {
            return (null, $"cannot differentiate: {e.Message}");
        }
    }

    private static int Fail(CliConsole console, string message)
    {
        // Rendered errors (a caret under --box or --from text) already say "error:".
        var firstLine = message.Split('\n')[0];
        var rendered = firstLine.StartsWith("error:", StringComparison.Ordinal) || firstLine.Contains(": error:", StringComparison.Ordinal);
        console.Error.WriteLine(rendered ? message : $"error: {message}");
        console.Error.Flush();
        return ExitCodes.BadInput;
    }

    /// <summary>Writes the figure; a path that cannot be written is bad input, reported like the rest.</summary>
    private static string? Save(ScottPlot.IMultiplot figure, string path, int width, int height, ImageFormat format)
    {
        try
        {
            ImageWriter.Save(figure, path, width, height, format);
            return null;
        }
        // The CLI trims resource strings (UseSystemResourceKeys), so the reasons are spelled out here.
        catch (DirectoryNotFoundException)
        {
            return $"cannot write {path}: the folder {Path.GetDirectoryName(path)} does not exist.";
        }
        catch (UnauthorizedAccessException)
        {
            return $"cannot write {path}: permission denied.";
        }
        catch (IOException e)
        {
            return $"cannot write {path} ({e.GetType().Name}, HRESULT 0x{e.HResult:X8}).";
        }
    }

    /// <summary>A coordinate for people: 6 significant digits, and 0 for bisection's leftovers next to 0.</summary>
    internal static string At(double x, Interval range) =>
        PlotRanges.Show(Math.Abs(x) < 1e-9 * range.Width ? 0 : x);

    internal static void Written(CliConsole console, string path, int width, int height, ImageFormat format)
    {
        console.Out.WriteLine($"wrote {path} ({width}x{height} {Name(format)})");
        console.Out.Flush();
    }
}
