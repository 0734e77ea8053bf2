using System.Collections.Frozen;
using SymDiff.Numbers;
using static SymDiff.Numbers.DoubleDouble;

namespace SymDiff.Functions;

/// <summary>
/// The double-double implementation of every row of the <see cref="FunctionTable"/>, keyed by the row's name and
/// arity: the high-precision reference that decides which of two disagreeing double values is right.
/// </summary>
/// <remarks>
/// Values follow the rows' conventions exactly as <see cref="ElementaryFunctions"/> does (NaN in gives NaN out,
/// sign(0) = 0, heaviside(0) = 0, relu(0) = 0, elu and leaky_relu taking their lower piece at 0, gelu as x/2 * erfc(-x/sqrt 2), max/min of NaN is NaN, sec, csc and cot as reciprocals, log(x, b) as
/// log x / log b, cbrt real and odd), with one deliberate exception: softplus is the true log(1 + e^x) everywhere,
/// not PyTorch's threshold approximation (x itself above 20), because the reference is the mathematics. A row this
/// table does not know does not resolve; <see cref="Evaluate"/> throws for it, so check <see cref="Resolves"/>.
/// </remarks>
/// <example><code>var sin = FunctionTable.Lookup("sin", 1)!;
/// DoubleDouble y = PreciseFunctions.Evaluate(sin, [DoubleDouble.Parse("0.5")]); // 0.4794255386042030002732879352156</code></example>
public static class PreciseFunctions
{
    private delegate DoubleDouble Implementation(ReadOnlySpan<DoubleDouble> a);

    private static readonly FrozenDictionary<(string Name, int Arity), Implementation> Rows =
        new Dictionary<(string, int), Implementation>
        {
            [("pi", 0)] = _ => Pi,
            [("sin", 1)] = a => Sin(a[0]),
            [("cos", 1)] = a => Cos(a[0]),
            [("tan", 1)] = a => Tan(a[0]),
            [("sec", 1)] = a => One / Cos(a[0]),
            [("csc", 1)] = a => One / Sin(a[0]),
            [("cot", 1)] = a => Cos(a[0]) / Sin(a[0]),
            [("asin", 1)] = a => Asin(a[0]),
            [("acos", 1)] = a => Acos(a[0]),
            [("atan", 1)] = a => Atan(a[0]),
            [("atan2", 2)] = a => Atan2(a[0], a[1]),
            [("sinh", 1)] = a => Sinh(a[0]),
            [("cosh", 1)] = a => Cosh(a[0]),
            [("tanh", 1)] = a => Tanh(a[0]),
            [("asinh", 1)] = a => Asinh(a[0]),
            [("acosh", 1)] = a => Acosh(a[0]),
            [("atanh", 1)] = a => Atanh(a[0]),
            [("exp", 1)] = a => Exp(a[0]),
            [("log", 1)] = a => Log(a[0]),
            [("log", 2)] = a => a[1].IsZero ? DoubleDouble.NaN : Log(a[0]) / Log(a[1]), // as ElementaryFunctions.LogBase
            [("log2", 1)] = a => Log2(a[0]),
            [("log10", 1)] = a => Log10(a[0]),
            [("log1p", 1)] = a => Log1p(a[0]),
            [("expm1", 1)] = a => Expm1(a[0]),
            [("sqrt", 1)] = a => Sqrt(a[0]),
            [("cbrt", 1)] = a => Cbrt(a[0]),
            [("abs", 1)] = a => Abs(a[0]),
            [("sign", 1)] = a => Sign(a[0]),
            [("heaviside", 1)] = a => Heaviside(a[0]),
            [("pow", 2)] = a => Pow(a[0], a[1]),
            [("sigmoid", 1)] = a => Sigmoid(a[0]),
            [("softplus", 1)] = a => Softplus(a[0]),
            [("relu", 1)] = a => Relu(a[0]),
            [("silu", 1)] = a => a[0] * Sigmoid(a[0]),
            [("gelu", 1)] = a => a[0].IsNaN ? a[0] : a[0] * Erfc(-a[0] / Sqrt(new DoubleDouble(2))) * 0.5,
            [("elu", 1)] = a => a[0].IsNaN ? a[0] : a[0].Hi > 0 ? a[0] : Expm1(a[0]),
            [("leaky_relu", 1)] = a => LeakyRelu(a[0], new DoubleDouble(0.01)),
            [("leaky_relu", 2)] = a => LeakyRelu(a[0], a[1]),
            [("mish", 1)] = a => a[0] * Tanh(Softplus(a[0])),
            [("erf", 1)] = a => Erf(a[0]),
            [("erfc", 1)] = a => Erfc(a[0]),
            [("min", 2)] = a => Min(a[0], a[1]),
            [("max", 2)] = a => Max(a[0], a[1]),
        }.ToFrozenDictionary();

