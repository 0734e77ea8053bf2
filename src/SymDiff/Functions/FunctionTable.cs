using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics.Tensors;
using SymDiff.Expressions;
using SymDiff.Numbers;
using static SymDiff.Functions.ElementaryFunctions;

namespace SymDiff.Functions;

/// <summary>
/// The one table of elementary functions. Each row gives the name, arity, numeric evaluation, one partial
/// derivative per argument, construction-time identities, LaTeX, the TorchSharp operation, a test domain and,
/// for a non-smooth row, where it is not smooth (the Kink column, the only place that says so).
/// Non-smooth functions follow PyTorch's conventions at their kinks so derivatives agree with autograd.
/// </summary>
/// <example><code>FunctionTable.Lookup("tanh", 1)!.Partials[0]!(factory, [x]); // 1 - tanh(x)^2</code></example>
public static class FunctionTable
{
    private static readonly Interval Wide = new(-3, 3);
    private static readonly Interval Positive = new(0.2, 4);
    private static readonly Interval Unit = new(-0.9, 0.9);

    public static ImmutableArray<FunctionInfo> All { get; } =
    [
        //   name        eval                   partial(s) in the arguments a (and b)                             latex template                        torch op
        Row("pi",    0, (Func<double>)Pi, [], "\\pi", "constant", Wide),
        Row("sin",   1, (Func<double, double>)Math.Sin, [(f, a) => f.Fn("cos", a[0])], "\\sin\\left({0}\\right)", "sin", Wide, Odd("sin", Zero), span: Kernel((x, r) => TensorPrimitives.Sin(x, r), ulps: 1)),
        Row("cos",   1, (Func<double, double>)Math.Cos, [(f, a) => f.Neg(f.Fn("sin", a[0]))], "\\cos\\left({0}\\right)", "cos", Wide, Even("cos", One), span: Kernel((x, r) => TensorPrimitives.Cos(x, r), ulps: 1)),
        Row("tan",   1, (Func<double, double>)Math.Tan, [(f, a) => f.Add(f.One, f.Pow(f.Fn("tan", a[0]), 2))], "\\tan\\left({0}\\right)", "tan", new(-1.2, 1.2), Odd("tan", Zero), span: Kernel((x, r) => TensorPrimitives.Tan(x, r), ulps: 3)),
        Row("sec",   1, (Func<double, double>)Sec, [(f, a) => f.Mul(f.Fn("sec", a[0]), f.Fn("tan", a[0]))], "\\sec\\left({0}\\right)", "reciprocal(cos)", new(-1.2, 1.2), Even("sec", One)),
        Row("csc",   1, (Func<double, double>)Csc, [(f, a) => f.Neg(f.Mul(f.Fn("csc", a[0]), f.Fn("cot", a[0])))], "\\csc\\left({0}\\right)", "reciprocal(sin)", new(0.2, 2.9), Odd("csc", null)),
        Row("cot",   1, (Func<double, double>)Cot, [(f, a) => f.Sub(f.Number(-1), f.Pow(f.Fn("cot", a[0]), 2))], "\\cot\\left({0}\\right)", "reciprocal(tan)", new(0.2, 2.9), Odd("cot", null)),
        Row("asin",  1, (Func<double, double>)Math.Asin, [(f, a) => f.Pow(f.Sub(f.One, f.Pow(a[0], 2)), Rational.Create(-1, 2))], "\\arcsin\\left({0}\\right)", "asin", Unit, Odd("asin", Zero), kink: EndOfDomain("is at an end of its domain [-1, 1]", a => Math.Abs(a[0]) == 1), span: Kernel((x, r) => TensorPrimitives.Asin(x, r))),
        Row("acos",  1, (Func<double, double>)Math.Acos, [(f, a) => f.Neg(f.Pow(f.Sub(f.One, f.Pow(a[0], 2)), Rational.Create(-1, 2)))], "\\arccos\\left({0}\\right)", "acos", Unit, null, kink: EndOfDomain("is at an end of its domain [-1, 1]", a => Math.Abs(a[0]) == 1), span: Kernel((x, r) => TensorPrimitives.Acos(x, r))),
        Row("atan",  1, (Func<double, double>)Math.Atan, [(f, a) => f.Pow(f.Add(f.One, f.Pow(a[0], 2)), -1)], "\\arctan\\left({0}\\right)", "atan", Wide, Odd("atan", Zero), span: Kernel((x, r) => TensorPrimitives.Atan(x, r))),
        Row("atan2", 2, (Func<double, double, double>)Math.Atan2,
            [(f, a) => f.Div(a[1], f.Add(f.Pow(a[0], 2), f.Pow(a[1], 2))), (f, a) => f.Neg(f.Div(a[0], f.Add(f.Pow(a[0], 2), f.Pow(a[1], 2))))],
            "\\operatorname{atan2}\\left({0}, {1}\\right)", "atan2", Positive, null,
            convention: "atan2 has no derivative at (0, 0); PyTorch reports (-0, 0) there, SymDiff reports it as undefined", kink: Atan2Kinks,
            span: Kernel((y, x, r) => TensorPrimitives.Atan2(y, x, r))),
        Row("sinh",  1, (Func<double, double>)Math.Sinh, [(f, a) => f.Fn("cosh", a[0])], "\\sinh\\left({0}\\right)", "sinh", Wide, Odd("sinh", Zero)),
        Row("cosh",  1, (Func<double, double>)Math.Cosh, [(f, a) => f.Fn("sinh", a[0])], "\\cosh\\left({0}\\right)", "cosh", Wide, Even("cosh", One)),
        Row("tanh",  1, (Func<double, double>)Math.Tanh, [(f, a) => f.Sub(f.One, f.Pow(f.Fn("tanh", a[0]), 2))], "\\tanh\\left({0}\\right)", "tanh", Wide, Odd("tanh", Zero),
            span: Kernel((x, r) => { for (var i = 0; i < r.Length; i++) r[i] = Math.Tanh(x[i]); })),
        Row("asinh", 1, (Func<double, double>)Math.Asinh, [(f, a) => f.Pow(f.Add(f.Pow(a[0], 2), f.One), Rational.Create(-1, 2))], "\\operatorname{arsinh}\\left({0}\\right)", "asinh", Wide, Odd("asinh", Zero), span: Kernel((x, r) => TensorPrimitives.Asinh(x, r))),
        Row("acosh", 1, (Func<double, double>)Math.Acosh, [(f, a) => f.Pow(f.Sub(f.Pow(a[0], 2), f.One), Rational.Create(-1, 2))], "\\operatorname{arcosh}\\left({0}\\right)", "acosh", new(1.1, 4), null, kink: EndOfDomain("is at the end of its domain [1, +Infinity)", a => a[0] == 1)),
        Row("atanh", 1, (Func<double, double>)Math.Atanh, [(f, a) => f.Pow(f.Sub(f.One, f.Pow(a[0], 2)), -1)], "\\operatorname{artanh}\\left({0}\\right)", "atanh", Unit, Odd("atanh", Zero), span: Kernel((x, r) => TensorPrimitives.Atanh(x, r))),
        Row("exp",   1, (Func<double, double>)Math.Exp, [(f, a) => f.Fn("exp", a[0])], "e^{{0}}", "exp", Wide, ExpIdentities, span: Kernel((x, r) => TensorPrimitives.Exp(x, r), ulps: 2)),
        Row("log",   1, (Func<double, double>)Math.Log, [(f, a) => f.Pow(a[0], -1)], "\\ln\\left({0}\\right)", "log", Positive, LogIdentities, aliases: ["ln"], span: Kernel((x, r) => TensorPrimitives.Log(x, r), ulps: 3)),
        // log(x, b) is rewritten to log(x)/log(b) at construction, so trees never hold it.
        Row("log",   2, (Func<double, double, double>)LogBase,
            [(f, a) => f.Pow(f.Mul(a[0], f.Fn("log", a[1])), -1), (f, a) => f.Neg(f.Div(f.Fn("log", a[0]), f.Mul(a[1], f.Pow(f.Fn("log", a[1]), 2))))],
            "\\log_{{1}}\\left({0}\\right)", "log(x)/log(b)", new(1.5, 4), (f, a) => f.Div(f.Fn("log", a[0]), f.Fn("log", a[1])), aliases: ["ln"]),
        Row("log2",  1, (Func<double, double>)Math.Log2, [(f, a) => f.Pow(f.Mul(a[0], f.Fn("log", f.Number(2))), -1)], "\\log_{2}\\left({0}\\right)", "log2", Positive, Fold(1, 0)),
        Row("log10", 1, (Func<double, double>)Math.Log10, [(f, a) => f.Pow(f.Mul(a[0], f.Fn("log", f.Number(10))), -1)], "\\log_{10}\\left({0}\\right)", "log10", Positive, Fold(1, 0)),
        Row("log1p", 1, (Func<double, double>)Log1p, [(f, a) => f.Pow(f.Add(a[0], f.One), -1)], "\\ln\\left(1 + {0}\\right)", "log1p", new(-0.8, 4), Fold(0, 0)),
        Row("expm1", 1, (Func<double, double>)Expm1, [(f, a) => f.Fn("exp", a[0])], "\\left(e^{{0}} - 1\\right)", "expm1", Wide, Fold(0, 0)),
        // sqrt(x) is rewritten to x^(1/2) at construction; the power rule then gives 1/(2*sqrt(x)), +inf at 0 as in PyTorch.
        Row("sqrt",  1, (Func<double, double>)Math.Sqrt, [(f, a) => f.Div(f.Number(Rational.Half), f.Sqrt(a[0]))], "\\sqrt{{0}}", "sqrt", Positive,
            (f, a) => f.Sqrt(a[0]), convention: "sqrt'(0) = +inf, as in PyTorch", kink: EndOfDomain("is at the end of its domain, where {0} = 0", a => a[0] == 0),
            span: Kernel((x, r) => TensorPrimitives.Sqrt(x, r))),
        Row("cbrt",  1, (Func<double, double>)Math.Cbrt, [(f, a) => f.Pow(f.Mul(f.Number(3), f.Pow(f.Fn("cbrt", a[0]), 2)), -1)], "\\sqrt[3]{{0}}", "sign*abs^(1/3)", new(0.2, 4), Odd("cbrt", Zero),
            convention: "cbrt'(0) = +inf", kink: OneExpression("has a vertical tangent where {0} = 0", a => a[0] == 0, (f, a) => a[0]),
            span: Kernel((x, r) => TensorPrimitives.Cbrt(x, r))),
        Row("abs",   1, (Func<double, double>)Math.Abs, [(f, a) => f.Fn("sign", a[0])], "\\left|{0}\\right|", "abs", Wide, AbsIdentities,
            convention: "abs'(0) = 0 (derivative sign(x)), as in PyTorch", kink: AtZero("has a kink where {0} = 0", below: (f, a) => f.Neg(a[0]), above: (f, a) => a[0]),
            span: Kernel((x, r) => TensorPrimitives.Abs(x, r))),
        Row("sign",  1, (Func<double, double>)Sign, [(f, a) => f.Zero], "\\operatorname{sgn}\\left({0}\\right)", "sign", Wide, FoldRational(r => r.Sign),
            convention: "sign'(x) = 0 everywhere, including 0, as in PyTorch", kink: AtZero("jumps where {0} = 0", below: (f, a) => f.MinusOne, above: (f, a) => f.One)),
        Row("heaviside", 1, (Func<double, double>)Heaviside, [(f, a) => f.Zero], "H\\left({0}\\right)", "heaviside", Wide, FoldRational(r => r.Sign > 0 ? 1 : 0),
            convention: "heaviside(0) = 0, the derivative relu uses; heaviside' = 0", kink: AtZero("jumps where {0} = 0", below: (f, a) => f.Zero, above: (f, a) => f.One)),
        // pow(a, b) is rewritten to a^b at construction.
        Row("pow",   2, (Func<double, double, double>)Math.Pow,
            [(f, a) => f.Mul(a[1], f.Pow(a[0], f.Sub(a[1], f.One))), (f, a) => f.Mul(f.Pow(a[0], a[1]), f.Fn("log", a[0]))],
            "{{0}}^{{1}}", "pow", Positive, (f, a) => f.Pow(a[0], a[1]), kink: PowerKinks),
        Row("sigmoid", 1, (Func<double, double>)Sigmoid, [(f, a) => f.Mul(f.Fn("sigmoid", a[0]), f.Sub(f.One, f.Fn("sigmoid", a[0])))], "\\sigma\\left({0}\\right)", "sigmoid", Wide, Fold(0, Rational.Half), span: Kernel((x, r) => TensorPrimitives.Sigmoid(x, r), ulps: 4)),
        Row("softplus", 1, (Func<double, double>)Softplus, [(f, a) => f.Fn("sigmoid", a[0])], "\\operatorname{softplus}\\left({0}\\right)", "softplus", Wide, null,
            convention: "above 20 PyTorch's softplus is x itself, so its derivative there is exactly 1",
            approximation: new("PyTorch's softplus (threshold 20) is x itself above 20, so autograd's derivative there is 1, not sigmoid(x)", a => a[0] > 20)),
        Row("relu",  1, (Func<double, double>)Relu, [(f, a) => f.Fn("heaviside", a[0])], "\\operatorname{ReLU}\\left({0}\\right)", "relu", Wide, FoldRational(r => r.Sign > 0 ? r : Rational.Zero),
            convention: "relu'(0) = 0, as in PyTorch", kink: AtZero("has a kink where {0} = 0", below: (f, a) => f.Zero, above: (f, a) => a[0])),
        Row("silu",  1, (Func<double, double>)Silu,
            [(f, a) => f.Add(f.Fn("sigmoid", a[0]), f.Mul(a[0], f.Fn("sigmoid", a[0]), f.Sub(f.One, f.Fn("sigmoid", a[0]))))],
            "\\operatorname{SiLU}\\left({0}\\right)", "silu", Wide, Fold(0, 0)),
        // gelu'(x) = Phi(x) + x*phi(x): (1 + erf(x/sqrt 2))/2 + x*exp(-x^2/2)/sqrt(2*pi), PyTorch's GeluBackward (approximate='none').
        Row("gelu",  1, (Func<double, double>)Gelu,
            [(f, a) => f.Add(f.Mul(f.Number(Rational.Half), f.Add(f.One, f.Fn("erf", f.Div(a[0], f.Sqrt(f.Number(2)))))),
                f.Mul(a[0], f.Pow(f.Mul(f.Number(2), f.Fn("pi")), Rational.Create(-1, 2)), f.Fn("exp", f.Neg(f.Div(f.Pow(a[0], 2), f.Number(2))))))],
            "\\operatorname{GELU}\\left({0}\\right)", "gelu", Wide, Fold(0, 0)),
        // elu'(x) = 1 above 0, e^x at and below it (PyTorch's elu_backward takes the e^x side at 0): exp(min(x, 0)), 1 at 0.
        Row("elu",   1, (Func<double, double>)Elu, [(f, a) => f.Fn("exp", f.Fn("min", a[0], f.Zero))], "\\operatorname{ELU}\\left({0}\\right)", "elu", Wide, Fold(0, 0),
            convention: "elu'(0) = 1 (alpha 1: both sides agree; PyTorch takes the e^x side at 0)",
            kink: AtZero("changes pieces where {0} = 0 (its second derivative jumps)", below: (f, a) => f.Fn("expm1", a[0]), above: (f, a) => a[0])),
        // leaky_relu'(x) = 1 above 0, slope at and below it: PyTorch's leaky_relu_backward keeps x > 0 only, so 0 gets the slope.
        Row("leaky_relu", 1, (Func<double, double>)LeakyRelu,
            [(f, a) => f.Add(f.Number(Rational.Create(1, 100)), f.Mul(f.Number(Rational.Create(99, 100)), f.Fn("heaviside", a[0])))],
            "\\operatorname{LeakyReLU}\\left({0}\\right)", "leaky_relu", Wide, Fold(0, 0),
            convention: "leaky_relu'(0) = 0.01, the slope, as in PyTorch",
            kink: AtZero("has a kink where {0} = 0", below: (f, a) => f.Mul(f.Number(Rational.Create(1, 100)), a[0]), above: (f, a) => a[0])),
        Row("leaky_relu", 2, (Func<double, double, double>)LeakyRelu,
            [(f, a) => f.Add(a[1], f.Mul(f.Sub(f.One, a[1]), f.Fn("heaviside", a[0]))), (f, a) => f.Sub(a[0], f.Fn("relu", a[0]))],
            "\\operatorname{LeakyReLU}_{{1}}\\left({0}\\right)", "where(x > 0, x, slope*x)", Wide, LeakyReluZero,
            convention: "leaky_relu'(0) = slope, as in PyTorch",
            kink: [new() { Phrase = "has a kink where {0} = 0", IsAt = a => a[0] == 0, PlacedBy = [0], Switch = (f, a) => a[0], Below = (f, a) => f.Mul(a[1], a[0]), Above = (f, a) => a[0] }]),
        // mish'(x) = tanh(softplus(x)) + x*sigmoid(x)*(1 - tanh(softplus(x))^2), as ATen's mish_backward.
        Row("mish",  1, (Func<double, double>)Mish,
            [(f, a) => f.Add(f.Fn("tanh", f.Fn("softplus", a[0])),
                f.Mul(a[0], f.Fn("sigmoid", a[0]), f.Sub(f.One, f.Pow(f.Fn("tanh", f.Fn("softplus", a[0])), 2))))],
            "\\operatorname{Mish}\\left({0}\\right)", "mish", Wide, Fold(0, 0)),
        Row("erf",   1, (Func<double, double>)Erf, [(f, a) => Gaussian(f, a[0], 2)], "\\operatorname{erf}\\left({0}\\right)", "erf", Wide, Odd("erf", Zero)),
        Row("erfc",  1, (Func<double, double>)Erfc, [(f, a) => Gaussian(f, a[0], -2)], "\\operatorname{erfc}\\left({0}\\right)", "erfc", Wide, Fold(0, 1)),
        Row("min",   2, (Func<double, double, double>)Min, [(f, a) => TieSplit(f, a[1], a[0]), (f, a) => TieSplit(f, a[0], a[1])],
            "\\min\\left({0}, {1}\\right)", "minimum", Wide, (f, a) => MinMax(f, a, (x, y) => x < y ? x : y),
            convention: "at a tie min(a, b) splits the gradient 1/2 and 1/2, as torch.minimum does", kink: Tie(below: (f, a) => a[0], above: (f, a) => a[1]),
            span: Kernel((x, y, r) => TensorPrimitives.Min(x, y, r))),
        Row("max",   2, (Func<double, double, double>)Max, [(f, a) => TieSplit(f, a[0], a[1]), (f, a) => TieSplit(f, a[1], a[0])],
            "\\max\\left({0}, {1}\\right)", "maximum", Wide, (f, a) => MinMax(f, a, (x, y) => x > y ? x : y),
            convention: "at a tie max(a, b) splits the gradient 1/2 and 1/2, as torch.maximum does", kink: Tie(below: (f, a) => a[1], above: (f, a) => a[0]),
            span: Kernel((x, y, r) => TensorPrimitives.Max(x, y, r))),
    ];

