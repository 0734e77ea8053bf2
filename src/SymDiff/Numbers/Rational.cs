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

    public double ToDouble()
    {
        if (Denominator.IsOne) return (double)Numerator;
        if (Numerator.GetBitLength() <= 53 && Denominator.GetBitLength() <= 53) return (double)Numerator / (double)Denominator;
        // Large numerator or denominator: take a 64-bit quotient, then scale by a power of two. Correctly rounded to
        // within an ulp where dividing two doubles overflowed and a division in log space lost digits (issue 8's
        // sum of 10^5 fractions has 43,000-digit terms).
        var magnitude = BigInteger.Abs(Numerator);
        var shift = Denominator.GetBitLength() - magnitude.GetBitLength() + 64;
        var quotient = shift >= 0 ? (magnitude << (int)shift) / Denominator : (magnitude >> (int)-shift) / Denominator;
        return Numerator.Sign * Math.ScaleB((double)quotient, (int)-shift);
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
