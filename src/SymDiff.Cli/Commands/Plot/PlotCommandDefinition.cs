using System.CommandLine;

namespace SymDiff.Cli.Commands.Plot;

/// <summary>The options of <c>symdiff plot</c> and how they are wired to <see cref="PlotCommand"/>.</summary>
public static class PlotCommandDefinition
{
    public static readonly Argument<string> Expression = Grad.GradCommandDefinition.ExpressionArgument(
        "an expression to draw, e.g. \"x^3 - 3*x\" (- reads it from standard input)",
        "The function: an expression to draw, e.g. \"x^3 - 3*x\", \"abs(x) - x^2\", \"x^2 + 3*y^2\" (- reads it from standard input).");

    private const string Bound = "a number or a constant expression such as -2 or pi/4";

    public static readonly Option<string?> From = OptionValues.Text(new Option<string?>("--from")
    {
        Description = $"Left end of the x range: {Bound} (-3*pi/2 works too). With --box --path: the paths' start, a point such as \"x=-1.5, y=2\" " +
                      "giving the box's two variables (the others take their --at values).",
        HelpName = "number|point",
    }, Bound);

    public static readonly Option<string?> To = OptionValues.Text(new Option<string?>("--to")
    {
        Description = $"Right end of the x range: {Bound}, greater than --from.",
        HelpName = "number",
    }, Bound);

    public static readonly Option<string?> Box = OptionValues.Text(new Option<string?>("--box")
    {
        Description = "Two variables: the box to draw, a range per variable such as \"x=-2:2, y=-1:1\" (x=-2..2 works too; bounds may be " +
                      "constant expressions). A function of more variables: hold the others fixed with --at.",
        HelpName = "ranges",
    }, "a range per variable such as \"x=-2:2, y=-1:1\"");

    public static readonly Option<string?> Wrt = OptionValues.Text(new Option<string?>("--wrt")
    {
        Description = "The variable along the x axis: a variable name such as x (default: the function's only variable, or x for a constant).",
        HelpName = "name",
    }, "a variable name such as x");

    public static readonly Option<int> Order = OptionValues.Integer(new Option<int>("--order")
    {
        Description = "Derivatives to draw below f: 1, 2 or 3 (f'; f' and f''; the first three). One-variable plots only.",
        DefaultValueFactory = _ => 1,
    }, 1, 3, "1, 2 or 3");

    public static readonly Option<string?> Output = OptionValues.Text(new Option<string?>("--output", "-o")
    {
        Description = "The image file: a path ending in .png or .svg (default: plot.png, or plot.svg with --format svg).",
        HelpName = "PATH",
    }, "a path ending in .png or .svg");

    public static readonly Option<string?> Format = OptionValues.OneOf(new Option<string?>("--format")
    {
        Description = "Image format: png or svg (default: from the --output extension, else png).",
    }, "png", "svg");

    public static readonly Option<int?> Width = OptionValues.Integer(new Option<int?>("--width")
    {
        Description = $"Image width in pixels: an integer from 100 to {PlotCommand.MaxPixels} (default 900).",
    }, 100, PlotCommand.MaxPixels);

    public static readonly Option<int?> Height = OptionValues.Integer(new Option<int?>("--height")
    {
        Description = $"Image height in pixels: an integer from 100 to {PlotCommand.MaxPixels} (default: 700 for f and f', 300 more " +
                      "per extra derivative; 760 with --box).",
    }, 100, PlotCommand.MaxPixels);

    public static readonly Option<int?> Samples = OptionValues.Integer(new Option<int?>("--samples")
    {
        Description = "Points along x: an integer from 10 to 1000000, or from 4 to 2000 with --box, where it counts the cells per " +
                      "side of the heat map. Default 1001, or 160 with --box.",
        HelpName = "count",
    }, 4, 1_000_000, "an integer from 10 to 1000000, or from 4 to 2000 with --box");