    private static readonly FrozenDictionary<(string, int), FunctionInfo> ByNameAndArity =
        All.SelectMany(r => r.Aliases.Append(r.Name).Select(n => (Key: (n, r.Arity), Row: r)))
           .ToFrozenDictionary(p => p.Key, p => p.Row);

    /// <summary>Every name the parser accepts, aliases included.</summary>
    public static ImmutableSortedSet<string> Names { get; } =
        All.SelectMany(r => r.Aliases.Append(r.Name)).ToImmutableSortedSet(StringComparer.Ordinal);

    public static FunctionInfo? Lookup(string name, int arity) => ByNameAndArity.GetValueOrDefault((name, arity));

    /// <summary>The arities a name accepts (empty when the name is unknown).</summary>
    public static ImmutableArray<int> AritiesOf(string name) =>
        [.. All.Where(r => r.Name == name || r.Aliases.Contains(name)).Select(r => r.Arity).Order()];

    public static bool IsFunctionName(string name) => Names.Contains(name);

    private static FunctionInfo Row(string name, int arity, Delegate eval, PartialRule?[] partials, string latex,
        string torch, Interval domain, CanonicalRule? canonicalize = null, string? convention = null, string[]? aliases = null,
        TorchApproximation? approximation = null, KinkRule[]? kink = null, SpanKernel? span = null) =>
        new()
        {
            Name = name, Arity = arity, Eval = eval, Partials = [.. partials], Latex = latex, TorchName = torch,
            TestDomain = domain, Canonicalize = canonicalize, Convention = convention, Aliases = [.. aliases ?? []],
            Approximation = approximation, Kinks = [.. kink ?? []], SpanEval = span,
        };

