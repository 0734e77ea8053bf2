using System.Collections.Immutable;
using SymDiff.Evaluation;

namespace SymDiff.Checking;

/// <summary>
/// The function as written had no value at any of <see cref="Points"/> sampled points; <see cref="Finding"/> names
/// the subexpression at the first of them, <see cref="At"/> ("x = 1"). Sampling proves nothing about the points
/// between, so this is never called "everywhere" (only <see cref="DomainAnalysis.Everywhere"/> proves that).
/// </summary>
/// <example><code>var s = SampledDomain.UndefinedAtEverySample(written); // log(x,0): 97 points, "log(x,0) is NaN: ..."</code></example>
public sealed record SampledFinding(DomainFinding Finding, int Points, string At)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>Sampled points where float64 could not evaluate it (an overflow), which count neither way.</summary>
    public int BeyondFloat64 { get; init; }

    /// <summary>"the function as written is undefined at every one of 97 sampled points, e.g. at x = 1: ...".</summary>
    public string Note =>
        $"the function as written is undefined at every one of {Points} sampled points (each variable from -1e+12 to 1e+12, 0 included" +
        (BeyondFloat64 > 0 ? $"; {BeyondFloat64} more were beyond float64's range" : "") + "), " +
        $"e.g. at {At}: {Finding.Description}";
}

/// <summary>
/// Tries the written form at seeded points over many scales, so a function with no value where it is tried
/// (log(x,0), sqrt(-1-x^2)) is reported without a point, as a constant without a value is.
/// </summary>
/// <example><code>if (SampledDomain.UndefinedAtEverySample(written) is { } s) notes.Add(s.Note);</code></example>
public static class SampledDomain
{
    // Powers of ten beyond the claim points' [-10, 10]: sqrt(x - 1000) has values only there.
    private static readonly int[] FarExponents = [2, 3, 4, 6, 9, 12];

    /// <summary>
    /// Null as soon as one sampled point has a value (PERF: most functions have one at the first, x = 1), else the
    /// first point's finding. Only domain errors count: an overflow, or an undefined value that is only float64's
    /// rounding (log(1 - sigmoid(40 + x^2))), does not make a function undefined.
    /// </summary>
    public static SampledFinding? UndefinedAtEverySample(WrittenForm written)
    {
        ArgumentNullException.ThrowIfNull(written);
        (DomainFinding Finding, Dictionary<string, double> Point)? first = null;
        var (count, beyond) = (0, 0);
        foreach (var point in Points(written.Variables))
        {
            var inputs = written.Inputs(point);
            var found = DomainAnalysis.Explain(written, inputs);
            if (found is null) return null;
            // Beyond float64 (log(-exp(x)) at x = 1e12: exp overflows first) says nothing about the domain either way.
            if (found.Problem == DomainProblem.Overflow)
            {
                beyond++;
                continue;
            }
            if (first is null)
            {
                if (DomainAnalysis.RoundingOnly(written, inputs, found) is not null) return null;
                first = (found, point);
            }
            count++;
        }
        if (first is not { } f) return null;
        return new SampledFinding(f.Finding, count, DomainAnalysis.Describe(written.Variables, f.Point)) { BeyondFloat64 = beyond };
    }

    // The claim points (x = 1 first, so the note's example is easy to follow), the origin, then far points with
    // every sign pattern of the first variables.
    private static IEnumerable<Dictionary<string, double>> Points(ImmutableArray<string> variables)
    {
        foreach (var p in ClaimCheck.SamplePoints(variables, null)) yield return p;
        yield return variables.ToDictionary(v => v, _ => 0.0);
        foreach (var k in FarExponents)
            for (var signs = 0; signs < 4; signs++)
                yield return variables.Select((v, i) => (v, ((signs >> (i % 2)) & 1) == 0 ? Math.Pow(10, k) : -Math.Pow(10, k)))
                    .ToDictionary(p => p.v, p => p.Item2);
    }
}
