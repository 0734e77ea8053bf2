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
}
