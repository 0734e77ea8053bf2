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

    public static readonly Option<string?> Wrt = new("--wrt")
    {
        Description = "Variables to differentiate by, comma-separated (default: all, in order of first appearance).",
    };

    public static readonly Option<int> Order = new("--order")
    {
        Description = "Order of the derivative: 1 gradient, 2 Hessian (with several variables), n n-th derivative.",
        DefaultValueFactory = _ => 1,
    };

    public static readonly Option<string> Format = new("--format")
    {
        Description = "Output: text (default), json (a stable schema for scripts) or latex.",
        DefaultValueFactory = _ => "text",
    };

    public static readonly Option<string> Device = new("--device")
    {
        Description = "Autograd device: auto (CUDA when available, else CPU), cpu or cuda.",
        DefaultValueFactory = _ => "auto",
    };

    public static readonly Option<string> DType = new("--dtype")
    {
        Description = "Autograd floating-point type: float64 (default) or float32.",
        DefaultValueFactory = _ => "float64",
    };

    public static readonly Option<double?> RTol = new("--rtol")
    {
        Description = "Relative tolerance (default 1e-9 for float64, 1e-4 for float32).",
    };

    public static readonly Option<double?> ATol = new("--atol")
    {
        Description = "Absolute tolerance (default 1e-12 for float64, 1e-6 for float32).",
    };

    public static readonly Option<bool> NoAutograd = new("--no-autograd")
    {
        Description = "Symbolic values and finite differences only; libtorch is not loaded.",
    };

    public static readonly Option<string?> Claim = new("--claim")
    {
        Description = "A hand-written derivative to verify, e.g. --claim \"cos(x^2)\"; several variables: \"d/dx: y; d/dy: x\".",
    };

    public static readonly Option<bool> Stats = new("--stats")
    {
        Description = "Show time per stage (parse, differentiate, simplify, compile, evaluate, autograd) and node counts.",
    };

    public static Command Create()
    {
        Format.AcceptOnlyFromAmong("text", "json", "latex");
        Device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        DType.AcceptOnlyFromAmong("float64", "float32");
        Order.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10) r.AddError("--order must be between 1 and 10.");
        });
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
            Expression, At, Wrt, Order, Format, Device, DType, RTol, ATol, NoAutograd, Claim, Stats,
        };
        command.SetAction(parseResult => GradCommand.Run(new GradSettings(
            parseResult.GetValue(Expression)!,
            parseResult.GetValue(At),
            parseResult.GetValue(Wrt) is { } wrt ? [.. wrt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null,
            parseResult.GetValue(Order),
            parseResult.GetValue(Format)!,
            parseResult.GetValue(Device)!,
            parseResult.GetValue(DType) == "float32" ? NumericType.Float32 : NumericType.Float64,
            parseResult.GetValue(RTol),
            parseResult.GetValue(ATol),
            parseResult.GetValue(NoAutograd),
            parseResult.GetValue(Claim),
            parseResult.GetValue(Stats)), CliConsole.System));
        return command;
    }
}
