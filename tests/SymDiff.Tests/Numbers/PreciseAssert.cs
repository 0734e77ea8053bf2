using SymDiff.Numbers;

namespace SymDiff.Tests.Numbers;

/// <summary>Assertions on double-double values against decimal constants (pasted from mpmath).</summary>
internal static class PreciseAssert
{
    /// <summary>|actual - expected| / |expected|, in double-double (the absolute error when expected is 0).</summary>
    public static double RelativeError(DoubleDouble expected, DoubleDouble actual)
    {
        if (expected.IsNaN || actual.IsNaN) return expected.IsNaN && actual.IsNaN ? 0 : double.PositiveInfinity;
        if (expected.IsInfinity || actual.IsInfinity) return expected == actual ? 0 : double.PositiveInfinity;
        var difference = DoubleDouble.Abs(actual - expected);
        return (expected.IsZero ? difference : difference / DoubleDouble.Abs(expected)).ToDouble();
    }

    public static void Close(string expected, DoubleDouble actual, double relativeTolerance, string because) =>
        Close(DoubleDouble.Parse(expected), actual, relativeTolerance, because);

    public static void Close(DoubleDouble expected, DoubleDouble actual, double relativeTolerance, string because)
    {
        var error = RelativeError(expected, actual);
        if (!(error <= relativeTolerance))
            Assert.Fail($"{because}: expected {expected}, got {actual} (relative error {error:G3}, tolerance {relativeTolerance:G3})");
    }

    /// <summary>Same bits, or NaN on both sides (signed zeros and infinities must match).</summary>
    public static void Same(double expected, DoubleDouble actual, string because)
    {
        var same = double.IsNaN(expected) ? actual.IsNaN
            : BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual.Hi) && actual.Lo == 0;
        if (!same) Assert.Fail($"{because}: expected {expected:R}, got {actual} (Hi {actual.Hi:R}, Lo {actual.Lo:R})");
    }
}
