using SymDiff.Checking;

namespace SymDiff.Tests.Fuzz;

/// <summary>Counts of what the fuzz saw, printed after each run, and what it covered.</summary>
internal sealed class Tally
{
    public int Cases;
    public int Points;
    public int Passed;
    public int UndefinedFunction;
    public int UndefinedDerivative;
    public int Failed;
    public int Wrong;
    public int SkippedNearKink;
    public int SkippedInfinite;
    public int SkippedKnownBug;
    public int SkippedTrapOverflow;

    /// <summary>Verdicts at points where float64 cannot decide a derivative (judged only as never FAIL; see Conditioning).</summary>
    public Dictionary<CaseStatus, int> IllConditioned { get; } = Enum.GetValues<CaseStatus>().ToDictionary(s => s, _ => 0);

    /// <summary>The features of the grammar the run's functions exercised (<see cref="FuzzCoverage"/>).</summary>
    public HashSet<string> Coverage { get; } = [];

    /// <summary>
    /// Verdicts accepted without proof, described: the FAILs at ill-conditioned points (test cases for the high-precision
    /// reference, issue 8 item 5) and the points where a derivative has no value though the function has one.
    /// </summary>
    public List<string> Noteworthy { get; } = [];

    public override string ToString()
    {
        var skipped = new List<string>();
        if (SkippedNearKink > 0) skipped.Add($"{SkippedNearKink} within 1e-6 of a kink");
        if (SkippedInfinite > 0) skipped.Add($"{SkippedInfinite} where an operation is infinite (a pole or an overflow)");
        if (SkippedKnownBug > 0) skipped.Add($"{SkippedKnownBug} where a reported bug outside the verdict code would show");
        if (SkippedTrapOverflow > 0) skipped.Add($"{SkippedTrapOverflow} where the undefined part overflowed instead");
        var unjudged = IllConditioned.Values.Sum();
        return $"{Cases} cases, {Points} points judged: {Passed} pass, {UndefinedFunction} undefined (the function as written), " +
               $"{UndefinedDerivative} undefined (a derivative has no value), {Failed} FAIL; {Wrong} wrong verdicts" +
               (skipped.Count > 0 ? $"; skipped {string.Join(", ", skipped)}" : "") +
               (unjudged > 0 ? $"; {unjudged} points where float64 cannot decide a derivative, never FAIL (" +
                   string.Join(", ", IllConditioned.Where(p => p.Value > 0).Select(p => $"{p.Value} {p.Key}")) + ")" : "");
    }
}
