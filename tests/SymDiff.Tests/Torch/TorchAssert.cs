using SymDiff.Checking;
using SymDiff.Torch;

namespace SymDiff.Tests.Torch;

/// <summary>
/// Shared helpers of the Torch tests. Creating an oracle loads libtorch; where it cannot load, the
/// <see cref="TorchUnavailableException"/> (whose message says why) fails the test: these tests never skip.
/// </summary>
internal static class TorchAssert
{
    public static TorchAutogradOracle Oracle(NumericType type = NumericType.Float64) => new("cpu", type);

    /// <summary>|actual - expected| &lt;= tolerance * |expected| (exact for 0, infinities and NaN).</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0)
        {
            Assert.True(expected.Equals(actual), $"{what}: expected {expected:R}, autograd gave {actual:R}");
            return;
        }
        var error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance,
            $"{what}: expected {expected:R}, autograd gave {actual:R} (relative error {error:E2} > {tolerance:E0})");
    }
}
