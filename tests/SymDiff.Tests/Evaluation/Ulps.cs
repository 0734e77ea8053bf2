namespace SymDiff.Tests.Evaluation;

/// <summary>Distances between doubles in units in the last place, for kernels that may round differently.</summary>
internal static class Ulps
{
    /// <summary>The number of doubles between a and b (0 for the same bits or NaN on both sides); long.MaxValue when
    /// only one is NaN or infinite, or they are infinities of different signs.</summary>
    public static long Between(double a, double b)
    {
        if (EvalAssert.Same(a, b)) return 0;
        if (double.IsNaN(a) || double.IsNaN(b) || double.IsInfinity(a) || double.IsInfinity(b)) return long.MaxValue;
        // Doubles ordered as integers: negative ones mirrored below zero (-0 and +0 both map to 0).
        static long Ordered(double d)
        {
            var bits = BitConverter.DoubleToInt64Bits(d);
            return bits < 0 ? -(bits & long.MaxValue) : bits;
        }
        return Math.Abs(Ordered(a) - Ordered(b));
    }

    /// <summary>NaN, infinities and zeros (with their signs) in the same places, finite values within <paramref name="bound"/>.</summary>
    public static bool Within(double expected, double actual, long bound) =>
        SameKind(expected, actual) && Between(expected, actual) <= bound;

    /// <summary>Both NaN, the same infinity, the same signed zero, or both finite and non-zero.</summary>
    public static bool SameKind(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) || double.IsInfinity(a) || double.IsInfinity(b) || a == 0 || b == 0
            ? EvalAssert.Same(a, b)
            : true;
}