    // The SpanEval column. A bound of 0 means bit for bit Eval's (asin, atan, cbrt, ...: TensorPrimitives has no SIMD
    // path for them on .NET 10, and its scalar path calls Math's; sqrt, abs, min, max: IEEE-exact either way). The
    // others are SIMD ports of AMD's AOCL-LibM and differ from Math.* (glibc) by at most the bound, in ulps, measured over
    // 10^6 seeded doubles per range (sin, cos [-10, 10] and [-1e6, 1e6]: 1; tan [-10, 10]: 3; exp [-700, 700]: 2;
    // log (0, 10] and e^[-700, 700]: 3; sigmoid [-700, 700]: 4), with NaN, infinities and zeros where Math gives them
    // (bench/SymDiff.Benchmarks: dotnet run -c Release -- ulps). Left out, measured: tanh (27,540 ulps near 0: it cancels),
    // sinh (250,432 near 0), cosh (hundreds at 710), log2 and log10 (4 ulps, log10(1e300) = 299.99999999999994),
    // TensorPrimitives' ExpM1/LogP1 (exp(x) - 1 and log(1 + x): every digit lost for tiny x).
    // PERF: tanh keeps Math.Tanh, in a loop that calls it directly: the fallback's delegate call per point cost mlp16's
    // gradient (16 tanh a point) about a tenth of its time.
    private static SpanKernel Kernel(UnarySpanKernel kernel, int ulps = 0) => SpanKernel.Unary(kernel, ulps);
    private static SpanKernel Kernel(BinarySpanKernel kernel, int ulps = 0) => SpanKernel.Binary(kernel, ulps);

