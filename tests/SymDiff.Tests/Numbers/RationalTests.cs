using System.Numerics;
using SymDiff.Numbers;

namespace SymDiff.Tests.Numbers;

public class RationalTests
{
    // The textbook forms the fast operators must agree with: cross-multiply, then reduce.
    private static Rational NaiveSum(Rational a, Rational b) =>
        Rational.Create(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    private static Rational NaiveProduct(Rational a, Rational b) =>
        Rational.Create(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    private static Rational RandomRational(Random rng)
    {
        var scale = BigInteger.Pow(rng.Next(2, 40), rng.Next(0, 6));
        var p = rng.Next(-1000, 1000) * scale * (rng.Next(3) == 0 ? 0 : 1);
        var q = rng.Next(1, 1000) * BigInteger.Pow(rng.Next(2, 12), rng.Next(0, 8));
        return Rational.Create(p, q);
    }

    [Fact]
    public void Arithmetic_agrees_with_cross_multiplication_and_stays_in_lowest_terms()
    {
        var rng = new Random(8);
        for (var i = 0; i < 5000; i++)
        {
            var (a, b) = (RandomRational(rng), RandomRational(rng));
            foreach (var (actual, expected) in new[] { (a + b, NaiveSum(a, b)), (a - b, NaiveSum(a, -b)), (a * b, NaiveProduct(a, b)) })
            {
                Assert.Equal(expected, actual);
                Assert.True(BigInteger.GreatestCommonDivisor(actual.Numerator, actual.Denominator).IsOne || actual.IsZero, $"{a}, {b}: {actual}");
                Assert.True(actual.Denominator.Sign > 0);
            }
            if (!b.IsZero) Assert.Equal(NaiveProduct(a, b.Reciprocal()), a / b);
        }
    }

    [Fact]
    public void Balanced_sums_and_products_are_exact()
    {
        var harmonic = Enumerable.Range(1, 10).Select(k => Rational.Create(1, k)).ToArray();
        Assert.Equal(Rational.Create(7381, 2520), Rational.Sum(harmonic));
        Assert.Equal(Rational.Create(1, 3628800), Rational.Product(harmonic));
        Assert.Equal(Rational.Zero, Rational.Sum([]));
        Assert.Equal(Rational.One, Rational.Product([]));
        var rng = new Random(3);
        var values = Enumerable.Range(0, 300).Select(_ => RandomRational(rng)).ToArray();
        Assert.Equal(values.Aggregate(Rational.Zero, NaiveSum), Rational.Sum(values));
        var nonzero = values.Where(v => !v.IsZero).ToArray();
        Assert.Equal(nonzero.Aggregate(Rational.One, NaiveProduct), Rational.Product(nonzero));
    }

    [Fact]
    public void Issue_8_roots_of_huge_numbers_are_exact_and_never_overflow()
    {
        // sqrt(10^617) crashed: a double estimate of the root overflowed.
        Assert.False(Rational.Create(BigInteger.Pow(10, 617), 1).TryRoot(2, out _));
        Assert.True(Rational.Create(BigInteger.Pow(10, 618), 1).TryRoot(2, out var root));
        Assert.Equal(Rational.Create(BigInteger.Pow(10, 309), 1), root);
        Assert.True(Rational.Create(1, BigInteger.Pow(10, 900)).TryRoot(3, out var third));
        Assert.Equal(Rational.Create(1, BigInteger.Pow(10, 300)), third);
        var rng = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var k = rng.Next(2, 65);
            var x = BigInteger.Pow(rng.Next(2, 1000), rng.Next(1, 40)) + rng.Next(0, 3);
            var n = BigInteger.Pow(x, k);
            Assert.True(Rational.Create(n, 1).TryRoot(k, out var r), $"{x}^{k}");
            Assert.Equal(Rational.Create(x, 1), r);
            Assert.False(Rational.Create(n + 1, 1).TryRoot(k, out _), $"{x}^{k} + 1");
            Assert.False(Rational.Create(n - 1, 1).TryRoot(k, out _), $"{x}^{k} - 1");
        }
    }

    [Fact]
    public void Conversion_to_double_is_accurate_at_every_size()
    {
        Assert.Equal(0.1, Rational.Create(1, 10).ToDouble());
        Assert.Equal(1.0 / 3, Rational.Create(1, 3).ToDouble());
        var big = BigInteger.Pow(3, 2000);
        Assert.Equal(1.0 / 3, Rational.Create(big, 3 * big + 0).ToDouble());
        Assert.Equal(-2.5, Rational.Create(-5 * big, 2 * big).ToDouble());
        Assert.Equal(1e-300, Rational.Create(1, BigInteger.Pow(10, 300)).ToDouble(), 1e-314);
        Assert.Equal(0.0, Rational.Create(1, BigInteger.Pow(10, 400)).ToDouble());
        Assert.Equal(double.PositiveInfinity, Rational.Create(BigInteger.Pow(10, 400), 3).ToDouble());
        var rng = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            // p/q with p and q near 2^k apart by a random factor: the quotient is that factor, to within an ulp.
            var factor = rng.NextDouble() + 0.5;
            var q = BigInteger.Pow(7, rng.Next(30, 3000)) + rng.Next(1000);
            var p = q * new BigInteger(factor * (1L << 52)) >> 52;
            var r = Rational.Create(p, q).ToDouble();
            Assert.True(Math.Abs(r - factor) <= 4 * Math.BitIncrement(factor) - 4 * factor, $"{r} vs {factor}");
        }
    }