    public static readonly Option<int?> Markers = OptionValues.Integer(new Option<int?>("--markers")
    {
        Description = "Autograd samples: an integer from 0 to 1000, the points on each derivative curve (default 25; 0 skips " +
                      "autograd), or the gradient arrows per side with --box (default 15).",
    }, 0, 1000);

    public static readonly Option<string?> At = OptionValues.Text(new Option<string?>("--at")
    {
        Description = "With --box: values for the other variables such as \"z=2\" (or \"z=2, w=pi/4\"; constant expressions), " +
                      "held fixed while the box's two are drawn. Any two of n variables can be drawn this way.",
        HelpName = "values",
    }, "values for the other variables such as \"z=2\"");

    public static readonly Option<string> Arrows = OptionValues.OneOf(new Option<string>("--arrows")
    {
        Description = "With --box, the arrows: descent, ascent or none. descent draws -∇f, the way gradient descent steps (downhill); ascent draws ∇f (uphill); none " +
                      "draws no arrows (autograd still checks the gradient at their feet).",
        DefaultValueFactory = _ => "descent",
    }, "descent", "ascent", "none");

    public static readonly Option<string> ColorScale = OptionValues.OneOf(new Option<string>("--color-scale")
    {
        Description = "With --box, the colour scale: auto, linear or log. linear colours f itself; log colours log10(f - min + 1e-4*(max - min)), min and max over the box, " +
                      "so the basins of the minima are not one flat colour (the colour bar still reads f's values); auto " +
                      "(default) takes log when a minimum is inside the box and most of the box lies in the lowest fifth of " +
                      "f's range, linear otherwise.",
        DefaultValueFactory = _ => "auto",
    }, "auto", "linear", "log");

    public static readonly Option<bool> NoMinima = OptionValues.Switch(new Option<bool>("--no-minima")
    {
        Description = "With --box: do not search for local minima (by default they are marked, with their coordinates).",
    });

    private static readonly string MethodNames = OptionValues.Either([.. SymDiff.Optimization.OptimizerMethod.All.Select(m => m.Name)]);

    public static readonly Option<string?> PathOption = OptionValues.Text(new Option<string?>("--path")
    {
        Description = $"With --box: optimizer trajectories drawn over the landscape, one colour each, from --from: " +
                      $"methods, comma-separated, e.g. \"sgd, momentum, adam\" (the methods of 'symdiff optimize': {MethodNames}). " +
                      "NAME@LR gives one its own learning rate (adam@0.05).",
        HelpName = "methods",
    }, "methods, comma-separated, e.g. \"sgd, momentum, adam\"", CheckPath);

    // A misspelt method gets the nearest name, at parse time, as optimize's --method does.
    private static string? CheckPath(string text) => PlotCommand.ParsePathMethods(text, null).Error;

    public static readonly Option<int?> Steps = OptionValues.Integer(new Option<int?>("--steps")
    {
        Description = $"With --path: updates per path, an integer from 1 to 100000 (default {PlotCommand.DefaultPathSteps}).",
        HelpName = "N",
    }, 1, 100_000);

    public static readonly Option<double?> Lr = OptionValues.Accepts(OptionValues.Tolerance(new Option<double?>("--lr")
    {
        Description = "With --path: the learning rate of every path, a number >= 0 such as 0.01 (default: torch's for each method, " +
                      "1e-3 for sgd, momentum, nesterov, adam and adamw, 1e-2 for rmsprop and adagrad; NAME@LR in --path sets one path's).",
    }), "a number >= 0 such as 0.01");

    public static readonly Option<string?> LossPlot = OptionValues.Text(new Option<string?>("--loss-plot")
    {
        Description = "With --path: a second image, f against the step for each path on a log axis (f − min f when f is not " +
                      "positive throughout): a path ending in .png or .svg.",
        HelpName = "PATH",
    }, "a path ending in .png or .svg");

    public static readonly Option<string> Device = CommonOptions.Device;

    public static readonly Option<string> DType = CommonOptions.DType;

    public static readonly Option<bool> NoAutograd = CommonOptions.NoAutograd;

