using SymDiff.Checking;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The verdict on one point in words, said the same way by every human-facing report (text and LaTeX):
/// "PASS  symbolic and autograd agree (rtol 1e-09, atol 1e-12)".
/// </summary>
/// <example><code>var (word, reason) = VerdictText.Of(result, tolerance); // ("PASS", "symbolic values agree ...")</code></example>
public static class VerdictText
{
    public static (string Word, string Reason) Of(CaseResult r, Tolerance tolerance) => r.Status switch
    {
        CaseStatus.Pass when r.Device is null => ("PASS", "symbolic values agree with finite differences (autograd not run)"),
        CaseStatus.Pass when ValuesDisagree(r, tolerance) => ("PASS", "the symbolic values are right; autograd differs for the reason in the notes"),
        CaseStatus.Pass => ("PASS", $"symbolic and autograd agree (rtol {tolerance.Relative:g}, atol {tolerance.Absolute:g})"),
        CaseStatus.Fail when r.Claims.Any(c => c.Verdict == ClaimVerdict.Incorrect) && !ValuesDisagree(r, tolerance) =>
            ("FAIL", "the claim is incorrect (the derivative itself checks out)"),
        CaseStatus.Fail when r.Claims.Any(c => c.Verdict == ClaimVerdict.Incorrect) => ("FAIL", "the claim is incorrect, and the values disagree"),
        CaseStatus.Fail => ("FAIL", "the values disagree"),
        CaseStatus.Undefined => ("UNDEFINED", "no value to check here: see the notes (outside the domain, beyond float64, or a derivative that is only a convention)"),
        _ => ("ERROR", ""),
    };

    public static bool ValuesDisagree(CaseResult r, Tolerance tolerance) =>
        r.Derivatives.Any(d => d.Symbolic is { } s && d.Autograd is { } a && !tolerance.Agrees(s, a));

    /// <summary>The claims of a result: all of them, or the one a single-claim result carries.</summary>
    public static IEnumerable<ClaimResult> ClaimsOf(CaseResult r) => r.Claims.IsEmpty && r.Claim is { } single ? [single] : r.Claims;

    /// <summary>The notes a report prints after the claims: a claim's one-line summary would repeat it.</summary>
    public static IEnumerable<string> NotesOf(CaseResult r) =>
        r.Notes.Where(n => r.Claims.IsEmpty || !n.StartsWith("claim ", StringComparison.Ordinal));
}