    // Issue 5 (review 9): 0.30000000000000004 was read as 0.3 and 1e308 as 9.999999999999998E+307. A literal is the
    // double nearest to its exact value, ties to even, as double.Parse (and Python) read it.
    [Theory]
    [InlineData("0.30000000000000004")]
    [InlineData("1e308")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("1.7976931348623158e308")]
    [InlineData("1.7976931348623159e308")] // past MaxValue + half an ulp: infinity
    [InlineData("123456789012345678")]
    [InlineData("9007199254740993")]       // 2^53 + 1, a tie: to even (2^53)
    [InlineData("9007199254740995")]       // 2^53 + 3, a tie: to even (2^53 + 4)
    [InlineData("4.9406564584124654e-324")]
    [InlineData("2.4703282292062327e-324")] // just below half the smallest subnormal: 0
    [InlineData("2.4703282292062328e-324")] // just above: the smallest subnormal
    [InlineData("2.2250738585072011e-308")]
    [InlineData("2.2250738585072014e-308")]
    [InlineData("1e23")]
    [InlineData("8.98846567431158e307")]
    [InlineData("0.1")]
    [InlineData("1e-400")]
    [InlineData("1e400")]
    public void Issue_5_literals_become_the_nearest_double(string text)
    {
        Assert.True(Rational.TryParseDecimal(text, out var value));
        Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), value.ToDouble());
        Assert.Equal(-double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), (-value).ToDouble());
    }

    [Fact]
    public void Issue_5_random_decimal_strings_round_as_double_Parse_does()
    {
        var rng = new Random(59);
        var compared = 0;
        for (var i = 0; i < 20000; i++)
        {
            var text = RandomDecimal(rng);
            if (!Rational.TryParseDecimal(text, out var value)) continue; // a power of ten beyond MaxDecimalExponent
            compared++;
            var expected = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(expected.Equals(value.ToDouble()), $"{text}: {value.ToDouble():R}, double.Parse {expected:R}");
        }
        Assert.True(compared > 15000, $"{compared}");
    }

    [Fact]
    public void Issue_5_halfway_cases_round_to_even()
    {
        // m * 2^k and the midpoints (2m + 1) * 2^(k-1) between neighbouring doubles, in decimal: every one exact.
        var rng = new Random(61);
        for (var i = 0; i < 3000; i++)
        {
            var m = (BigInteger)(rng.NextInt64(1L << 52, 1L << 53));
            var k = rng.Next(-1130, 972);
            var mid = 2 * m + rng.Next(-1, 2);
            var exact = k - 1 >= 0 ? Rational.Create(mid << (k - 1), 1) : Rational.Create(mid, BigInteger.One << (1 - k));
            var expected = double.Parse(Decimal(exact), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(expected.Equals(exact.ToDouble()), $"{mid}*2^{k - 1}: {exact.ToDouble():R}, double.Parse {expected:R}");
        }
    }

    // Integer or terminating fraction in plain decimal notation (every dyadic rational terminates).
    private static string Decimal(Rational r)
    {
        var den = r.Denominator;
        var twos = 0;
        while (den > 1) { den >>= 1; twos++; }
        var scaled = r.Numerator * BigInteger.Pow(5, twos);
        var digits = BigInteger.Abs(scaled).ToString().PadLeft(twos + 1, '0');
        var text = twos == 0 ? digits : digits[..^twos] + "." + digits[^twos..];
        return (r.IsNegative ? "-" : "") + text;
    }

    private static string RandomDecimal(Random rng)
    {
        var length = rng.Next(4) switch { 0 => rng.Next(1, 6), 1 => rng.Next(15, 20), 2 => rng.Next(1, 40), _ => rng.Next(40, 120) };
        var digits = new char[length];
        for (var k = 0; k < length; k++) digits[k] = (char)('0' + rng.Next(10));
        if (rng.Next(5) == 0) for (var k = length / 2; k < length; k++) digits[k] = rng.Next(2) == 0 ? '0' : '9';
        var mantissa = new string(digits);
        var dot = rng.Next(length + 1);
        if (rng.Next(2) == 0) mantissa = mantissa[..dot] + "." + mantissa[dot..];
        if (mantissa == ".") mantissa = "0.";
        var exponent = rng.Next(3) switch { 0 => 0, 1 => rng.Next(-30, 30), _ => rng.Next(-360, 340) - length / 2 };
        return exponent == 0 && rng.Next(2) == 0 ? mantissa : $"{mantissa}e{exponent}";
    }
}
