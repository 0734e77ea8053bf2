using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>A hand-written derivative: the variable it differentiates by and the claimed expression.</summary>
public sealed record Claim(string Variable, Expr Expression, string Text);

/// <summary>
/// Verifies hand-written derivatives (the course's central exercise): first symbolically (the simplified
/// difference is 0), then numerically at many sampled points; a wrong claim gets a counterexample and, when a
/// usual mistake explains it, a hint (<see cref="MistakeHints"/>).
/// </summary>
/// <example><code>var parsed = ClaimCheck.Parse("cos(x^2)", prepared);
/// var results = ClaimCheck.Apply(prepared, parsed.Claims, results, oracle: null);</code></example>
public static class ClaimCheck
{
    /// <summary>How many sampled points must agree before a claim that symbolic simplification could not decide is called correct.</summary>
    public const int RequiredAgreeingPoints = 12;

    private static readonly Tolerance ClaimTolerance = new(1e-8, 1e-10);

    /// <summary>
    /// Parses "EXPR" (one differentiation variable) or "d/dx: EXPR; d/dy: EXPR". Errors carry the column in
    /// the claim text.
    /// </summary>
    public static (ImmutableArray<Claim> Claims, CaseError? Error) Parse(string text, PreparedCase c)
    {
        var claims = ImmutableArray.CreateBuilder<Claim>();
        var offset = 0;
        foreach (var part in text.Split(';'))
        {
            var partOffset = offset;
            offset += part.Length + 1;
            if (string.IsNullOrWhiteSpace(part)) continue;
            var body = part;
            var bodyOffset = partOffset;
            string? variable = null;
            var colon = part.IndexOf(':');
            if (colon >= 0)
            {
                var head = part[..colon].Trim();
                if (!head.StartsWith("d/d", StringComparison.Ordinal) || head.Length == 3)
                    return ([], Error($"expected 'd/dVARIABLE:' before the claimed derivative, found '{head}'", text, partOffset, colon));
                variable = head[3..].Trim();
                body = part[(colon + 1)..];
                bodyOffset = partOffset + colon + 1;
            }
            else if (c.Wrt.Length == 1) variable = c.Wrt[0];
            else
                return ([], Error($"the function has several variables ({string.Join(", ", c.Wrt)}): name each claim, e.g. 'd/d{c.Wrt[0]}: ...; d/d{c.Wrt[1]}: ...'", text, partOffset, part.Length));

            var parsed = Parser.Parse(body, c.Factory);
            if (parsed.Value is not { } claim)
            {
                var d = parsed.Diagnostics[0];
                return ([], Error($"in the claim: {d.Message}", text, bodyOffset + d.Span.Start, Math.Max(1, d.Span.Length)));
            }
            claims.Add(new Claim(variable, claim, body.Trim()));
        }
        if (claims.Count == 0) return ([], Error("the claim is empty", text, 0, Math.Max(1, text.Length)));
        return (claims.ToImmutable(), null);
    }

    private static CaseError Error(string message, string text, int start, int length) =>
        PointSpec.Error(message, text, start, length, "claim");

    /// <summary>Attaches each claim's verdict to the results; an incorrect claim makes its case fail.</summary>
    public static IReadOnlyList<CaseResult> Apply(PreparedCase c, ImmutableArray<Claim> claims, IReadOnlyList<CaseResult> results, IAutogradOracle? oracle)
    {
        var verdicts = claims.Select(claim => Verify(c, claim)).ToList();
        // One claim object per case in the JSON schema: report the first incorrect one, else the first.
        var shown = verdicts.FirstOrDefault(v => v.Verdict == ClaimVerdict.Incorrect) ?? verdicts[0];
        var notes = verdicts.Where(v => !ReferenceEquals(v, shown)).Select(Describe).ToList();
        var anyIncorrect = verdicts.Any(v => v.Verdict == ClaimVerdict.Incorrect);
        return [.. results.Select(r => r with
        {
            Claim = shown,
            Notes = [.. r.Notes, .. notes],
            Status = anyIncorrect && r.Status != CaseStatus.Error ? CaseStatus.Fail : r.Status,
        })];
    }

