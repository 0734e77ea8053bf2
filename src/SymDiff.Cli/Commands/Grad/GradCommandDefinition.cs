using System.CommandLine;
using System.CommandLine.Parsing;
using SymDiff.Checking;

namespace SymDiff.Cli.Commands.Grad;

/// <summary>The options of <c>symdiff grad</c> and how they are wired to <see cref="GradCommand"/>.</summary>
public static class GradCommandDefinition
{
    public static readonly Argument<string> Expression = ExpressionArgument(
        "an expression to differentiate, e.g. \"x^2+2*x+1\" (- reads it from standard input)",
        "The function: an expression to differentiate, e.g. \"x^2+2*x+1\", \"sin(x^2)\", \"v1*tanh(w1*x+b1)\" (- reads it from standard input).");

    public static readonly Option<string?> At = OptionValues.Text(new Option<string?>("--at")
    {
        Description = "Where to check: a point such as 3 or \"x=1, y=2\", with a value for every variable; values may be constant " +
                      "expressions (x=pi/4). Several points: \"x=1; x=2\". Without --at only the derivative is printed.",
        HelpName = "point",
    }, "a point such as 3 or \"x=1, y=2\"");

    public static readonly Option<string?> Wrt = CommonOptions.Wrt;

    public static readonly Option<int> Order = CommonOptions.Order;

    public static readonly Option<string> Format = OptionValues.OneOf(new Option<string>("--format")
    {
        Description = "Output: text, json or latex. text is for people, json a stable schema for scripts.",
        DefaultValueFactory = _ => "text",
    }, "text", "json", "latex");

    public static readonly Option<string> Device = CommonOptions.Device;

    public static readonly Option<string> DType = CommonOptions.DType;

    public static readonly Option<double?> RTol = CommonOptions.RTol;

    public static readonly Option<double?> ATol = CommonOptions.ATol;

    public static readonly Option<bool> NoAutograd = CommonOptions.NoAutograd;

    public static readonly Option<string?> Claim = OptionValues.Text(new Option<string?>("--claim")
    {
        Description = "A hand-written derivative to verify: an expression such as \"cos(x^2)\", or \"d/dx: y; d/dy: x\" for several variables; " +
                      "second derivatives as \"d2/dx2: 2*y; d2/dxdy: 2*x\".",
        HelpName = "derivative",
    }, "an expression such as \"cos(x^2)\", or \"d/dx: y; d/dy: x\" for several variables");

    public static readonly Option<bool> Stats = CommonOptions.Stats;

    public static readonly Option<bool> Steps = OptionValues.Switch(new Option<bool>("--steps")
    {
        Description = "Show the derivation step by step: each rule (sum, product, chain, power, ...), what it applies to and its " +
                      "result, indented along the chain rule's nesting, then the simplification. Every step is checked against " +
                      "finite differences. With --order N each order is derived from the simplified order below it (d2f/dxdy is " +
                      "d/dy of df/dx), up to N.",
    });

    public static readonly Option<bool> NoWhere = OptionValues.Switch(new Option<bool>("--no-where")
    {
        Description = "Print every derivative in full. By default a sizeable subterm repeated across the derivatives is shown " +
                      "once, under them (\"where s = sigmoid(w*x + b)\"); a --claim must be written in full either way. " +
                      "json keeps the full forms in \"derivatives\" and adds \"where\" and \"shown\".",
    });

    /// <summary>
    /// The expression argument of <c>grad</c> and <c>plot</c>: <c>--name</c> in its place is an unknown option, not
    /// an expression (<c>grad --bogus</c>).
    /// </summary>
    internal static Argument<string> ExpressionArgument(string accepts, string description)
    {
        var argument = OptionValues.Accepts(new Argument<string>("expression") { Description = description }, accepts);
        argument.Validators.Add(r =>
        {
            if (r.Tokens is [{ Value: var token }] && UsageErrors.LooksLikeLongOption(token) && r.Parent is CommandResult c)
                r.AddError(UsageErrors.UnknownOption(token, c.Command));
        });
        return argument;
    }

    public static Command Create(CliConsole console)
    {
        var command = new Command("grad",
            "Differentiate a function, simplify the result, and check its value against PyTorch's autograd and finite differences.\n" +
            "Examples:\n" +
            "  symdiff grad \"x^2+2*x+1\" --at 3\n" +
            "  symdiff grad \"sin(x^2)\" --at 1\n" +
            "  symdiff grad \"x*y + sin(x)\" --at \"x=0.7, y=-1.3\"\n" +
            "  symdiff grad \"x^2*y\" --order 2 --at \"x=1, y=2\"      (Hessian)\n" +
            "  symdiff grad \"sin(x^2)\" --claim \"cos(x^2)\"           (check a hand-written derivative)\n" +
            "  symdiff grad \"sum((W@x + b - y)^2)\" --shape \"W=3x2, x=2, b=3, y=3\"   (vectors and matrices)\n" +
            "  symdiff grad \"0.5*x@A@x\" --at \"x=[1, -1], A=[[2, 1], [0, 3]]\"\n" +
            ExitCodes.Help)
        {
            Expression, At, Wrt, Order, Format, Device, DType, RTol, ATol, NoAutograd, Claim, Stats, Steps, NoWhere, CommonOptions.Shape, CommonOptions.Seed,
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
            parseResult.GetValue(Steps)) { Shape = parseResult.GetValue(CommonOptions.Shape), Seed = parseResult.GetValue(CommonOptions.Seed), NoWhere = parseResult.GetValue(NoWhere) }, console));
        return command;
    }
}