    public static Command Create(CliConsole console)
    {
        var command = new Command("plot",
            "Draw a function and its derivative, with PyTorch's autograd values as markers on the derivative curve, " +
            "kinks and singular points marked. With two variables, draw a heat map of f with contour lines and " +
            "gradient arrows (a loss landscape), each arrow checked against autograd.\n" +
            "Examples:\n" +
            "  symdiff plot \"x^3 - 3*x\" --from -2 --to 2                       (f and f', written to plot.png)\n" +
            "  symdiff plot \"abs(x) - x^2/2\" --from -2 --to 2 -o kink.png       (the kink at 0 is marked)\n" +
            "  symdiff plot \"tan(x)\" --from -pi --to pi --order 2               (gaps at the poles, f' and f'')\n" +
            "  symdiff plot \"sqrt(x)*log(x)\" --from -1 --to 3 -o domain.svg     (undefined for x < 0: shaded)\n" +
            "  symdiff plot \"(x^2 + y - 11)^2 + (x + y^2 - 7)^2\" --box \"x=-5:5, y=-5:5\"   (loss landscape)\n" +
            "  symdiff plot \"(x^2 + y - 11)^2 + (x + y^2 - 7)^2\" --box \"x=-5:5, y=-5:5\" --color-scale linear --arrows ascent\n" +
            "                                                    (f's own colours, arrows uphill along the gradient)\n" +
            "  symdiff plot \"x*y*z\" --box \"x=-1:1, y=-1:1\" --at \"z=2\"             (two of three variables, z held at 2)\n" +
            "  symdiff plot \"(1 - x)^2 + 100*(y - x^2)^2\" --box \"x=-2:2, y=-1:3\" --path \"sgd, momentum, adam@0.05\" --from \"x=-1.5, y=2\" --lr 0.001 --steps 1000 --loss-plot loss.png\n" +
            "                                                    (optimizer paths over Rosenbrock's valley, f by step in loss.png)\n" +
            "  symdiff plot \"sin(x)*y\" --box \"x=-pi:pi, y=-1:1\" --no-autograd --width 1200 --height 900\n" +
            "A landscape draws -∇f (descent) as arrows and marks the local minima inside the box, found by a quasi-Newton " +
            "descent from a grid of starts using SymDiff's gradient. The colour scale is log when that shows the minima " +
            "better (see --color-scale).\n" +
            "The path of the written image is printed on stdout, with the derivatives and what was found.\n" +
            ExitCodes.Help)
        {
            Expression, From, To, Box, Wrt, Order, Output, Format, Width, Height, Samples, Markers, At, Arrows, ColorScale, NoMinima,
            PathOption, Steps, Lr, LossPlot, Device, DType, NoAutograd,
        };
        command.SetAction(parseResult => PlotCommand.Run(new PlotSettings(
            parseResult.GetValue(Expression)!,
            parseResult.GetValue(From),
            parseResult.GetValue(To),
            parseResult.GetValue(Box),
            parseResult.GetValue(Wrt),
            parseResult.GetValue(Order),
            parseResult.GetValue(Output),
            parseResult.GetValue(Format),
            parseResult.GetValue(Width),
            parseResult.GetValue(Height),
            parseResult.GetValue(Samples),
            parseResult.GetValue(Markers),
            parseResult.GetValue(Device)!,
            CommonOptions.DTypeOf(parseResult),
            parseResult.GetValue(NoAutograd))
        {
            At = parseResult.GetValue(At),
            Arrows = parseResult.GetValue(Arrows)!,
            ColorScale = parseResult.GetValue(ColorScale)!,
            NoMinima = parseResult.GetValue(NoMinima),
            Path = parseResult.GetValue(PathOption),
            PathSteps = parseResult.GetValue(Steps),
            Lr = parseResult.GetValue(Lr),
            LossPlot = parseResult.GetValue(LossPlot),
            LandscapeOptionsGiven = [.. new Option[] { Arrows, ColorScale, NoMinima }.Where(o => parseResult.GetResult(o) is { Implicit: false }).Select(o => o.Name)],
        }, console));
        return command;
    }
}
