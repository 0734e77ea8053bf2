using System.Numerics;
using SymDiff.Numbers;
using D = SymDiff.Numbers.DoubleDouble;

namespace SymDiff.Tests.Numbers;

public class DoubleDoubleTests
{
    // 2^-104: the relative accuracy of one double-double operation (a few units of 2^-106).
    private static readonly double OneOperation = Math.ScaleB(1, -104);

    private static Rational Exact(D x) => x.ToRational();

    // |x - r| <= tolerance * |r|, decided exactly.
    private static void AssertNear(Rational expected, D actual, double tolerance, string because)
    {
        var error = (Exact(actual) - expected).Abs();
        var bound = expected.Abs() * D.ExactRational(tolerance);
        Assert.True(error.CompareTo(bound) <= 0, $"{because}: {actual} is {D.FromRational(error)} from {D.FromRational(expected)}");
    }

    [Fact]
    public void A_double_converts_exactly()
    {
        foreach (var x in new[] { 0.1, -1e-300, 1.7976931348623157e308, double.Epsilon, 3.0 })
        {
            var d = new D(x);
            Assert.Equal(x, d.Hi);
            Assert.Equal(0.0, d.Lo);
            Assert.Equal(D.ExactRational(x), Exact(d));
        }
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(-2, 3)]
    [InlineData(1, 10)]
    [InlineData(22, 7)]
    [InlineData(123456789, 1000000007)]
    public void A_rational_converts_correctly_rounded(int numerator, int denominator)
    {
        var r = Rational.Create(numerator, denominator);
        var d = D.FromRational(r);
        Assert.Equal(r.ToDouble(), d.Hi);
        // Rounded once to 106 bits: within half a unit of the low part's last place.
        AssertNear(r, d, Math.ScaleB(1, -106), $"{r}");
    }

    [Fact]
    public void Huge_and_tiny_rationals_overflow_to_infinity_and_underflow_to_zero()
    {
        var big = BigInteger.Pow(10, 400);
        Assert.Equal(double.PositiveInfinity, D.FromRational(big).Hi);
        Assert.Equal(double.NegativeInfinity, D.FromRational(-big).Hi);
        Assert.Equal(0.0, D.FromRational(Rational.Create(1, big)).Hi);
        Assert.True(D.FromRational(Rational.Create(-1, big)).IsNegative);
        // Numerator and denominator both far beyond double's range, the quotient ordinary.
        var third = D.FromRational(Rational.Create(big + 1, 3 * big));
        AssertNear(Rational.Create(1, 3), third, 1e-31, "(10^400 + 1)/(3 10^400)");
        Assert.Equal(1e300, D.FromRational(BigInteger.Pow(10, 300)).Hi);
        Assert.Equal(1e-300, D.FromRational(Rational.Create(1, BigInteger.Pow(10, 300))).Hi);
        Assert.Equal(double.MaxValue, D.FromRational(D.ExactRational(double.MaxValue)).Hi);
        Assert.Equal(double.Epsilon, D.FromRational(Rational.Create(1, BigInteger.Pow(2, 1074))).Hi);
        Assert.Equal(double.PositiveInfinity, D.FromRational(BigInteger.Pow(2, 1024)).Hi);
    }

    [Fact]
    public void Error_free_sums_and_products_keep_what_double_loses()
    {
        Assert.Equal(1.0, ((D)1e16 + 1.0 - 1e16).Hi);          // double: 0
        var tiny = D.One + 1e-20;
        Assert.Equal((1.0, 1e-20), (tiny.Hi, tiny.Lo));
        var square = (D)(1 + Math.ScaleB(1, -30)) * (1 + Math.ScaleB(1, -30));
        Assert.Equal(Rational.Create(BigInteger.Pow((BigInteger.One << 30) + 1, 2), BigInteger.One << 60), Exact(square));
        var third = D.One / 3;
        PreciseAssert.Close("1", third * 3, 1e-31, "(1/3)*3");
        PreciseAssert.Close("0.3333333333333333333333333333333333333333", third, 1e-32, "1/3");
        PreciseAssert.Close("1.414213562373095048801688724209698078570", D.Sqrt(2), 1e-32, "sqrt 2");
        PreciseAssert.Close("2", D.Square(D.Sqrt(2)), 1e-31, "sqrt(2)^2");
    }

    [Fact]
    public void Random_operations_are_within_a_few_units_of_2_to_the_minus_106()
    {
        var random = new Random(8);
        D Next()
        {
            var hi = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            return D.FromSum(hi, hi * Math.ScaleB(random.NextDouble() - 0.5, -53));
        }
        for (var i = 0; i < 2000; i++)
        {
            var (a, b) = (Next(), Next());
            var (ra, rb) = (Exact(a), Exact(b));
            var where = $"a = {a}, b = {b}";
            if (!(ra + rb).IsZero) AssertNear(ra + rb, a + b, 2 * OneOperation, $"a + b, {where}");
            if (!(ra - rb).IsZero) AssertNear(ra - rb, a - b, 2 * OneOperation, $"a - b, {where}");
            AssertNear(ra * rb, a * b, 2 * OneOperation, $"a * b, {where}");
            AssertNear(ra / rb, a / b, 2 * OneOperation, $"a / b, {where}");
            var s = D.Sqrt(D.Abs(a));
            AssertNear(ra.Abs(), D.Square(s), 4 * OneOperation, $"sqrt(|a|)^2, {where}");
        }
    }

