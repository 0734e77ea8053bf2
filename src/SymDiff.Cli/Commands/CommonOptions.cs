using System.CommandLine;
using SymDiff.Checking;

namespace SymDiff.Cli.Commands;

/// <summary>
/// The options <c>grad</c> and <c>check</c> share: what to differentiate, the autograd device and type, the
/// tolerances and <c>--stats</c>. One instance each, added to both commands, so they parse and read the same way.
/// </summary>
/// <example><code>var command = new Command("check") { CommonOptions.Wrt, CommonOptions.Order };
/// command.SetAction(r => CommonOptions.CheckOptions(r));</code></example>
public static class CommonOptions
{
    public static readonly Option<string?> Wrt = new("--wrt")
    {
        Description = "Variables to differentiate by, comma-separated (default: all, in order of first appearance).",
    };

    public static readonly Option<int> Order = new("--order")
    {
        Description = "Order of the derivative: 1 gradient, 2 Hessian (with several variables), n n-th derivative.",
        DefaultValueFactory = _ => 1,
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

    public static readonly Option<bool> Stats = new("--stats")
    {
        Description = "Show time per stage (parse, differentiate, simplify, compile, evaluate, autograd) and node counts.",
    };

    static CommonOptions()
    {
        Device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        DType.AcceptOnlyFromAmong("float64", "float32");
        Order.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10) r.AddError("--order must be between 1 and 10.");
        });
    }

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
