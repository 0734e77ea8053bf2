using System.CommandLine;

namespace SymDiff.Cli.Commands.Plot;

/// <summary>The options of <c>symdiff plot</c> and how they are wired to <see cref="PlotCommand"/>.</summary>
public static class PlotCommandDefinition
{
    public static readonly Argument<string> Expression = new("expression")
    {
        Description = "The function, e.g. \"x^3 - 3*x\", \"abs(x) - x^2\", \"x^2 + 3*y^2\". Use - to read it from standard input.",
    };

    public static readonly Option<string?> From = new("--from")
    {
        Description = "Left end of the x range: a number or a constant expression (-2, -pi, -3*pi/2).",
    };

    public static readonly Option<string?> To = new("--to")
    {
        Description = "Right end of the x range (greater than --from).",
    };

    public static readonly Option<string?> Box = new("--box")
    {
        Description = "Two variables: the box to draw, e.g. \"x=-2:2, y=-1:1\" (bounds may be constant expressions).",
    };

    public static readonly Option<string?> Wrt = new("--wrt")
    {
        Description = "The variable along the x axis (default: the function's only variable, or x for a constant).",
    };

    public static readonly Option<int> Order = new("--order")
    {
        Description = "Derivatives to draw below f: 1 (f'), 2 (f', f'') or 3. One-variable plots only.",
        DefaultValueFactory = _ => 1,
    };

    public static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "The image file: .png or .svg (default: plot.png, or plot.svg with --format svg).",
    };

    public static readonly Option<string?> Format = new("--format")
    {
        Description = "png or svg (default: from the --output extension, else png).",
    };

    public static readonly Option<int?> Width = new("--width")
    {
        Description = "Image width in pixels (default 900).",
    };

    public static readonly Option<int?> Height = new("--height")
    {
        Description = "Image height in pixels (default: 700 for f and f', 300 more per extra derivative; 760 with --box).",
    };

    public static readonly Option<int?> Samples = new("--samples")
    {
        Description = "Points along x (default 1001), or cells per side of the --box heat map (default 160).",
    };

    public static readonly Option<int?> Markers = new("--markers")
    {
        Description = "Autograd samples: points on each derivative curve (default 25; 0 skips autograd), or gradient arrows per side with --box (default 15).",
    };

    public static readonly Option<string> Device = CommonOptions.Device;

    public static readonly Option<string> DType = CommonOptions.DType;

    public static readonly Option<bool> NoAutograd = CommonOptions.NoAutograd;

    public static Command Create()
    {
        Format.AcceptOnlyFromAmong("png", "svg");
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
            "  symdiff plot \"sin(x)*y\" --box \"x=-pi:pi, y=-1:1\" --no-autograd --width 1200 --height 900\n" +
            "The path of the written image is printed on stdout, with the derivatives and what was found.\n" +
            ExitCodes.Help)
        {
            Expression, From, To, Box, Wrt, Order, Output, Format, Width, Height, Samples, Markers, Device, DType, NoAutograd,
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
            parseResult.GetValue(NoAutograd)), CliConsole.System));
        return command;
    }
}