    /// <summary>
    /// One line for a claim: "claim d/dy = y: incorrect: at x = 1, y = -1 the claim gives -1, the derivative is 1;
    /// hint: ..." (a case carries one claim object; the other claims of a line go in its notes this way).
    /// </summary>
    public static string Describe(ClaimResult v)
    {
        var text = $"claim d/d{v.Variable} = {v.Expression}: {v.Verdict.ToString().ToLowerInvariant()}";
        if (v.Counterexample is { } at)
            text += $": at {string.Join(", ", at.Select(p => $"{p.Key} = {PointAnalysis.Show(p.Value)}"))} the claim gives " +
                    $"{PointAnalysis.Show(v.ClaimedValue ?? double.NaN)}, the derivative is {PointAnalysis.Show(v.TrueValue ?? double.NaN)}";
        else if (v.Reason is { } reason) text += $" ({reason})";
        if (v.Hint is { } hint) text += $"; hint: {hint}";
        return text;
    }

    /// <summary>Decides one claim: symbolically, then numerically, and looks for a hint when it is wrong.</summary>
    public static ClaimResult Verify(PreparedCase c, Claim claim)
    {
        var f = c.Factory;
        var function = c.Function!;
        var truth = SymDiff.Calculus.Derivatives.Nth(function, claim.Variable, c.Options.Order, f);
        var difference = Simplifier.Simplify(f.Sub(truth, claim.Expression), f).Value;
        if (difference is Num { Value.IsZero: true } || Expander.Expand(difference, f) is Num { Value.IsZero: true })
            return new ClaimResult(claim.Variable, claim.Text, ClaimVerdict.Correct, null, null, null, null, "equal symbolically");

        var variables = function.FreeSymbols.Union(claim.Expression.FreeSymbols).ToArray();
        var samples = SamplePoints(variables).ToList();
        var agreeing = 0;
        foreach (var point in samples)
        {
            var t = Evaluator.Evaluate(truth, point);
            if (!double.IsFinite(t)) continue;
            var claimed = Evaluator.Evaluate(claim.Expression, point);
            if (ClaimTolerance.Agrees(t, claimed)) { agreeing++; continue; }
            var hint = MistakeHints.Find(function, truth, claim, c.Options.Order, f, samples);
            return new ClaimResult(claim.Variable, claim.Text, ClaimVerdict.Incorrect,
                [.. variables.Select(v => KeyValuePair.Create(v, point[v]))], claimed, t, hint, null);
        }
        return agreeing >= RequiredAgreeingPoints
            ? new ClaimResult(claim.Variable, claim.Text, ClaimVerdict.Correct, null, null, null, null, $"equal numerically at {agreeing} sampled points")
            : new ClaimResult(claim.Variable, claim.Text, ClaimVerdict.Unknown, null, null, null, null,
                $"undecided: not equal symbolically, and the derivative is defined at only {agreeing} of {samples.Count} sampled points");
    }

    /// <summary>Simple points first (a counterexample at x = 1 is easy to check by hand), then seeded random ones.</summary>
    public static IEnumerable<Dictionary<string, double>> SamplePoints(IReadOnlyList<string> variables)
    {
        double[] simple = [1, 2, 0.5, -1, 3, -0.5, 1.5, -2];
        for (var i = 0; i < simple.Length; i++)
            yield return variables.Select((v, k) => (v, simple[(i + 3 * k) % simple.Length])).ToDictionary(p => p.v, p => p.Item2);
        var rng = new Random(20261125);
        for (var i = 0; i < 40; i++)
            yield return variables.ToDictionary(v => v, _ => Math.Round(rng.NextDouble() * 6 - 3, 3));
    }
}
