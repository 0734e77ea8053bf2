using SymDiff.Evaluation;

namespace SymDiff.Checking;

/// <summary>
/// Decides which of two disagreeing double-precision values is right: finite differences of the function as written,
/// evaluated in 31-digit arithmetic (<see cref="WrittenDifferences.Precise"/>), a reference independent of the
/// differentiator and of the digits the written form loses to cancellation in double precision.
/// </summary>
internal static class Reference
{
    // Agreement with the reference: its own accuracy is about 1e-13 relative after extrapolation.
    private static readonly Tolerance WithReference = new(1e-9, 1e-12);

    /// <summary>
    /// A note when the reference confirms the symbolic value of derivative <paramref name="k"/> and rules out
    /// <paramref name="other"/> (the value of <paramref name="source"/>); null when it does not, or cannot decide.
    /// </summary>
    public static string? Confirms(PreparedCase c, int k, IReadOnlyDictionary<string, double> point, double symbolic, double other, string source)
    {
        var written = c.Written!;
        var d = c.Derivatives[k];
        if (WrittenDifferences.Precise(written, written.Inputs(point), d.Variables) is not var (reference, error)) return null;
        var scale = Math.Max(Math.Abs(reference), 1e-300);
        if (!double.IsFinite(reference) || error > 1e-10 * Math.Max(1, Math.Abs(reference))) return null;
        if (!WithReference.Agrees(symbolic, reference) || WithReference.Agrees(other, reference)) return null;
        // Named like every per-derivative note ("df/dy: ..."): with several derivatives, which one is confirmed matters.
        var label = DerivativeLabel.Of(d.Variables);
        if (!double.IsFinite(other))
            return $"{label}: a 31-digit evaluation of the function as written gives {DomainAnalysis.Show(reference)}, confirming the symbolic value: " +
                   $"{source} gives {DomainAnalysis.Show(other)}, its chain rule multiplying 0 by a derivative without a value in the written form";
        var relative = Math.Abs(other - reference) / scale;
        var lost = Math.Clamp((int)Math.Round(16 + Math.Log10(relative)), 1, 16);
        return $"{label}: a 31-digit evaluation of the function as written gives {DomainAnalysis.Show(reference)}, confirming the symbolic value: " +
               $"{source} {(source.EndsWith('s') ? "compute" : "computes")} the written form in double precision and lose{(source.EndsWith('s') ? "" : "s")} about {lost} of its 16 digits here (cancellation)";
    }
}
