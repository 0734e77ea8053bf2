using System.Collections.Immutable;
using SymDiff.Functions;

namespace SymDiff.Expressions;

/// <summary>
/// What a node knows about itself as a real constant, computed once at construction from its children's facts:
/// an approximate value, its sign, and whether the constant is undefined. Judged in double precision, as PyTorch's
/// float64 would, except that numbers, products and powers carry their sign exactly (10^-400 is not 0).
/// </summary>
/// <remarks>
/// The real-valued rule, everywhere (PyTorch's): 0^negative is undefined, a negative base with a non-integer
/// exponent is undefined (so (-8)^(1/3) is, as x^(1/3) is at x = -8), a function at a constant argument outside its
/// real domain is undefined (NaN, or a pole such as log(0)), and anything built from an undefined constant is
/// undefined. Overflow is not undefined: exp(1000) is a huge defined number whose double is +inf, and a value that
/// cannot be judged because an argument overflowed (sin(10^400), exp(1000) - exp(999)) counts as defined.
/// <see cref="Sign"/> is null where it is unknown (a NaN from overflow), and then nothing is judged from it.
/// </remarks>
internal readonly record struct ConstantFacts(double Value, int? Sign, bool Undefined)
{
    /// <summary>The facts of a node that depends on a variable: none.</summary>
    public static ConstantFacts Variable { get; } = new(double.NaN, null, false);

    public static ConstantFacts OfNumber(Numbers.Rational value) => new(value.ToDouble(), value.Sign, false);

    public static ConstantFacts OfSum(ImmutableArray<Expr> terms)
    {
        var value = 0.0;
        foreach (var t in terms)
        {
            if (!t.IsConstant) return Variable;
            if (t.Facts.Undefined) return Undefined_;
            value += t.Facts.Value;
        }
        return new(value, ApproximateSign(value), false);
    }

    public static ConstantFacts OfProduct(ImmutableArray<Expr> factors)
    {
        var value = 1.0;
        int? sign = 1;
        foreach (var f in factors)
        {
            if (!f.IsConstant) return Variable;
            if (f.Facts.Undefined) return Undefined_;
            value *= f.Facts.Value;
            sign *= f.Facts.Sign;
        }
        return new(value, sign, false);
    }

    public static ConstantFacts OfPower(Expr @base, Expr exponent)
    {
        if (!@base.IsConstant || !exponent.IsConstant) return Variable;
        if (@base.Facts.Undefined || exponent.Facts.Undefined) return Undefined_;
        var (b, e) = (@base.Facts, exponent.Facts);
        // The exponent's sign and integrality: exact for numbers, in double otherwise (as PyTorch decides them).
        int? eSign = exponent is Num n ? n.Value.Sign : e.Sign;
        bool? eInteger = exponent is Num m ? m.Value.IsInteger
            : double.IsNaN(e.Value) ? null : double.IsFinite(e.Value) && Math.Round(e.Value) == e.Value;
        if (b.Sign == 0 && eSign < 0) return Undefined_;          // 0^-n
        if (b.Sign < 0 && eInteger == false) return Undefined_;  // (-8)^(1/3)
        var value = Math.Pow(b.Value, e.Value);
        int? sign = b.Sign switch
        {
            > 0 => 1,
            0 => eSign is { } s ? (s == 0 ? 1 : 0) : null,
            < 0 when exponent is Num k => k.Value.Numerator.IsEven ? 1 : -1,
            _ => ApproximateSign(value),
        };
        return new(value, sign, false);
    }

    public static ConstantFacts OfCall(FunctionInfo function, ImmutableArray<Expr> args)
    {
        Span<double> values = stackalloc double[args.Length];
        var finite = true;
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].IsConstant) return Variable;
            if (args[i].Facts.Undefined) return Undefined_;
            values[i] = args[i].Facts.Value;
            finite &= double.IsFinite(values[i]);
        }
        var value = function.Evaluate(values);
        // An argument that overflowed (sin(10^400)) says nothing about the function's domain.
        if (!finite) return new(value, ApproximateSign(value), false);
        if (double.IsNaN(value) || (double.IsInfinity(value) && IsPole(function, values))) return Undefined_;
        return new(value, ApproximateSign(value), false);
    }

    // An infinite value at finite arguments is a pole (log(0), atanh(1), cot(0)) when the function is finite, and not
    // near overflow, just beside the arguments; exp(1000) overflows on both sides.
    private static bool IsPole(FunctionInfo function, Span<double> args)
    {
        Span<double> near = stackalloc double[args.Length];
        foreach (var direction in Directions)
        {
            for (var i = 0; i < args.Length; i++) near[i] = args[i] + direction * Math.Max(Math.Abs(args[i]), 1) * NearStep;
            var beside = function.Evaluate(near);
            if (double.IsFinite(beside) && Math.Abs(beside) < 1e300) return true;
        }
        return false;
    }

    private static readonly double[] Directions = [1, -1];
    private const double NearStep = 1.0 / (1L << 40);

    private static int? ApproximateSign(double value) => double.IsNaN(value) ? null : Math.Sign(value);

    private static ConstantFacts Undefined_ { get; } = new(double.NaN, null, true);
}
