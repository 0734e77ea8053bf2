using System.Globalization;
using System.Numerics;

namespace SymDiff.Numbers;

/// <summary>An exact rational number p/q in lowest terms with q &gt; 0.</summary>
/// <example><code>var half = Rational.Create(1, 2); // 1/2
/// var one = half + half;                       // 1</code></example>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    private Rational(BigInteger numerator, BigInteger denominator)
    {
        Numerator = numerator;
        Denominator = denominator;
    }

    public static readonly Rational Zero = new(0, 1);
    public static readonly Rational One = new(1, 1);
    public static readonly Rational MinusOne = new(-1, 1);
    public static readonly Rational Half = new(1, 2);

    public static Rational Create(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("Rational with zero denominator.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsOne && !g.IsZero) { numerator /= g; denominator /= g; }
        return new Rational(numerator, numerator.IsZero ? 1 : denominator);
    }

    public static implicit operator Rational(int value) => new(value, 1);
    public static implicit operator Rational(BigInteger value) => new(value, 1);

    public bool IsZero => Numerator.IsZero;
    public bool IsOne => Numerator.IsOne && Denominator.IsOne;
    public bool IsMinusOne => Denominator.IsOne && Numerator == BigInteger.MinusOne;
    public bool IsInteger => Denominator.IsOne;
    public bool IsNegative => Numerator.Sign < 0;
    public int Sign => Numerator.Sign;

    // PERF: Knuth's gcd-of-denominators addition (TAOCP 4.5.1). The gcds it takes are of a denominator with a
    // cofactor, so adding a small fraction to a huge one costs O(size of the huge one); reducing the full
    // cross product instead took a gcd of two huge numbers per addition (10^4 fractions summed in seconds).
    public static Rational operator +(Rational a, Rational b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        if (a.Denominator.IsOne && b.Denominator.IsOne) return new(a.Numerator + b.Numerator, BigInteger.One);
        var g = BigInteger.GreatestCommonDivisor(a.Denominator, b.Denominator);
        if (g.IsOne)
            return new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
        var bOverG = b.Denominator / g;
        var t = a.Numerator * bOverG + b.Numerator * (a.Denominator / g);
        if (t.IsZero) return Zero;
        var g2 = BigInteger.GreatestCommonDivisor(t, g);
        return g2.IsOne ? new(t, a.Denominator * bOverG) : new(t / g2, a.Denominator / g2 * bOverG);
    }

    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);
    public static Rational operator -(Rational a, Rational b) => a + -b;

    // PERF: cross-cancel first (Knuth), so no gcd of two products is ever taken.
    public static Rational operator *(Rational a, Rational b)
    {
        if (a.IsZero || b.IsZero) return Zero;
        if (a.Denominator.IsOne && b.Denominator.IsOne) return new(a.Numerator * b.Numerator, BigInteger.One);
        var g1 = BigInteger.GreatestCommonDivisor(a.Numerator, b.Denominator);
        var g2 = BigInteger.GreatestCommonDivisor(b.Numerator, a.Denominator);
        return new(a.Numerator / g1 * (b.Numerator / g2), a.Denominator / g2 * (b.Denominator / g1));
    }

    public static Rational operator /(Rational a, Rational b) => a * b.Reciprocal();

    /// <summary>
    /// The exact sum, added in balanced pairs: summing 1/2 + 1/3 + ... + 1/n one by one is quadratic in n (every
    /// partial sum is as long as the final one); pairing keeps the operands of each level short.
    /// </summary>
    public static Rational Sum(ReadOnlySpan<Rational> values) => values.Length switch
    {
        0 => Zero,
        1 => values[0],
        2 => values[0] + values[1],
        _ => Sum(values[..(values.Length / 2)]) + Sum(values[(values.Length / 2)..]),
    };

    /// <summary>The exact product, multiplied in balanced pairs (see <see cref="Sum"/>).</summary>
    public static Rational Product(ReadOnlySpan<Rational> values) => values.Length switch
    {
        0 => One,
        1 => values[0],
        2 => values[0] * values[1],
        _ => Product(values[..(values.Length / 2)]) * Product(values[(values.Length / 2)..]),
    };

    public Rational Abs() => new(BigInteger.Abs(Numerator), Denominator);
    public Rational Reciprocal() => Create(Denominator, Numerator);

    /// <summary>Exact integer power; a negative exponent of zero throws <see cref="DivideByZeroException"/>.</summary>
    public Rational Pow(int exponent) => exponent >= 0
        ? new Rational(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent))
        : Reciprocal().Pow(-exponent);

    /// <summary>The exact k-th root when it exists (e.g. 4^(1/2) = 2, 8/27^(1/3) = 2/3).</summary>
    public bool TryRoot(int k, out Rational root)
    {
        root = Zero;
        if (k <= 0 || (IsNegative && k % 2 == 0)) return false;
        if (!TryIntegerRoot(BigInteger.Abs(Numerator), k, out var p) || !TryIntegerRoot(Denominator, k, out var q)) return false;
        root = Create(IsNegative ? -p : p, q);
        return true;
    }

    // Newton's iteration from above, in integers: x0 = 2^ceil(bits/k) >= n^(1/k), and x -> ((k-1)*x + n/x^(k-1))/k
    // decreases strictly until it reaches floor(n^(1/k)). No doubles: a double estimate overflowed for n >= 2^1024
    // (sqrt(10^617) crashed, issue 8).
    private static bool TryIntegerRoot(BigInteger n, int k, out BigInteger root)
    {
        root = n;
        if (n < 2 || k == 1) return true;
        var x = BigInteger.One << (int)((n.GetBitLength() + k - 1) / k);
        while (true)
        {
            var next = ((k - 1) * x + n / BigInteger.Pow(x, k - 1)) / k;
            if (next >= x) break;
            x = next;
        }
        root = x;
        return BigInteger.Pow(x, k) == n;
    }

    /// <summary>
    /// The double nearest to p/q, ties to even (IEEE 754 round-to-nearest), with subnormals, signed zero and overflow
    /// to infinity as <see cref="double.Parse(string)"/> gives them; so a literal such as <c>0.30000000000000004</c>
    /// is the double Python reads.
    /// </summary>
    public double ToDouble()
    {
        // Both exact in a double: one IEEE division rounds correctly.
        if (Numerator.GetBitLength() <= 53 && Denominator.GetBitLength() <= 53) return (double)Numerator / (double)Denominator;
        if (IsZero) return 0;
        // Issue 5 (review 9): the quotient was truncated to 64 bits and then converted with (double)BigInteger,
        // which truncates too (1e308 read as 9.999999999999998E+307). Instead: scale so that the integer quotient
        // has 55 or 56 bits, keep the remainder as a sticky bit, and round once at the double's last place.
        var magnitude = BigInteger.Abs(Numerator);
        var shift = 55 - (magnitude.GetBitLength() - Denominator.GetBitLength()); // quotient in [2^54, 2^56)
        var quotient = shift >= 0
            ? BigInteger.DivRem(magnitude << (int)shift, Denominator, out var remainder)
            : BigInteger.DivRem(magnitude, Denominator << (int)-shift, out remainder);
        // The value is quotient * 2^-shift. Keep 53 bits, or fewer where the result is subnormal (its last place is 2^-1074).
        var bits = (long)quotient.GetBitLength();
        var drop = (int)Math.Max(bits - 53, shift - 1074);
        if (drop > bits + 1) return IsNegative ? -0.0 : 0.0;
        var kept = quotient >> drop;
        var rest = quotient - (kept << drop);
        var half = BigInteger.One << (drop - 1);
        if (rest > half || (rest == half && (!remainder.IsZero || !kept.IsEven))) kept += 1;
        // kept <= 2^53 is exact in a double; scaling by a power of two is exact, or overflows to infinity.
        var exponent = drop - shift;
        var result = exponent > 2000 ? double.PositiveInfinity : Math.ScaleB((double)kept, (int)Math.Max(exponent, -2000));
        return IsNegative ? -result : result;
    }

    /// <summary>Parses a decimal literal such as <c>12</c>, <c>0.25</c> or <c>1.5e-3</c> exactly.</summary>
    public static bool TryParseDecimal(string text, out Rational value)
    {
        value = Zero;
        var mantissaEnd = text.IndexOfAny(['e', 'E']);
        var mantissa = mantissaEnd < 0 ? text : text[..mantissaEnd];
        var exponent = 0;
        if (mantissaEnd >= 0 && !int.TryParse(text[(mantissaEnd + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            return false;
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        if (digits.Length == 0 || !BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        var scale = (long)exponent - (dot < 0 ? 0 : mantissa.Length - dot - 1);
        if (Math.Abs(scale) > MaxDecimalExponent) return false;
        var ten = BigInteger.Pow(10, (int)Math.Abs(scale));
        value = scale >= 0 ? Create(n * ten, 1) : Create(n, ten);
        return true;
    }

    /// <summary>Largest power of ten a literal may carry; beyond it a literal is reported as out of range.</summary>
    public const int MaxDecimalExponent = 400;

    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);
    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public override string ToString() => Denominator.IsOne
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
