using System.Numerics;

namespace SymDiff.Numbers;

/// <summary>
/// A double-double number: the unevaluated sum <see cref="Hi"/> + <see cref="Lo"/> of two doubles with
/// |Lo| &lt;= ulp(Hi)/2, about 106 significant bits (31 decimal digits) over double's exponent range. It is the
/// high-precision reference that decides which of two disagreeing double-precision values is right.
/// </summary>
/// <remarks>
/// IEEE-like semantics throughout: NaN propagates, division by zero gives ±inf or NaN as double does, overflow gives
/// ±inf, and nothing throws on values. A non-finite value is always stored with <c>Lo = 0</c>. The basic operations
/// are the error-free transformations of Dekker and Knuth (TwoSum, and TwoProd through a fused multiply-add), as in
/// Hida, Li and Bailey's QD library. Near the bottom of the exponent range (below about 1e-290) the low part
/// underflows and precision falls towards double's.
/// </remarks>
/// <example><code>var third = DoubleDouble.One / 3;             // 0.3333333333333333333333333333333
/// var x = DoubleDouble.FromRational(Rational.Create(1, 10)); // 1/10 to 31 digits, not the double 0.1</code></example>
public readonly partial struct DoubleDouble : IEquatable<DoubleDouble>, IComparable<DoubleDouble>
{
    /// <summary>The double nearest to the value.</summary>
    public double Hi { get; }

    /// <summary>The rest: the value is exactly <c>Hi + Lo</c>.</summary>
    public double Lo { get; }

    /// <summary>The double <paramref name="value"/>, exactly.</summary>
    public DoubleDouble(double value)
    {
        Hi = value;
        Lo = 0;
    }

    // Callers guarantee the invariant (normalised, Lo = 0 when Hi is not finite).
    private DoubleDouble(double hi, double lo)
    {
        Hi = hi;
        Lo = lo;
    }

    public static DoubleDouble Zero => default;
    public static DoubleDouble One => new(1.0);
    public static DoubleDouble NaN => new(double.NaN);
    public static DoubleDouble PositiveInfinity => new(double.PositiveInfinity);
    public static DoubleDouble NegativeInfinity => new(double.NegativeInfinity);

    /// <summary>2^-104: the spacing of double-doubles near 1, a bound on their relative rounding error.</summary>
    public static DoubleDouble Epsilon => new(Math.ScaleB(1.0, -104));

    /// <summary>pi to full double-double precision.</summary>
    public static DoubleDouble Pi => Constants.Pi;

    /// <summary>e to full double-double precision.</summary>
    public static DoubleDouble E => Constants.E;

    /// <summary>ln 2 to full double-double precision.</summary>
    public static DoubleDouble Ln2 => Constants.Ln2;

    /// <summary>ln 10 to full double-double precision.</summary>
    public static DoubleDouble Ln10 => Constants.Ln10;

    public bool IsNaN => double.IsNaN(Hi);
    public bool IsFinite => double.IsFinite(Hi);
    public bool IsInfinity => double.IsInfinity(Hi);
    public bool IsZero => Hi == 0;

    /// <summary>True when the sign bit is set, as <see cref="double.IsNegative"/> (so for -0 too).</summary>
    public bool IsNegative => double.IsNegative(Hi);

    /// <summary>True for finite integers (both parts are integers once normalised).</summary>
    public bool IsInteger => double.IsFinite(Hi) && Math.Floor(Hi) == Hi && Math.Floor(Lo) == Lo;

    /// <summary>The double nearest to the value (<see cref="Hi"/>).</summary>
    public double ToDouble() => Hi;

    public static implicit operator DoubleDouble(double value) => new(value);
    public static implicit operator DoubleDouble(int value) => new(value);
    public static explicit operator double(DoubleDouble value) => value.Hi;
    public static explicit operator DoubleDouble(Rational value) => FromRational(value);

    /// <summary>The exact sum <paramref name="a"/> + <paramref name="b"/>, rounded to double-double.</summary>
    public static DoubleDouble FromSum(double a, double b)
    {
        var s = TwoSum(a, b, out var e);
        return Make(s, e);
    }

    // ---- Error-free transformations ----

    // s + err = a + b exactly (Knuth).
    private static double TwoSum(double a, double b, out double err)
    {
        var s = a + b;
        var bb = s - a;
        err = (a - (s - bb)) + (b - bb);
        return s;
    }

    // s + err = a + b exactly, given |a| >= |b| (Dekker).
    private static double QuickTwoSum(double a, double b, out double err)
    {
        var s = a + b;
        err = b - (s - a);
        return s;
    }

    // p + err = a * b exactly (unless it underflows).
    private static double TwoProd(double a, double b, out double err)
    {
        var p = a * b;
        err = Math.FusedMultiplyAdd(a, b, -p);
        return p;
    }

    // Renormalises hi + lo, given |hi| >= |lo|; a non-finite sum is stored with Lo = 0.
    private static DoubleDouble Make(double hi, double lo)
    {
        var s = QuickTwoSum(hi, lo, out var e);
        return double.IsFinite(s) ? new(s, e) : new(double.IsFinite(hi) ? s : hi, 0);
    }

    // ---- Arithmetic ----

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);
    public static DoubleDouble operator +(DoubleDouble a) => a;

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        var s = TwoSum(a.Hi, b.Hi, out var e1);
        if (!double.IsFinite(s)) return new(s, 0);
        var t = TwoSum(a.Lo, b.Lo, out var e2);
        e1 += t;
        s = QuickTwoSum(s, e1, out e1);
        e1 += e2;
        var result = Make(s, e1);
        // An exact zero takes its sign from IEEE's rule (-0 only for -0 + -0).
        return result.Hi == 0 ? new(a.Hi + b.Hi, 0) : result;
    }

    public static DoubleDouble operator +(DoubleDouble a, double b)
    {
        var s = TwoSum(a.Hi, b, out var e);
        if (!double.IsFinite(s)) return new(s, 0);
        var result = Make(s, e + a.Lo);
        return result.Hi == 0 ? new(a.Hi + b, 0) : result;
    }

    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + -b;
    public static DoubleDouble operator -(DoubleDouble a, double b) => a + -b;

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        var p = TwoProd(a.Hi, b.Hi, out var e);
        // A zero product keeps IEEE's sign; NaN (0 * inf included) and infinities pass through.
        if (p == 0 || !double.IsFinite(p)) return new(p, 0);
        e += a.Hi * b.Lo + a.Lo * b.Hi;
        return Make(p, e);
    }

    public static DoubleDouble operator *(DoubleDouble a, double b)
    {
        var p = TwoProd(a.Hi, b, out var e);
        if (p == 0 || !double.IsFinite(p)) return new(p, 0);
        return Make(p, e + a.Lo * b);
    }

    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        var q1 = a.Hi / b.Hi;
        // x/0 = ±inf, 0/0 = NaN, x/inf = ±0: exactly double's answers.
        if (q1 == 0 || !double.IsFinite(q1)) return new(q1, 0);
        // Near either end of the exponent range the residual a - q1*b overflows or goes subnormal: divide the
        // operands scaled to 1 and scale the quotient back (exact: powers of two).
        if (!IsSafeMagnitude(a.Hi) || !IsSafeMagnitude(b.Hi))
        {
            var (ea, eb) = (Math.ILogB(a.Hi), Math.ILogB(b.Hi));
            var (sa, sb) = (ScaleB(a, -ea), ScaleB(b, -eb));
            return ScaleB(Divide(sa, sb, sa.Hi / sb.Hi), ea - eb);
        }
        return Divide(a, b, q1);
    }

    // Sqrt(a.Hi) stays away from the exponent range's ends between these: residuals keep all their bits.
    private static bool IsSafeMagnitude(double x) => Math.Abs(x) is > 1e-280 and < 1e290;

    // Long division in three double steps (QD's accurate division), given q1 = a.Hi / b.Hi.
    private static DoubleDouble Divide(DoubleDouble a, DoubleDouble b, double q1)
    {
        var r = a - b * q1;
        var q2 = r.Hi / b.Hi;
        r -= b * q2;
        var q3 = r.Hi / b.Hi;
        q1 = QuickTwoSum(q1, q2, out q2);
        var result = new DoubleDouble(q1, q2) + q3;
        return double.IsFinite(result.Hi) ? result : new(q1, 0);
    }

    public static DoubleDouble operator /(DoubleDouble a, double b) => a / new DoubleDouble(b);

    /// <summary>The value times 2^<paramref name="n"/>, exact unless it overflows or becomes subnormal.</summary>
    public static DoubleDouble ScaleB(DoubleDouble a, int n)
    {
        var hi = Math.ScaleB(a.Hi, n);
        return double.IsFinite(hi) ? Make(hi, Math.ScaleB(a.Lo, n)) : new(hi, 0);
    }

    /// <summary>The square, slightly faster and more accurate than <c>a * a</c>.</summary>
    public static DoubleDouble Square(DoubleDouble a)
    {
        var p = TwoProd(a.Hi, a.Hi, out var e);
        if (p == 0 || !double.IsFinite(p)) return new(p, 0);
        return Make(p, e + 2 * a.Hi * a.Lo);
    }

    public static DoubleDouble Abs(DoubleDouble a) => double.IsNegative(a.Hi) ? -a : a;

    /// <summary>The square root; NaN below 0, ±0 at ±0, as <see cref="Math.Sqrt"/>.</summary>
    public static DoubleDouble Sqrt(DoubleDouble a)
    {
        if (!(a.Hi > 0) || double.IsPositiveInfinity(a.Hi)) return new(Math.Sqrt(a.Hi), 0);
        if (!IsSafeMagnitude(a.Hi))
        {
            // sqrt(a) = sqrt(a 2^-2k) 2^k: the residual below would lose bits to underflow or overflow.
            var k = Math.ILogB(a.Hi) / 2;
            return ScaleB(Sqrt(ScaleB(a, -2 * k)), k);
        }
        // One Newton step from the double root: y + (a - y^2)/(2y), y^2 exact through TwoProd.
        var y = Math.Sqrt(a.Hi);
        var p = TwoProd(y, y, out var e);
        var residual = (a - FromSum(p, e)).Hi;
        return FromSum(y, residual / (2 * y));
    }

    /// <summary>The largest integer not above the value.</summary>
    public static DoubleDouble Floor(DoubleDouble a)
    {
        var hi = Math.Floor(a.Hi);
        return hi == a.Hi ? Make(hi, Math.Floor(a.Lo)) : new(hi, 0);
    }

    public static DoubleDouble Max(DoubleDouble a, DoubleDouble b) =>
        a.IsNaN || b.IsNaN ? NaN : a > b ? a : b > a ? b : double.IsNegative(a.Hi) ? b : a;

    public static DoubleDouble Min(DoubleDouble a, DoubleDouble b) =>
        a.IsNaN || b.IsNaN ? NaN : a < b ? a : b < a ? b : double.IsNegative(a.Hi) ? a : b;

    // ---- Comparison (IEEE: every comparison with NaN is false) ----

    public static bool operator ==(DoubleDouble a, DoubleDouble b) => a.Hi == b.Hi && a.Lo == b.Lo;
    public static bool operator !=(DoubleDouble a, DoubleDouble b) => !(a == b);
    public static bool operator <(DoubleDouble a, DoubleDouble b) => a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo < b.Lo);
    public static bool operator >(DoubleDouble a, DoubleDouble b) => b < a;
    public static bool operator <=(DoubleDouble a, DoubleDouble b) => a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo <= b.Lo);
    public static bool operator >=(DoubleDouble a, DoubleDouble b) => b <= a;

    /// <summary>Equality as <see cref="double.Equals(double)"/>: NaN equals NaN, so values can key dictionaries.</summary>
    public bool Equals(DoubleDouble other) => Hi.Equals(other.Hi) && Lo.Equals(other.Lo);
    public override bool Equals(object? obj) => obj is DoubleDouble d && Equals(d);
    public override int GetHashCode() => HashCode.Combine(Hi, Lo);

    /// <summary>Total order as <see cref="double.CompareTo(double)"/>: NaN first.</summary>
    public int CompareTo(DoubleDouble other)
    {
        var c = Hi.CompareTo(other.Hi);
        return c != 0 ? c : Lo.CompareTo(other.Lo);
    }

    // ---- Exact conversion from rationals ----

    /// <summary>The rational <paramref name="value"/> rounded to double-double: ±inf beyond double's range, ±0 below it.</summary>
    public static DoubleDouble FromRational(Rational value)
    {
        // PERF: the fractions people write (p and q below 2^53) need no big-integer division. hi = p/q rounded once;
        // the remainder p - hi q is a double, exactly (FMA); so lo = (p - hi q)/q rounded once is the nearest double
        // to p/q - hi. The same canonical pair as FromRatio gives, about 50 times faster.
        var (p, q) = (value.Numerator, value.Denominator);
        if (q <= MaxExactInteger && BigInteger.Abs(p) <= MaxExactInteger)
        {
            var (n, d) = ((double)p, (double)q);
            var hi = n / d;
            return new(hi, Math.FusedMultiplyAdd(-hi, d, n) / d);
        }
        return FromRatio(p, q);
    }

    private static readonly BigInteger MaxExactInteger = BigInteger.One << 53;

    /// <summary>
    /// n/d rounded to double-double from a 128-bit quotient (plus a sticky bit for the remainder): the high part is
    /// the quotient rounded to 53 bits, the low part the signed rest rounded to 53 bits, so the pair is the
    /// canonical one (Hi the nearest double, Lo the nearest double to what Hi leaves).
    /// </summary>
    internal static DoubleDouble FromRatio(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0) (numerator, denominator) = (-numerator, -denominator);
        if (denominator.IsZero) return new(numerator.Sign == 0 ? double.NaN : numerator.Sign * double.PositiveInfinity);
        if (numerator.IsZero) return Zero;
        var negative = numerator.Sign < 0;
        var n = BigInteger.Abs(numerator);
        var magnitude = n.GetBitLength() - denominator.GetBitLength(); // 2^(m-1) < n/d < 2^(m+1)
        if (magnitude > 1026) return negative ? NegativeInfinity : PositiveInfinity;
        if (magnitude < -1078) return negative ? new(-0.0) : Zero;

        var shift = (int)(128 - magnitude);
        var q = shift >= 0
            ? BigInteger.DivRem(n << shift, denominator, out var remainder)
            : BigInteger.DivRem(n, denominator << -shift, out remainder);
        var sticky = !remainder.IsZero;
        var highShift = (int)q.GetBitLength() - 53;   // 74 to 76
        var high = q >> highShift;
        var rest = q - (high << highShift);
        var half = BigInteger.One << (highShift - 1);
        if (rest > half || (rest == half && (sticky || !high.IsEven)))
        {
            high += 1;
            rest -= BigInteger.One << highShift;
        }
        var hi = Math.ScaleB((double)(long)high, highShift - shift);
        var lo = Math.ScaleB(RoundToDouble(rest, sticky), -shift);
        var result = double.IsFinite(hi) ? Make(hi, lo) : new(hi, 0);
        return negative ? -result : result;
    }

    // A signed integer (below 2^76) rounded once to double; sticky says a positive fraction follows it.
    private static double RoundToDouble(BigInteger value, bool sticky)
    {
        var magnitude = BigInteger.Abs(value);
        // A negative value plus a fraction is smaller in magnitude: |v| - 1 with the (complementary) fraction after it.
        if (sticky && value.Sign < 0) magnitude -= 1;
        // Keep 62 bits; everything below them folds into the lowest, which lies under double's rounding point.
        var drop = (int)magnitude.GetBitLength() - 62;
        var kept = drop >= 0 ? (long)(magnitude >> drop) : (long)(magnitude << -drop);
        if (sticky || (drop > 0 && !(magnitude & ((BigInteger.One << drop) - 1)).IsZero)) kept |= 1;
        var rounded = Math.ScaleB((double)kept, drop);
        return value.Sign < 0 ? -rounded : rounded;
    }

    /// <summary>The exact value as a rational (finite values only).</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public Rational ToRational()
    {
        if (!IsFinite) throw new ArgumentException($"{this} has no rational value.");
        return ExactRational(Hi) + ExactRational(Lo);
    }

    internal static Rational ExactRational(double x)
    {
        if (x == 0) return Rational.Zero;
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger m = x < 0 ? -mantissa : mantissa;
        return exponent >= 0 ? Rational.Create(m << exponent, 1) : Rational.Create(m, BigInteger.One << -exponent);
    }
}