    // The Kink column's shapes. A switch is 0 exactly on the kink; its sign says which piece the row is.
    // Pieces either side of the argument's 0 (abs, relu, sign, heaviside).
    private static KinkRule[] AtZero(string phrase, BranchRule below, BranchRule above) =>
        [new() { Phrase = phrase, IsAt = a => a[0] == 0, Switch = (f, a) => a[0], Below = below, Above = above }];

    // Pieces either side of a tie, switch a - b (min, max).
    private static KinkRule[] Tie(BranchRule below, BranchRule above) =>
        [new() { Phrase = "is at a tie ({0} = {1})", IsAt = a => a[0] == a[1], Switch = (f, a) => f.Sub(a[0], a[1]), Below = below, Above = above }];

    // One expression on both sides, not smooth on the kink itself (cbrt's vertical tangent).
    private static KinkRule[] OneExpression(string phrase, Func<double[], bool> isAt, BranchRule @switch) =>
        [new() { Phrase = phrase, IsAt = isAt, Switch = @switch }];

    // Where the domain ends: one side only, often with an infinite slope (sqrt at 0, asin at 1).
    private static KinkRule[] EndOfDomain(string phrase, Func<double[], bool> isAt) => [new() { Phrase = phrase, IsAt = isAt, IsDomainEnd = true }];

