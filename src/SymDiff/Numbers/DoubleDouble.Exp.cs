using System.Numerics;

namespace SymDiff.Numbers;

// Exponentials, logarithms, powers and the hyperbolic functions in double-double. Accurate to a few units of 1e-32
// relative where the function is well-conditioned; IEEE special values as Math's double functions give them.
public readonly partial struct DoubleDouble
{
    /// <summary>pi/2 to full double-double precision.</summary>
    public static DoubleDouble PiOver2 => Constants.PiOver2;

    // k * c exactly, for an integer k below 2^20 and a double c (one TwoProd).
    private static DoubleDouble ExactProduct(double k, double c)
    {
        var p = TwoProd(k, c, out var e);
        return new(p, e);
    }

    // x - k*(c0 + c1 + c2): the product is subtracted part by part, each part exact.
    private static DoubleDouble SubtractMultiple(DoubleDouble x, double k, double[] c)
    {
        var r = x - ExactProduct(k, c[0]) - ExactProduct(k, c[1]);
        for (var i = 2; i < c.Length; i++) r -= k * c[i];
        return r;
    }

    // expm1(r) for |r| <= 0.5: Taylor on s = r/2^8 (|s| < 2e-3, 11 terms), then expm1(2t) = expm1(t)*(expm1(t)+2)
    // eight times. Relative error about 2^8 units of 2^-106.
    private static DoubleDouble Expm1Reduced(DoubleDouble r)
    {
        var s = ScaleB(r, -8);
        var p = Constants.InverseFactorials[12];
        for (var k = 11; k >= 1; k--) p = p * s + Constants.InverseFactorials[k];
        var e = p * s;
        for (var i = 0; i < 8; i++) e *= e + 2.0;
        return e;
    }

    /// <summary>e^x; +inf above about 709.78, 0 below about -745.2.</summary>
    public static DoubleDouble Exp(DoubleDouble x)
    {
        if (x.IsNaN) return x;
        if (x.Hi > 709.79) return PositiveInfinity;
        if (x.Hi < -745.2) return Zero;
        if (x.IsZero) return One;
        // x = k ln2 + r with |r| <= ln2/2; e^x = 2^k (1 + expm1(r)).
        var k = Math.Round(x.Hi / Constants.Ln2Parts[0]);
        var r = SubtractMultiple(x, k, Constants.Ln2Parts);
        return ScaleB(Expm1Reduced(r) + 1.0, (int)k);
    }

    /// <summary>e^x - 1, accurate for small x.</summary>
    public static DoubleDouble Expm1(DoubleDouble x)
    {
        if (x.IsNaN || x.IsZero) return x;
        // expm1 x = x (1 + x/2 + ...): below 1e-33 the correction is beyond double-double (and 2^-8 x could be subnormal).
        if (Math.Abs(x.Hi) < 1e-33) return x;
        return Math.Abs(x.Hi) <= 0.35 ? Expm1Reduced(x) : Exp(x) - 1.0;
    }

    /// <summary>The natural logarithm: NaN below 0, -inf at 0.</summary>
    public static DoubleDouble Log(DoubleDouble x)
    {
        if (LogSpecial(x) is { } special) return special;
        var (small, k) = LogReduced(x);
        return k == 0 ? small : small + (ExactProduct(k, Constants.Ln2Parts[0]) + ExactProduct(k, Constants.Ln2Parts[1]) + k * Constants.Ln2Parts[2]);
    }

    // log1p(u) for |u| <= 0.42 (|log1p(u)| <= 0.35): one Newton step on expm1(y) = u from a double start,
    // y + (u - expm1(y))/(1 + expm1(y)). The step squares the start's relative error (1e-16 to 1e-32).
    private static DoubleDouble Log1pReduced(DoubleDouble u)
    {
        // log1p u = u (1 - u/2 + ...): below 1e-33 the correction is beyond double-double.
        if (Math.Abs(u.Hi) < 1e-33) return u;
        var y = Functions.ElementaryFunctions.Log1p(u.Hi); // Kahan's log1p in double: the Newton start
        var e = Expm1Reduced(y);
        return y + (u - e) / (e + 1.0);
    }

    // NaN below 0, -inf at 0, +inf at +inf: the logarithms' special values; null for a positive finite x.
    private static DoubleDouble? LogSpecial(DoubleDouble x) =>
        x.IsNaN || x.Hi < 0 ? NaN : x.IsZero ? NegativeInfinity : double.IsPositiveInfinity(x.Hi) ? x : null;

    // x = m 2^k with m in [sqrt(1/2), sqrt(2)]: log x = k ln2 + log1p(m - 1), m - 1 exact enough. Returns log1p(m - 1), k.
    private static (DoubleDouble Small, int K) LogReduced(DoubleDouble x)
    {
        var k = Math.ILogB(x.Hi);
        var m = ScaleB(x, -k);
        if (m.Hi > Math.Sqrt(2)) { m = ScaleB(m, -1); k++; }
        return (Log1pReduced(m - 1.0), k);
    }

    /// <summary>log(1 + x), accurate for small x: NaN below -1, -inf at -1.</summary>
    public static DoubleDouble Log1p(DoubleDouble x)
    {
        if (x.IsNaN || x.Hi < -1) return NaN;
        if (x.IsZero) return x;
        return x.Hi is >= -0.29 and <= 0.41 ? Log1pReduced(x) : Log(x + 1.0);
    }

    /// <summary>log base 2, exact at powers of two.</summary>
    public static DoubleDouble Log2(DoubleDouble x)
    {
        if (LogSpecial(x) is { } special) return special;
        var (small, k) = LogReduced(x);
        return small / Ln2 + k;
    }

    /// <summary>log base 10.</summary>
    public static DoubleDouble Log10(DoubleDouble x) => Log(x) / Ln10;

    /// <summary>
    /// x^y with <see cref="Math.Pow"/>'s special values (x^0 = 1 and 1^y = 1 even for NaN, a negative base needs an
    /// integer exponent, 0 to a negative power is inf); otherwise exp(y log x), or repeated squaring for integer y.
    /// </summary>
    public static DoubleDouble Pow(DoubleDouble x, DoubleDouble y)
    {
        if (y.IsZero || x == One) return One;
        if (x.IsNaN || y.IsNaN) return NaN;
        if (y.IsInfinity)
        {
            var magnitude = Abs(x).CompareTo(One);
            return magnitude == 0 ? One : (magnitude > 0) == (y.Hi > 0) ? PositiveInfinity : Zero;
        }
        if (y.IsInteger)
        {
            if (Math.Abs(y.Hi) <= MaxSquaringExponent) return Pow(x, (long)y.Hi + (long)y.Lo);
            var odd = IsOdd(y.Hi) != IsOdd(y.Lo);
            var power = PowPositiveBase(Abs(x), y);
            return odd && x.IsNegative ? -power : power;
        }
        // IEEE (and C, and torch.pow): (-inf)^y is +inf or +0 for y not an odd integer.
        if (double.IsNegativeInfinity(x.Hi)) return PowPositiveBase(PositiveInfinity, y);
        if (x.Hi < 0) return NaN;
        return PowPositiveBase(x, y);
    }

    // Beyond this, repeated squaring is no more accurate than exp(y log x) and takes longer.
    private const long MaxSquaringExponent = 1 << 20;

    private static bool IsOdd(double integer) => Math.Abs(integer) < 9007199254740992.0 && Math.IEEERemainder(integer, 2) != 0;

    // |x|^y for a non-negative (or -0) base and finite non-zero y.
    private static DoubleDouble PowPositiveBase(DoubleDouble x, DoubleDouble y)
    {
        if (x.IsZero) return y.Hi > 0 ? Zero : PositiveInfinity;
        if (x.IsInfinity) return y.Hi > 0 ? PositiveInfinity : Zero;
        return Exp(y * Log(x));
    }

    /// <summary>x^n by repeated squaring; see <see cref="Pow(DoubleDouble, long)"/>.</summary>
    public static DoubleDouble Pow(DoubleDouble x, int n) => Pow(x, (long)n);

    /// <summary>x^n by repeated squaring (exact exponent; relative error about |n| units of 2^-106).</summary>
    public static DoubleDouble Pow(DoubleDouble x, long n)
    {
        if (n == 0) return One;
        if (x.IsNaN) return x;
        if (Math.Abs((double)n) > MaxSquaringExponent)
        {
            var power = PowPositiveBase(Abs(x), n);
            return x.IsNegative && (n & 1) != 0 ? -power : power;
        }
        if (x.IsZero || !x.IsFinite)
        {
            var power = PowBySquaring(x, (ulong)Math.Abs(n));
            return n > 0 ? power : One / power;
        }
        // Finite and non-zero: keep the running powers near 1 and their binary exponents apart, so nothing
        // overflows or goes subnormal before the one final scaling.
        var (mantissa, exponent) = ScaledPowBySquaring(x, (ulong)Math.Abs(n));
        if (n < 0) (mantissa, exponent) = (One / mantissa, -exponent);
        return ScaleB(mantissa, (int)Math.Clamp(exponent, -4000, 4000));
    }

    private static DoubleDouble PowBySquaring(DoubleDouble x, ulong n)
    {
        var result = One;
        var power = x;
        while (true)
        {
            if ((n & 1) != 0) result *= power;
            n >>= 1;
            if (n == 0) return result;
            power = Square(power);
        }
    }

    // x^n = mantissa 2^exponent, every intermediate scaled into [1, 2).
    private static (DoubleDouble Mantissa, long Exponent) ScaledPowBySquaring(DoubleDouble x, ulong n)
    {
        var powerExponent = (long)Math.ILogB(x.Hi);
        var power = ScaleB(x, (int)-powerExponent);
        var result = One;
        var resultExponent = 0L;
        while (true)
        {
            if ((n & 1) != 0)
            {
                result *= power;
                var k = Math.ILogB(result.Hi);
                result = ScaleB(result, -k);
                resultExponent += powerExponent + k;
            }
            n >>= 1;
            if (n == 0) return (result, resultExponent);
            power = Square(power);
            var j = Math.ILogB(power.Hi);
            power = ScaleB(power, -j);
            powerExponent = 2 * powerExponent + j;
        }
    }

    /// <summary>
    /// x^r for an exact rational exponent, by PyTorch's real-valued rule: integer exponents by repeated squaring;
    /// x^(p/q) as the q-th root raised to p; a negative base with a non-integer exponent is NaN (so (-8)^(1/3) is NaN),
    /// and 0 to a negative power is +inf.
    /// </summary>
    public static DoubleDouble Pow(DoubleDouble x, Rational r)
    {
        if (r.IsZero) return One;
        if (x.IsNaN) return x;
        if (r.IsInteger)
        {
            if (BigInteger.Abs(r.Numerator) <= MaxSquaringExponent) return Pow(x, (long)r.Numerator);
            var power = PowPositiveBase(Abs(x), FromRational(r));
            return x.IsNegative && !r.Numerator.IsEven ? -power : power;
        }
        if (x.Hi < 0) return NaN;
        if (x.IsZero || x.IsInfinity || x == One) return PowPositiveBase(x, r.Sign);
        var (p, q) = (r.Numerator, r.Denominator);
        if (q <= MaxRootIndex && BigInteger.Abs(p) <= MaxRootIndex)
            return Pow(Root(x, (int)q), (long)p);
        return Exp(FromRational(r) * Log(x));
    }

    // Up to this index (and numerator) a root and a short power beat exp(r log x).
    private const int MaxRootIndex = 64;

    // The q-th root of a positive finite x: Newton on y^q = x from the double root, twice (the double start can be
    // off by 1e-14 for huge x, since 1/q is rounded).
    private static DoubleDouble Root(DoubleDouble x, int q)
    {
        if (q == 1) return x;
        if (q == 2) return Sqrt(x);
        // x = m 2^(qj) with m in [1, 2^q): the root is root(m) 2^j, and no intermediate leaves the normal range.
        var j = (int)Math.Floor(Math.ILogB(x.Hi) / (double)q);
        var m = ScaleB(x, -q * j);
        DoubleDouble y = Math.Pow(m.Hi, 1.0 / q);
        for (var i = 0; i < 2; i++) y += (m / Pow(y, q - 1) - y) / q;
        return ScaleB(y, j);
    }

    /// <summary>The real cube root, odd: cbrt(-8) = -2.</summary>
    public static DoubleDouble Cbrt(DoubleDouble x)
    {
        if (x.IsNaN || x.IsZero || x.IsInfinity) return x;
        var root = Root(Abs(x), 3);
        return x.IsNegative ? -root : root;
    }

    // ---- Hyperbolic functions ----

    /// <summary>sinh x, from expm1 so that it keeps its digits near 0.</summary>
    public static DoubleDouble Sinh(DoubleDouble x)
    {
        if (x.IsNaN || x.IsZero || x.IsInfinity) return x;
        var a = Abs(x);
        DoubleDouble result;
        if (a.Hi <= 40)
        {
            // sinh a = (E + E/(E + 1))/2 with E = expm1(a): every term positive.
            var e = Expm1(a);
            result = ScaleB(e + e / (e + 1.0), -1);
        }
        else
        {
            // e^-a is below 1e-34 of e^a; e^a = (e^(a/2))^2 keeps finite values up to asinh(max).
            var h = Exp(ScaleB(a, -1));
            result = ScaleB(h, -1) * h;
        }
        return x.IsNegative ? -result : result;
    }

    /// <summary>cosh x.</summary>
    public static DoubleDouble Cosh(DoubleDouble x)
    {
        if (x.IsNaN) return x;
        var a = Abs(x);
        if (a.Hi <= 40)
        {
            var e = Exp(a);
            return ScaleB(e + One / e, -1);
        }
        var h = Exp(ScaleB(a, -1));
        return ScaleB(h, -1) * h;
    }

    /// <summary>tanh x = -E/(2 + E) with E = expm1(-2|x|), stable for every x.</summary>
    public static DoubleDouble Tanh(DoubleDouble x)
    {
        if (x.IsNaN || x.IsZero) return x;
        var e = Expm1(ScaleB(-Abs(x), 1));
        var result = -e / (e + 2.0);
        return x.IsNegative ? -result : result;
    }

    /// <summary>asinh x = log1p(|x| + x^2/(1 + sqrt(1 + x^2))), odd; log(2|x|) once 1/x^2 is negligible.</summary>
    public static DoubleDouble Asinh(DoubleDouble x)
    {
        if (x.IsNaN || x.IsZero || x.IsInfinity) return x;
        var a = Abs(x);
        DoubleDouble result;
        if (a.Hi > 1e17) result = Log(a) + Ln2;
        else
        {
            var square = Square(a);
            result = Log1p(a + square / (Sqrt(square + 1.0) + 1.0));
        }
        return x.IsNegative ? -result : result;
    }

    /// <summary>acosh x = log1p(t + sqrt(t(t + 2))) with t = x - 1; NaN below 1.</summary>
    public static DoubleDouble Acosh(DoubleDouble x)
    {
        if (x.IsNaN || x.Hi < 1) return NaN;
        if (x.IsInfinity) return x;
        if (x.Hi > 1e17) return Log(x) + Ln2;
        var t = x - 1.0;
        return Log1p(t + Sqrt(t * (t + 2.0)));
    }

    /// <summary>atanh x = log1p(2|x|/(1 - |x|))/2, odd; ±inf at ±1, NaN beyond.</summary>
    public static DoubleDouble Atanh(DoubleDouble x)
    {
        if (x.IsNaN || x.IsZero) return x;
        var a = Abs(x);
        if (a.Hi > 1) return NaN;
        var result = a == One ? PositiveInfinity : ScaleB(Log1p(ScaleB(a, 1) / (1.0 - a)), -1);
        return x.IsNegative ? -result : result;
    }
}