    [Fact]
    public void Special_values_follow_IEEE()
    {
        PreciseAssert.Same(double.PositiveInfinity, D.One / 0.0, "1/0");
        PreciseAssert.Same(double.NegativeInfinity, -D.One / 0.0, "-1/0");
        PreciseAssert.Same(double.NegativeInfinity, D.One / -0.0, "1/-0");
        PreciseAssert.Same(double.NaN, D.Zero / 0.0, "0/0");
        PreciseAssert.Same(double.NaN, D.PositiveInfinity - D.PositiveInfinity, "inf - inf");
        PreciseAssert.Same(double.NaN, D.Zero * D.PositiveInfinity, "0 * inf");
        PreciseAssert.Same(double.NaN, D.Zero * D.NaN, "0 * NaN");
        PreciseAssert.Same(double.NaN, D.NaN + 1.0, "NaN + 1");
        PreciseAssert.Same(0.0, D.One / D.PositiveInfinity, "1/inf");
        PreciseAssert.Same(-0.0, (D)(-0.0) * 3.0, "-0 * 3");
        PreciseAssert.Same(-0.0, (D)(-0.0) + (D)(-0.0), "-0 + -0");
        PreciseAssert.Same(0.0, D.One - D.One, "1 - 1");
        PreciseAssert.Same(double.PositiveInfinity, (D)1e308 * 10.0, "overflow");
        PreciseAssert.Same(double.PositiveInfinity, (D)double.MaxValue + double.MaxValue, "overflow of a sum");
        PreciseAssert.Same(double.NaN, D.Sqrt(-1), "sqrt(-1)");
        PreciseAssert.Same(-0.0, D.Sqrt(-0.0), "sqrt(-0)");
        PreciseAssert.Same(double.PositiveInfinity, D.Sqrt(D.PositiveInfinity), "sqrt(inf)");
        Assert.True(D.PositiveInfinity.Lo == 0 && D.NaN.Lo == 0);
    }

    [Fact]
    public void Comparisons_see_the_low_part_and_are_false_with_NaN()
    {
        var above = D.One + 1e-25;
        Assert.True(above > D.One && D.One < above && above >= D.One && above != D.One);
        Assert.Equal(1.0, above.ToDouble());
        Assert.False(D.NaN < D.One || D.NaN > D.One || D.NaN == D.NaN || D.NaN <= D.NaN);
        Assert.True(D.NaN != D.NaN);
        Assert.True(D.NaN.Equals(D.NaN));
        Assert.Equal([D.NaN, -D.One, D.One, above], new[] { above, D.One, D.NaN, -D.One }.Order().ToArray());
        PreciseAssert.Same(0.0, D.Max(-0.0, 0.0), "max(-0, 0)");
        PreciseAssert.Same(-0.0, D.Min(0.0, -0.0), "min(0, -0)");
        PreciseAssert.Same(double.NaN, D.Max(D.NaN, 1), "max(NaN, 1)");
        Assert.Equal(-2.0, D.Floor(-1.5).Hi);
        Assert.Equal(0.0, D.Floor(D.One - 1e-30).Hi);
        Assert.True(((D)3).IsInteger && !(D.One + 1e-30).IsInteger && !D.PositiveInfinity.IsInteger);
    }

    [Theory]
    [InlineData("0.1", "0.1")]
    [InlineData("-2.5e-200", "-2.5e-200")]
    [InlineData("123456789012345678901234567890.5", "1.234567890123456789012345678905e+29")]
    [InlineData("1e400", "Infinity")]
    [InlineData("-1e-400", "-0")]
    [InlineData("nan", "NaN")]
    [InlineData("-inf", "-Infinity")]
    [InlineData("0.000012", "0.000012")]
    [InlineData("1e20", "100000000000000000000")]
    public void Parse_and_print(string text, string printed)
    {
        Assert.Equal(printed, D.Parse(text).ToString());
    }

    [Fact]
    public void Constants_print_their_first_32_digits()
    {
        Assert.Equal("3.1415926535897932384626433832795", D.Pi.ToString(32));
        Assert.Equal("2.7182818284590452353602874713527", D.E.ToString(32));
        Assert.Equal("0.69314718055994530941723212145818", D.Ln2.ToString(32));
        Assert.Equal("2.3025850929940456840179914546844", D.Ln10.ToString(32));
        Assert.Equal(Math.PI, D.Pi.Hi);
        Assert.Equal(Math.E, D.E.Hi);
        Assert.Equal("1.5707963267948966192313216916398", D.PiOver2.ToString(32));
    }

    [Fact]
    public void Printing_round_trips()
    {
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var hi = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300));
            var x = D.FromSum(hi, hi * Math.ScaleB(random.NextDouble() - 0.5, -53));
            var back = D.Parse(x.ToString(34));
            Assert.True(PreciseAssert.RelativeError(x, back) <= 1e-33, $"{x.Hi:R} + {x.Lo:R} printed {x.ToString(34)}, read back {back}");
        }
        Assert.False(D.TryParse("1.2.3", out _));
        Assert.False(D.TryParse("", out _));
        Assert.False(D.TryParse("e5", out _));
        Assert.Throws<FormatException>(() => D.Parse("x"));
    }
}
