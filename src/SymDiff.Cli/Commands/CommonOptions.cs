using System.CommandLine;
using SymDiff.Checking;

namespace SymDiff.Cli.Commands;

/// <summary>
/// The options <c>grad</c> and <c>check</c> share (and <c>plot</c> the autograd ones): what to differentiate, the
/// autograd device and type, the tolerances and <c>--stats</c>. One instance each, added to every command that
/// takes it, so they parse, validate and read the same way. Each description says what the option accepts, in the
/// words its errors use (<see cref="OptionValues"/>).
/// </summary>
/// <example><code>var command = new Command("check") { CommonOptions.Wrt, CommonOptions.Order };
/// command.SetAction(r => CommonOptions.WrtOf(r));</code></example>
public static class CommonOptions
{
    public const int MaxOrder = SymDiff.Checking.CheckOptions.MaxOrder;

    public static readonly Option<string?> Wrt = OptionValues.Text(new Option<string?>("--wrt")
    {
        Description = "Variables to differentiate by: variable names, comma-separated, e.g. x or x,y (default: all, in order of " +
                      "first appearance). A variable the function does not contain: grad gives it a derivative of 0 with a note; " +
                      "check leaves it out of that line with a note.",
        HelpName = "names",
    }, "variable names, comma-separated, e.g. x or x,y",
        text => CheckWrt(text));

    // Empty, or a name given twice: --wrt x,x would print df/dx twice, which no one means (a typo for x,y?), so it is
    // a usage error naming the variable rather than a silent deduplication.
    private static string? CheckWrt(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) return $"--wrt needs variable names, e.g. --wrt x or --wrt x,y, not '{text}'";
        // An empty name between commas (x,,y or x,): a name left out, perhaps the one meant.
        if (text.Split(',', StringSplitOptions.TrimEntries).Any(n => n.Length == 0))
            return $"--wrt has an empty name between commas ('{text}'); give names separated by single commas, e.g. --wrt {string.Join(',', names)}";
        var twice = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? null
            : $"--wrt names '{twice.Key}' more than once ('{text}'); give each variable once, e.g. --wrt {string.Join(',', names.Distinct(StringComparer.Ordinal))}";
    }

    public static readonly Option<string?> Shape = OptionValues.Text(new Option<string?>("--shape")
    {
        Description = "Shapes of vector/matrix variables: \"W=3x2, x=2\" (a 3x2 matrix, a vector of 2; scalar for a number). Variables " +
                      "with a shape and no value get random values (see --seed). In check, a file's shape: lines and a line's bracketed " +
                      "values take precedence. Accepts shapes such as \"W=3x2, x=2\".",
        HelpName = "shapes",
    }, "shapes such as \"W=3x2, x=2\"");

    public static readonly Option<int> Seed = OptionValues.Integer(new Option<int>("--seed")
    {
        Description = "Seed of the random values given to variables that have a shape but no value (default 0: the same values every run): " +
                      "an integer from 0 to 2147483647.",
        DefaultValueFactory = _ => 0,
    }, 0, int.MaxValue, "an integer from 0 to 2147483647");

    public static readonly Option<int> Order = OptionValues.Integer(new Option<int>("--order")
    {
        Description = $"Order of the derivative: an integer from 1 to {MaxOrder}. 1 the gradient, 2 the Hessian (with several " +
                      "variables), n the n-th derivative.",
        DefaultValueFactory = _ => 1,
    }, 1, MaxOrder);

    public static readonly Option<string> Device = OptionValues.OneOf(new Option<string>("--device")
    {
        Description = "Autograd device: auto, cpu or cuda. auto uses CUDA when available, else the CPU.",
        DefaultValueFactory = _ => "auto",
    }, "auto", "cpu", "cuda");

    public static readonly Option<string> DType = OptionValues.OneOf(new Option<string>("--dtype")
    {
        Description = "Autograd floating-point type: float64 or float32.",
        DefaultValueFactory = _ => "float64",
    }, "float64", "float32");

    public static readonly Option<double?> RTol = OptionValues.Tolerance(new Option<double?>("--rtol")
    {
        Description = "Relative tolerance: a number >= 0 such as 1e-9 (default 1e-9 for float64, 1e-4 for float32).",
    });

    public static readonly Option<double?> ATol = OptionValues.Tolerance(new Option<double?>("--atol")
    {
        Description = "Absolute tolerance: a number >= 0 such as 1e-9 (default 1e-12 for float64, 1e-6 for float32).",
    });

    public static readonly Option<bool> NoAutograd = OptionValues.Switch(new Option<bool>("--no-autograd")
    {
        Description = "Symbolic values and finite differences only; libtorch is not loaded.",
    });

    public static readonly Option<bool> Stats = OptionValues.Switch(new Option<bool>("--stats")
    {
        Description = "Show time per stage and node counts: parse, differentiate, simplify, lower (the expressions made into " +
                      "evaluation programs, once per case), evaluate and autograd (per point). The first case of a run includes " +
                      "start-up (JIT) time; check --stats checks cases one at a time so stages are not timed while others run.",
    });

    /// <summary>The --wrt list, or null for every variable.</summary>
    public static IReadOnlyList<string>? WrtOf(ParseResult r) =>
        r.GetValue(Wrt) is { } wrt ? [.. wrt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null;

    public static NumericType DTypeOf(ParseResult r) => r.GetValue(DType) == "float32" ? NumericType.Float32 : NumericType.Float64;

    /// <summary>The tolerance: --rtol and --atol over the defaults of the type.</summary>
    public static Tolerance ToleranceOf(NumericType type, double? rtol, double? atol)
    {
        var defaults = Tolerance.For(type);
        return new Tolerance(rtol ?? defaults.Relative, atol ?? defaults.Absolute);
    }
}
