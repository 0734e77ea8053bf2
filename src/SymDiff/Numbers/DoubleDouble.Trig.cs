using System.Globalization;
using System.Numerics;

namespace SymDiff.Numbers;

// Circular functions in double-double: argument reduction by pi/2 (four-double pi/2 below 2^20, Payne-Hanek with
// 1600 bits of 2/pi above), Taylor kernels on |r| <= pi/4, and the inverses by one Newton step on tan.
public readonly partial struct DoubleDouble
{
    // sin r for |r| <= pi/4 (a little more is fine): r * sum c_k r^2k.
    private static DoubleDouble SinKernel(DoubleDouble r)
    {
        var r2 = Square(r);
        var p = Constants.SinCoefficients[^1];
        for (var k = Constants.SinCoefficients.Length - 2; k >= 0; k--) p = p * r2 + Constants.SinCoefficients[k];
        return p * r;
    }

    private static DoubleDouble CosKernel(DoubleDouble r)
    {
        var r2 = Square(r);
        var p = Constants.CosCoefficients[^1];
        for (var k = Constants.CosCoefficients.Length - 2; k >= 0; k--) p = p * r2 + Constants.CosCoefficients[k];
        return p;
    }

    /// <summary>r = x - k pi/2 with |r| about pi/4 at most, and k mod 4; x finite.</summary>
    private static DoubleDouble ReduceHalfPi(DoubleDouble x, out int quadrant)
    {
        var a = Math.Abs(x.Hi);
        if (a <= Math.PI / 4) { quadrant = 0; return x; }
        if (a < 1 << 20)
        {
            var k = Math.Round(x.Hi / Constants.PiOver2Parts[0]);
            quadrant = (int)((long)k & 3);
            return SubtractMultiple(x, k, Constants.PiOver2Parts);
        }
        var r = PayneHanek(Abs(x), out quadrant);
        if (!x.IsNegative) return r;
        quadrant = (4 - quadrant) & 3;
        return -r;
    }

    // |x| * 2/pi in exact integer arithmetic: x = N 2^E, T = floor(2^1600 2/pi); the integer part of N T 2^(E-1600)
    // gives the quadrant, the fraction (accurate to 2^-200, since N < 2^255) times pi/2 gives r.
    private static DoubleDouble PayneHanek(DoubleDouble x, out int quadrant)
    {
        var (n, e) = Decompose(x.Hi);
        if (x.Lo != 0)
        {
            var (nl, el) = Decompose(x.Lo);
            if (e - el <= 200)
            {
                n = (n << (e - el)) + nl;
                e = el;
            }
        }
        var shift = Constants.TwoOverPiScale - e;
        var product = n * Constants.TwoOverPiBits;
        var whole = product >> shift;
        var fraction = product - (whole << shift);
        quadrant = (int)(whole & 3);
        var unit = BigInteger.One << shift;
        if (fraction << 1 >= unit)
        {
            fraction -= unit;
            quadrant = (quadrant + 1) & 3;
        }
        return FromRatio(fraction, unit) * PiOver2;
    }

    // x = mantissa * 2^exponent exactly, the mantissa signed.
    private static (BigInteger Mantissa, int Exponent) Decompose(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52;
        return (x < 0 ? -mantissa : mantissa, exponent - 1075);
    }

    /// <summary>sin x; NaN for infinite x.</summary>
    public static DoubleDouble Sin(DoubleDouble x)
    {
        if (!x.IsFinite) return NaN;
        if (x.IsZero) return x;
        var r = ReduceHalfPi(x, out var q);
        return q switch
        {
            0 => SinKernel(r),
            1 => CosKernel(r),
            2 => -SinKernel(r),
            _ => -CosKernel(r),
        };
    }

    /// <summary>cos x; NaN for infinite x.</summary>
    public static DoubleDouble Cos(DoubleDouble x)
    {
        if (!x.IsFinite) return NaN;
        var r = ReduceHalfPi(x, out var q);
        return q switch
        {
            0 => CosKernel(r),
            1 => -SinKernel(r),
            2 => -CosKernel(r),
            _ => SinKernel(r),
        };
    }

    /// <summary>tan x; NaN for infinite x.</summary>
    public static DoubleDouble Tan(DoubleDouble x)
    {
        if (!x.IsFinite) return NaN;
        if (x.IsZero) return x;
        var r = ReduceHalfPi(x, out var q);
        var (s, c) = (SinKernel(r), CosKernel(r));
        return (q & 1) == 0 ? s / c : -c / s;
    }

    /// <summary>atan x in (-pi/2, pi/2).</summary>
    public static DoubleDouble Atan(DoubleDouble x)
    {
        if (x.IsNaN || x.IsZero) return x;
        if (x.IsInfinity) return x.Hi > 0 ? PiOver2 : -PiOver2;
        var a = Abs(x);
        // atan a = pi/2 - atan(1/a) above 1 (both terms positive, no cancellation).
        var result = a.Hi > 1 ? PiOver2 - AtanReduced(One / a) : AtanReduced(a);
        return x.IsNegative ? -result : result;
    }

    // atan a for 0 <= a <= 1: one Newton step on tan y = a from the double atan, y - (sin y - a cos y) cos y.
    private static DoubleDouble AtanReduced(DoubleDouble a)
    {
        if (a.IsZero) return a;
        DoubleDouble y = Math.Atan(a.Hi);
        var (s, c) = (SinKernel(y), CosKernel(y));
        return y - (s - a * c) * c;
    }

    /// <summary>The angle of (x, y) in [-pi, pi], with <see cref="Math.Atan2"/>'s signed zeros and infinities.</summary>
    public static DoubleDouble Atan2(DoubleDouble y, DoubleDouble x)
    {
        if (x.IsNaN || y.IsNaN) return NaN;
        var awayFromPositiveX = x.IsNegative; // x < 0 or x = -0: the angle is ±pi on the axis
        if (y.IsZero) return awayFromPositiveX ? (y.IsNegative ? -Pi : Pi) : y;
        if (x.IsZero) return y.Hi > 0 ? PiOver2 : -PiOver2;
        if (x.IsInfinity || y.IsInfinity)
        {
            DoubleDouble angle = !y.IsInfinity ? (awayFromPositiveX ? Pi : Zero)
                : !x.IsInfinity ? PiOver2
                : awayFromPositiveX ? ScaleB(Pi * 3.0, -2) : ScaleB(Pi, -2);
            return y.IsNegative ? -angle : angle;
        }
        if (Abs(y) <= Abs(x))
        {
            var a = Atan(y / x);
            return !awayFromPositiveX ? a : y.IsNegative ? a - Pi : a + Pi;
        }
        var b = Atan(x / y);
        return (y.IsNegative ? -PiOver2 : PiOver2) - b;
    }

    /// <summary>asin x = atan2(x, sqrt((1 - x)(1 + x))); NaN outside [-1, 1].</summary>
    public static DoubleDouble Asin(DoubleDouble x)
    {
        if (x.IsNaN || Math.Abs(x.Hi) > 1) return NaN;
        if (x.IsZero) return x;
        return Atan2(x, Sqrt((1.0 - x) * (x + 1.0)));
    }

    /// <summary>acos x = atan2(sqrt((1 - x)(1 + x)), x); NaN outside [-1, 1].</summary>
    public static DoubleDouble Acos(DoubleDouble x)
    {
        if (x.IsNaN || Math.Abs(x.Hi) > 1) return NaN;
        return Atan2(Sqrt((1.0 - x) * (x + 1.0)), x);
    }
}