    // a^b with a = 0 and b not a positive integer: the end of the real domain (PyTorch's rule gives NaN for a < 0).
    private static KinkRule[] PowerKinks =>
        [new() { Phrase = "is at the end of its domain, where {0} = 0", IsAt = a => a[0] == 0 && !(a[1] > 0 && double.IsInteger(a[1])), PlacedBy = [0], IsDomainEnd = true }];

    // atan2(y, x) is discontinuous at the origin, and jumps from -pi to pi across y = 0 where x < 0.
    private static KinkRule[] Atan2Kinks =>
    [
        new() { Phrase = "is at the origin ({0} = {1} = 0), where atan2 is not continuous", IsAt = a => a[0] == 0 && a[1] == 0 },
        new()
        {
            Phrase = "is on its branch cut ({0} = 0, {1} < 0), where it jumps between -pi and pi",
            IsAt = a => a[0] == 0 && a[1] < 0, PlacedBy = [0],
            Convention = "atan2(0, x) = pi for x < 0, as in PyTorch: the value from y > 0",
        },
    ];

    // Properties, not fields: the rows above are built first, and a static field declared below them is still null
    // while they are (sin(0) and cos(0) did not fold).
    private static Rational? Zero => Rational.Zero;
    private static Rational? One => Rational.One;

