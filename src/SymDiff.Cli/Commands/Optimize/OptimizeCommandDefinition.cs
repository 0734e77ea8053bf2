using System.CommandLine;
using System.Globalization;
using SymDiff.Optimization;

namespace SymDiff.Cli.Commands.Optimize;

/// <summary>The options of <c>symdiff optimize</c> and how they are wired to <see cref="OptimizeCommand"/>.</summary>
public static class OptimizeCommandDefinition
{
    public static readonly Argument<string> Expression = Grad.GradCommandDefinition.ExpressionArgument(
        "a scalar function to minimise, e.g. \"(1 - x)^2 + 100*(y - x^2)^2\" (- reads it from standard input)",
        "The function to minimise: a scalar expression, e.g. \"(1 - x)^2 + 100*(y - x^2)^2\" or \"sum((W@x - y)^2)\" (- reads it from standard input).");

    private static readonly string MethodNames = OptionValues.Either([.. OptimizerMethod.All.Select(m => m.Name)]);

    // Read as text (any case, with a "did you mean"), completed from the closed list of names.
    public static readonly Option<string?> Method = OptionValues.CompletedFrom(OptionValues.Text(new Option<string?>("--method")
    {
        Description = $"The optimizer, as torch.optim implements it: {MethodNames} (default adam).",
        HelpName = "name",
    }, MethodNames, CheckMethod), OptimizerMethod.All.Select(m => m.Name));

    // A misspelt method gets the nearest name and the list, at parse time like any bad option value.
    private static string? CheckMethod(string text)
    {
        if (OptimizerMethod.Parse(text) is not null) return null;
        return OptimizerMethod.Suggest(text) is { } meant
            ? $"--method: unknown method '{text}'; did you mean '{meant}'? The methods are {MethodNames}"
            : $"--method: unknown method '{text}'; the methods are {MethodNames}";
    }

    public static readonly Option<string?> From = OptionValues.Text(new Option<string?>("--from")
    {
        Description = "The start point: a value for every optimised variable, a point such as \"x=-1.5, y=2\" (3 for one variable), " +
                      "or \"W=[[1, 2], [3, 4]], b=[0, 0]\". A variable with a --shape and no value starts at seeded random values.",
        HelpName = "point",
    }, "a point such as \"x=-1.5, y=2\"");

    public static readonly Option<string?> At = OptionValues.Text(new Option<string?>("--at")
    {
        Description = "Data: the variables that are not optimised, fixed for the whole run: values such as \"a=1, X=[[1, 2], [3, 4]]\" " +
                      "(scalars, [1, 2] vectors, nested brackets for matrices). Without --wrt every variable not given here is optimised.",
        HelpName = "point",
    }, "values such as \"a=1, X=[[1, 2], [3, 4]]\"");

    public static readonly Option<string?> Wrt = OptionValues.Text(new Option<string?>("--wrt")
    {
        Description = "The variables to optimise: variable names, comma-separated, e.g. x or x,y (default: every variable not fixed by --at).",
        HelpName = "names",
    }, "variable names, comma-separated, e.g. x or x,y");

    public static readonly Option<int> Steps = OptionValues.Integer(new Option<int>("--steps")
    {
        Description = "Updates to take: an integer from 1 to 10000000.",
        DefaultValueFactory = _ => 100,
        HelpName = "N",
    }, 1, 10_000_000);

    public static readonly Option<double?> Lr = Hyper("--lr", "learning rate γ");
    public static readonly Option<double?> Momentum = Hyper("--momentum", "momentum factor μ (momentum, nesterov, rmsprop)", "0.9");
    public static readonly Option<double?> Beta1 = Hyper("--beta1", "first-moment decay β₁, betas[0] (adam, adamw)", "0.9");
    public static readonly Option<double?> Beta2 = Hyper("--beta2", "second-moment decay β₂, betas[1] (adam, adamw)", "0.999");
    public static readonly Option<double?> Eps = Hyper("--eps", "ε added to the denominator (rmsprop, adagrad, adam, adamw)", "1e-8");
    public static readonly Option<double?> Alpha = Hyper("--alpha", "smoothing constant α (rmsprop)", "0.99");
    public static readonly Option<double?> WeightDecay = Hyper("--weight-decay", "weight decay λ: L2 added to the gradient, decoupled for adamw", "1e-2");

    /// <summary>Each hyper-parameter option with the torch.optim name it sets.</summary>
    internal static readonly (Option<double?> Option, string Name)[] Hyperparameters =
    [
        (Lr, "lr"), (Momentum, "momentum"), (Beta1, "beta1"), (Beta2, "beta2"), (Eps, "eps"), (Alpha, "alpha"), (WeightDecay, "weight_decay"),
    ];

