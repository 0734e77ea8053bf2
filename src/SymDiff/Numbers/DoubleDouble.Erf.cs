namespace SymDiff.Numbers;

// The error function in double-double: a series of positive terms below 2, Laplace's continued fraction for erfc
// above, so erfc keeps its relative accuracy far into the tail (never 1 - erf there).
public readonly partial struct DoubleDouble
{
    // Below it erf comes from its series and erfc = 1 - erf loses at most a factor 1/erfc(2) = 214 in relative accuracy;
    // above it erfc comes from the continued fraction (about 230 terms at 2, 40 at 6).
    private const double SeriesLimit = 2;

    /// <summary>The error function, odd, ±1 at ±inf.</summary>
    public static DoubleDouble Erf(DoubleDouble x)
    {
        if (x.IsNaN || x.IsZero) return x;
        var a = Abs(x);
        var result = a.Hi < SeriesLimit ? ErfSeries(a) : 1.0 - ErfcTail(a);
        return x.IsNegative ? -result : result;
    }

    /// <summary>The complementary error function 1 - erf x, accurate in relative terms for large x (until it underflows).</summary>
    public static DoubleDouble Erfc(DoubleDouble x)
    {
        if (x.IsNaN) return x;
        if (x.IsNegative || x.IsZero) return 1.0 + Erf(-x);
        return x.Hi < SeriesLimit ? 1.0 - ErfSeries(x) : ErfcTail(x);
    }

    // erf a = 2/sqrt(pi) e^(-a^2) sum_n 2^n a^(2n+1) / (1 3 5 ... (2n+1)), a >= 0: every term positive, so no
    // cancellation (the Taylor series alternates and loses e^(a^2) to it).
    private static DoubleDouble ErfSeries(DoubleDouble a)
    {
        var square = Square(a);
        var ratio = ScaleB(square, 1);
        var term = a;
        var sum = a;
        for (var n = 1; n < Constants.InverseOdds.Length; n++)
        {
            term = term * ratio * Constants.InverseOdds[n];
            sum += term;
            if (term.Hi < sum.Hi * 1e-34) break;
        }
        return Constants.TwoOverSqrtPi * Exp(-square) * sum;
    }

    // erfc a for a >= 2 (or inf) by Laplace's continued fraction, evaluated backwards from a depth fitted to a
    // (N = 1000/a^2 + 20 reaches 2^-110 relative, checked against mpmath):
    // erfc a = e^(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...))))).
    private static DoubleDouble ErfcTail(DoubleDouble a)
    {
        if (a.IsInfinity || a.Hi > 27.3) return Zero; // erfc(27.3) < 2^-1074
        var depth = (int)Math.Ceiling(1000 / (a.Hi * a.Hi)) + 20;
        var t = a;
        for (var k = depth; k >= 1; k--) t = a + k * 0.5 / t;
        return ScaleB(Constants.TwoOverSqrtPi, -1) * Exp(-Square(a)) / t;
    }
}