    // (sign(a - b) + 1)/2: 1 where a wins, 0 where it loses, 1/2 at a tie (PyTorch's maximum/minimum).
    private static Expr TieSplit(ExprFactory f, Expr winner, Expr loser) =>
        f.Div(f.Add(f.Fn("sign", f.Sub(winner, loser)), f.One), f.Number(2));

    // d/da erf(a) = 2/sqrt(pi) * exp(-a^2); erfc is its negative.
    private static Expr Gaussian(ExprFactory f, Expr a, int scale) =>
        f.Mul(f.Number(scale), f.Pow(f.Fn("pi"), Rational.Create(-1, 2)), f.Fn("exp", f.Neg(f.Pow(a, 2))));

    /// <summary>f(-x) = -f(x); f(0) = <paramref name="atZero"/> when given.</summary>
    private static CanonicalRule Odd(string name, Rational? atZero) => (f, a) =>
        a[0] is Num { Value.IsZero: true } && atZero is { } z ? f.Number(z)
        : ExprFactory.TryStripMinus(a[0], f, out var positive) ? f.Neg(f.Fn(name, positive)) : null;

    /// <summary>f(-x) = f(x); f(0) = <paramref name="atZero"/> when given.</summary>
    private static CanonicalRule Even(string name, Rational? atZero) => (f, a) =>
        a[0] is Num { Value.IsZero: true } && atZero is { } z ? f.Number(z)
        : ExprFactory.TryStripMinus(a[0], f, out var positive) ? f.Fn(name, positive) : null;