    public static readonly Option<double?> Tol = OptionValues.Tolerance(new Option<double?>("--tol")
    {
        Description = "Stop early once |∇f| (the 2-norm of the whole gradient) is at most this: a number >= 0 such as 1e-9.",
    });

    public static readonly Option<int?> Every = OptionValues.Integer(new Option<int?>("--every")
    {
        Description = "Show every k-th step: an integer from 1 to 10000000 (default: about 15 rows of text; every step in json and csv).",
        HelpName = "k",
    }, 1, 10_000_000);

    public static readonly Option<string> Format = OptionValues.OneOf(new Option<string>("--format")
    {
        Description = "Output: text, json or csv. text is a table of every k-th step, json every step with nested arrays for tensors, csv one row per step.",
        DefaultValueFactory = _ => "text",
    }, "text", "json", "csv");

    public static readonly Option<bool> Check = OptionValues.Switch(new Option<bool>("--check")
    {
        Description = "Run TorchSharp's torch.optim optimizer of the same name too (autograd gradients of the function as written, " +
                      "float64) and report the largest deviation of the two trajectories: PASS at rounding level, else FAIL and the step where they part.",
    });

    private static Option<double?> Hyper(string name, string what, string example = "0.01 or 1e-3")
    {
        var option = new Option<double?>(name) { Description = $"The {what}: a number such as {example} (default: torch's for the method)." };
        OptionValues.Accepts(option, $"a number such as {example}");
        option.CustomParser = r =>
        {
            if (r.Tokens.Count != 1) { r.AddError(OptionValues.Missing(name, option)); return null; }
            var token = r.Tokens[0].Value;
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
            r.AddError($"{name} must be a number such as {example}, not '{token}'");
            return null;
        };
        option.HelpName = "number";
        return option;
    }

    /// <summary>The update rules, one line each, for --help.</summary>
    private static string Rules() => string.Join("\n", OptimizerMethod.All.Select(m =>
        $"  {m.Name,-9} {m.Rule}\n            defaults: {m.Defaults}"));

    public static Command Create(CliConsole console)
    {
        var command = new Command("optimize",
            "Minimise a function with torch.optim's update rules, using SymDiff's compiled symbolic gradient, and print the trajectory. " +
            "--check runs TorchSharp's torch.optim on the function as written and compares the two runs step by step.\n" +
            "Update rules (g the gradient at θ, t the step; hyper-parameters as torch.optim names them):\n" + Rules() + "\n" +
            "Examples:\n" +
            "  symdiff optimize \"(1 - x)^2 + 100*(y - x^2)^2\" --from \"x=-1.5, y=2\" --method adam --lr 0.01 --steps 2000\n" +
            "  symdiff optimize \"x^2 + 3*y^2\" --from \"x=1, y=1\" --method nesterov --lr 0.05 --tol 1e-8 --steps 10000\n" +
            "  symdiff optimize \"sum((W@x - y)^2)\" --at \"x=[1, -2], y=[0.5, 1, -1]\" --from \"W=[[0, 0], [0, 0], [0, 0]]\" --method sgd --lr 0.05 --check\n" +
            "  symdiff optimize \"norm(B@A - T)^2\" --shape \"B=8x2, A=2x8, T=8x8\" --wrt B,A --method adamw --steps 500 --format csv\n" +
            "Exit codes: 0 done (a run that diverges is reported, not an error), 1 --check found the trajectories apart, 2 bad input or usage, 3 device unavailable.")
        {
            Expression, From, Method, Steps, Lr, Momentum, Beta1, Beta2, Eps, Alpha, WeightDecay, At, Wrt, CommonOptions.Shape, CommonOptions.Seed,
            Tol, Every, Format, Check, CommonOptions.NoAutograd, CommonOptions.Device,
        };
        command.SetAction(parseResult => OptimizeCommand.Run(new OptimizeSettings(
            parseResult.GetValue(Expression)!,
            parseResult.GetValue(From),
            parseResult.GetValue(Method) ?? "adam",
            parseResult.GetValue(Steps),
            Hyperparameters.Where(h => parseResult.GetValue(h.Option) is not null)
                .ToDictionary(h => h.Name, h => parseResult.GetValue(h.Option)!.Value, StringComparer.Ordinal),
            parseResult.GetValue(At),
            parseResult.GetValue(Wrt) is { } wrt ? [.. wrt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null,
            parseResult.GetValue(CommonOptions.Shape),
            parseResult.GetValue(CommonOptions.Seed),
            parseResult.GetValue(Tol),
            parseResult.GetValue(Every),
            parseResult.GetValue(Format)!,
            parseResult.GetValue(Check),
            parseResult.GetValue(CommonOptions.NoAutograd),
            parseResult.GetValue(CommonOptions.Device)!), console));
        return command;
    }
}
