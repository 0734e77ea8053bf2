using System.CommandLine;
using SymDiff.Checking;

namespace SymDiff.Cli.Commands.Grad;

/// <summary>The options of <c>symdiff grad</c> and how they are wired to <see cref="GradCommand"/>.</summary>
public static class GradCommandDefinition
{
    public static readonly Argument<string> Expression = new("expression")
    {
        Description = "The function, e.g. \"x^2+2*x+1\", \"sin(x^2)\", \"v1*tanh(w1*x+b1)\". Use - to read it from standard input.",
    };

    public static readonly Option<string?> At = new("--at")
    {
        Description = "The point: 3 (one variable) or \"x=1, y=2\"; values may be constant expressions (x=pi/4). " +
                      "Several points: \"x=1; x=2\". Without --at only the derivative is printed.",
    };

    public static readonly Option<string?> Wrt = CommonOptions.Wrt;

    public static readonly Option<int> Order = CommonOptions.Order;

    public static readonly Option<string> Format = new("--format")
    {
        Description = "Output: text (default), json (a stable schema for scripts) or latex.",
        DefaultValueFactory = _ => "text",
    };

    public static readonly Option<string> Device = CommonOptions.Device;

    public static readonly Option<string> DType = CommonOptions.DType;

    public static readonly Option<double?> RTol = CommonOptions.RTol;

    public static readonly Option<double?> ATol = CommonOptions.ATol;

    public static readonly Option<bool> NoAutograd = CommonOptions.NoAutograd;

    public static readonly Option<string?> Claim = new("--claim")
    {
        Description = "A hand-written derivative to verify, e.g. --claim \"cos(x^2)\"; several variables: \"d/dx: y; d/dy: x\".",
    };

    public static readonly Option<bool> Stats = CommonOptions.Stats;

    public static readonly Option<bool> Steps = new("--steps")
    {
        Description = "Show the derivation step by step: each rule (sum, product, chain, power, ...), what it applies to and its " +
                      "result, indented along the chain rule's nesting, then the simplification. Every step is checked against " +
                      "finite differences. First derivatives only.",
    };

    public static Command Create()
    {
        Format.AcceptOnlyFromAmong("text", "json", "latex");
        var command = new Command("grad",
            "Differentiate a function, simplify the result, and check its value against PyTorch's autograd and finite differences.\n" +
            "Examples:\n" +
            "  symdiff grad \"x^2+2*x+1\" --at 3\n" +
            "  symdiff grad \"sin(x^2)\" --at 1\n" +
            "  symdiff grad \"x*y + sin(x)\" --at \"x=0.7, y=-1.3\"\n" +
            "  symdiff grad \"x^2*y\" --order 2 --at \"x=1, y=2\"      (Hessian)\n" +
            "  symdiff grad \"sin(x^2)\" --claim \"cos(x^2)\"           (check a hand-written derivative)\n" +
            ExitCodes.Help)
        {
            Expression, At, Wrt, Order, Format, Device, DType, RTol, ATol, NoAutograd, Claim, Stats, Steps,
        };
        command.SetAction(parseResult => GradCommand.Run(new GradSettings(
            parseResult.GetValue(Expression)!,
            parseResult.GetValue(At),
            CommonOptions.WrtOf(parseResult),
            parseResult.GetValue(Order),
            parseResult.GetValue(Format)!,
            parseResult.GetValue(Device)!,
            CommonOptions.DTypeOf(parseResult),
            parseResult.GetValue(RTol),
            parseResult.GetValue(ATol),
            parseResult.GetValue(NoAutograd),
            parseResult.GetValue(Claim),
            parseResult.GetValue(Stats),
            parseResult.GetValue(Steps)), CliConsole.System));
        return command;
    }
}