    // PERF: the table's own rows by reference, so a call does not hash the row's name.
    private static readonly FrozenDictionary<FunctionInfo, Implementation> TableRows =
        FunctionTable.All.Where(r => Rows.ContainsKey((r.Name, r.Arity)))
            .ToFrozenDictionary(r => r, r => Rows[(r.Name, r.Arity)]); // FunctionInfo compares by reference

    /// <summary>True when <paramref name="row"/> has a double-double implementation of its arity.</summary>
    public static bool Resolves(FunctionInfo row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Rows.ContainsKey((row.Name, row.Arity));
    }

    /// <summary>The row's function at <paramref name="args"/> (one value per argument, in row order).</summary>
    /// <exception cref="NotSupportedException">The row has no double-double implementation (see <see cref="Resolves"/>).</exception>
    /// <exception cref="ArgumentException">The number of arguments is not the row's arity.</exception>
    public static DoubleDouble Evaluate(FunctionInfo row, ReadOnlySpan<DoubleDouble> args)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!TableRows.TryGetValue(row, out var implementation) && !Rows.TryGetValue((row.Name, row.Arity), out implementation))
            throw new NotSupportedException($"No double-double implementation for {row}.");
        if (args.Length != row.Arity)
            throw new ArgumentException($"{row} takes {row.Arity} argument(s), got {args.Length}.", nameof(args));
        return implementation(args);
    }

    // sign(0) = 0 (for -0 too), NaN stays NaN: ElementaryFunctions.Sign.
    private static DoubleDouble Sign(DoubleDouble x) => x.IsNaN ? x : x.Hi > 0 ? One : x.Hi < 0 ? -One : Zero;

    // heaviside(0) = 0: ElementaryFunctions.Heaviside.
    private static DoubleDouble Heaviside(DoubleDouble x) => x.IsNaN ? x : x.Hi > 0 ? One : Zero;

    // relu(x) = x > 0 ? x : 0 (+0 for -0): ElementaryFunctions.Relu.
    private static DoubleDouble Relu(DoubleDouble x) => x.IsNaN ? x : x.Hi > 0 ? x : Zero;

    // leaky_relu(x, slope) = x > 0 ? x : slope*x: ElementaryFunctions.LeakyRelu. The default slope is the double 0.01,
    // the value PyTorch multiplies by, not the decimal 1/100.
    private static DoubleDouble LeakyRelu(DoubleDouble x, DoubleDouble slope) => x.IsNaN ? x : x.Hi > 0 ? x : slope * x;

    // 1/(1 + e^-x) for x >= 0 and e^x/(1 + e^x) below, so neither overflows nor loses the tail.
    private static DoubleDouble Sigmoid(DoubleDouble x)
    {
        if (x.IsNaN) return x;
        if (x.Hi >= 0) return One / (Exp(-x) + 1.0);
        var e = Exp(x);
        return e / (e + 1.0);
    }

    // The true log(1 + e^x) = max(x, 0) + log1p(e^-|x|), with no threshold.
    private static DoubleDouble Softplus(DoubleDouble x)
    {
        if (x.IsNaN) return x;
        return x.Hi > 0 ? x + Log1p(Exp(-x)) : Log1p(Exp(x));
    }
}