    private static CanonicalRule Fold(Rational at, Rational value) => (f, a) =>
        a[0] is Num n && n.Value == at ? f.Number(value) : null;

    // leaky_relu(0, slope) = 0.
    private static Expr? LeakyReluZero(ExprFactory f, ImmutableArray<Expr> a) =>
        a[0] is Num { Value.IsZero: true } ? f.Zero : null;

    private static CanonicalRule FoldRational(Func<Rational, Rational> fold) => (f, a) =>
        a[0] is Num n ? f.Number(fold(n.Value)) : null;

    // exp(0) = 1; exp(log(x)) is left alone: it equals x only for x > 0.
    private static Expr? ExpIdentities(ExprFactory f, ImmutableArray<Expr> a) =>
        a[0] is Num { Value.IsZero: true } ? f.One : null;

    // log(1) = 0; log(exp(x)) = x for every real x; log(e) = 1.
    private static Expr? LogIdentities(ExprFactory f, ImmutableArray<Expr> a) => a[0] switch
    {
        Num { Value.IsOne: true } => f.Zero,
        Call { Function.Name: "exp" } inner => inner.Args[0],
        _ => null,
    };

    // abs(c) = |c|; abs(abs(x)) = abs(x); abs(-x) = abs(x).
    private static Expr? AbsIdentities(ExprFactory f, ImmutableArray<Expr> a) => a[0] switch
    {
        Num n => f.Number(n.Value.Abs()),
        Call { Function.Name: "abs" } inner => inner,
        var x when ExprFactory.TryStripMinus(x, f, out var positive) => f.Fn("abs", positive),
        _ => null,
    };

    private static Expr? MinMax(ExprFactory f, ImmutableArray<Expr> a, Func<Rational, Rational, Rational> pick) =>
        a[0] is Num x && a[1] is Num y ? f.Number(pick(x.Value, y.Value))
        : a[0].Equals(a[1]) ? a[0] : null;
}
