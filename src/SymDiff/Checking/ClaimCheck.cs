using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Functions;
using SymDiff.Expressions;
using SymDiff.Numbers;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>A hand-written derivative: the variable it differentiates by, the claimed expression (canonical, for
/// symbolic comparison) and its written form (the truth for where the claim is defined).</summary>
public sealed record Claim(string Variable, Expr Expression, string Text)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public WrittenForm? Written { get; init; }

    /// <summary>
    /// The variables it differentiates by, in order ([x, y] for d2f/dxdy); empty means <see cref="Variable"/> as
    /// many times as the case's order.
    /// </summary>
    public ImmutableArray<string> Path { get; init; } = [];
}

/// <summary>
/// Verifies hand-written derivatives (the course's central exercise) as a careful grader would: a claim is correct iff
/// it equals the derivative wherever both are defined and the function is differentiable. Symbolic simplification
/// decides first (a zero difference is equal, a nonzero numeric difference is incorrect however small); otherwise
/// seeded random points over several scales, the case's own points and a few simple ones are compared in 31-digit
/// arithmetic to the digits that evaluation resolves there, so a rounded coefficient or a tiny extra term is
/// incorrect, and a correct verdict says how many digits were checked. Points where the two differ only at
/// a kink, a tie or a removable singularity of the claim go in a note, never in a counterexample; a counterexample is
/// always a point where the function is differentiable and the claim defined. A wrong claim gets a hint when a usual
/// mistake explains it (<see cref="MistakeHints"/>).
/// </summary>
/// <example><code>var parsed = ClaimCheck.Parse("cos(x^2)", prepared);
/// var results = ClaimCheck.Apply(prepared, parsed.Claims, results, oracle: null);</code></example>
public static class ClaimCheck
{
    /// <summary>How many sampled points must agree before a claim that symbolic simplification could not decide is called correct.</summary>
    public const int RequiredAgreeingPoints = 12;

    /// <summary>
    /// The relative error of one double-double evaluation at a point, as a multiple of what the double evaluation of
    /// the same operations lost there (at least 8 units of double rounding): both round the same operations, with
    /// units 2^-106 and 2^-53, so the condition that cost double its digits costs double-double 2^-53 times as much.
    /// A factor 2^8 covers a double evaluation that lost less than its condition by luck, and functions accurate to
    /// a few units of 1e-32 (<see cref="PreciseFunctions"/>). At a well-conditioned point the bound is
    /// 2^-53 · 8 · 2^-53 · 2^8 ≈ 2.5e-29 a side; at the worst point judged (double loses up to half its digits,
    /// <see cref="LosesHalfItsDigits"/>) about 3e-22.
    /// </summary>
    private static double PreciseError(double doubleRelativeError) =>
        Math.Max(doubleRelativeError, 8 * DoubleUnit) * DoubleUnit * 256;

    private const double DoubleUnit = 1.0 / (1L << 53);

    /// <summary>Relative difference in double precision above which two values clearly differ (no exact evaluation needed).</summary>
    private const double ClearlyDifferent = 1e-7;

    /// <summary>
    /// Parses "EXPR" (one differentiation variable) or "d/dx: EXPR; d/dy: EXPR", and for second derivatives
    /// "d2/dx2: EXPR; d2/dxdy: EXPR" (<see cref="ClaimLabel"/>). Errors carry the column in the claim text.
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
            ImmutableArray<string> path;
            var colon = part.IndexOf(':');
            if (colon >= 0)
            {
                var head = part[..colon].Trim();
                var (labelled, error) = ClaimLabel.Read(head, c.Wrt, c.Options.Order);
                if (error is not null) return ([], Error(error, text, partOffset, colon));
                path = labelled;
                body = part[(colon + 1)..];
                bodyOffset = partOffset + colon + 1;
            }
            else if (c.Wrt.Length == 1) path = [.. Enumerable.Repeat(c.Wrt[0], c.Options.Order)];
            else
                return ([], Error($"the function has several variables ({string.Join(", ", c.Wrt)}): name each claim, e.g. {ClaimLabel.Example(c.Wrt, c.Options.Order)}", text, partOffset, part.Length));

            // Two claims of one derivative (d/dx: y; d/dx: 2): which one is meant? Say so rather than judge both.
            if (claims.FirstOrDefault(k => k.Path.SequenceEqual(path)) is { } earlier)
                return ([], Error($"two claims of {DerivativeLabel.Of(path)} ('{earlier.Text}' and '{body.Trim()}'): give one claim per derivative", text, partOffset, part.Length));
            var parsed = Parser.Parse(body, c.Factory);
            if (parsed.Value is not { } claim)
            {
                var d = parsed.Diagnostics[0];
                return ([], PointSpec.Error($"in the claim: {d.Message}", text, bodyOffset + d.Span.Start, Math.Max(1, d.Span.Length), "claim", d.Code));
            }
            // A name f does not have is bad input, not a wrong derivative: most often a where-name copied from grad's
            // output (s for sigmoid(w*x + b)), which is for reading only.
            if (parsed.Variables.FirstOrDefault(v => !c.Variables.Contains(v)) is { } stranger)
            {
                var at = FirstUse(body, stranger);
                var message = DiagnosticMessages.Format(DiagnosticCode.UnknownClaimVariable, stranger, string.Join(", ", c.Variables));
                return ([], PointSpec.Error($"in the claim: {message}", text, bodyOffset + at, stranger.Length, "claim", DiagnosticCode.UnknownClaimVariable));
            }
            claims.Add(new Claim(path[0], claim, body.Trim())
            {
                Path = path,
                Written = WrittenForm.Lower(parsed.Syntax!, parsed.Text, parsed.Variables),
            });
        }
        if (claims.Count == 0) return ([], Error("the claim is empty", text, 0, Math.Max(1, text.Length)));
        return (claims.ToImmutable(), null);
    }

    // Where a name is first used as a whole word in the claim's text (0 when only the parser can tell).
    private static int FirstUse(string body, string name) =>
        System.Text.RegularExpressions.Regex.Match(body, $@"(?<![\w.]){System.Text.RegularExpressions.Regex.Escape(name)}(?!\w)") is { Success: true } m ? m.Index : 0;

    private static CaseError Error(string message, string text, int start, int length) =>
        PointSpec.Error(message, text, start, length, "claim");

    /// <summary>Attaches each claim's verdict to the results; an incorrect claim makes its case fail.</summary>
    public static IReadOnlyList<CaseResult> Apply(PreparedCase c, ImmutableArray<Claim> claims, IReadOnlyList<CaseResult> results, IAutogradOracle? oracle)
    {
        var own = results.Where(r => r.Point is not null).Select(r => (IReadOnlyDictionary<string, double>)r.Point!.Value.ToDictionary()).ToList();
        var verdicts = claims.Select(claim => Verify(c, claim, own)).ToList();
        // The case's claim object (kept for the JSON schema): the first incorrect one, else the first; all are in Claims.
        var shown = verdicts.FirstOrDefault(v => v.Verdict == ClaimVerdict.Incorrect) ?? verdicts[0];
        var notes = verdicts.Where(v => !ReferenceEquals(v, shown)).Select(Describe).ToList();
        var anyIncorrect = verdicts.Any(v => v.Verdict == ClaimVerdict.Incorrect);
        return [.. results.Select(r => r with
        {
            Claim = shown,
            Claims = [.. verdicts],
            Notes = [.. r.Notes, .. notes],
            Status = anyIncorrect && r.Status != CaseStatus.Error ? CaseStatus.Fail : r.Status,
        })];
    }

    /// <summary>"df/dx", "d2f/dx2": how a claim's derivative is named (as the derivative tables name it).</summary>
    public static string Label(ClaimResult v) => DerivativeLabel.Of(Path(v));

    /// <summary>The variables a claim differentiates by, in order: [x] for df/dx, [x, x] for d2f/dx2, [x, y] for d2f/dxdy.</summary>
    public static IReadOnlyList<string> Path(ClaimResult v) => v.Variables.IsDefaultOrEmpty ? [.. Enumerable.Repeat(v.Variable, v.Order)] : v.Variables;

    /// <summary>
    /// One line for a claim: "claim df/dy = y: incorrect: at x = 1, y = -1 the claim gives -1, the derivative is 1;
    /// hint: ..." (a case carries one claim object; the other claims of a line go in its notes this way).
    /// </summary>
    public static string Describe(ClaimResult v)
    {
        var text = $"claim {Label(v)} = {v.Expression}: {v.Verdict.ToString().ToLowerInvariant()}";
        if (v.Counterexample is { } at)
            text += $": at {string.Join(", ", at.Select(p => $"{p.Key} = {DomainAnalysis.Show(p.Value)}"))} the claim gives " +
                    $"{DomainAnalysis.Show(v.ClaimedValue ?? double.NaN)}, the derivative is {DomainAnalysis.Show(v.TrueValue ?? double.NaN)}";
        else if (v.Reason is { } reason) text += $" ({reason})";
        if (v.Hint is { } hint) text += $"; hint: {hint}";
        if (v.Exceptions is { } exceptions) text += $"; {exceptions}";
        return text;
    }

    /// <summary>Decides one claim (see the class); <paramref name="ownPoints"/> are the case's points, judged too.</summary>
    public static ClaimResult Verify(PreparedCase c, Claim claim, IReadOnlyList<IReadOnlyDictionary<string, double>>? ownPoints = null)
    {
        var f = c.Factory;
        var function = c.Function!;
        ImmutableArray<string> path = claim.Path.IsDefaultOrEmpty ? [.. Enumerable.Repeat(claim.Variable, c.Options.Order)] : claim.Path;
        var order = path.Length;
        var truth = path.Aggregate(function, (e, v) => SymDiff.Calculus.Differentiator.Differentiate(e, v, f));
        ClaimResult Result(ClaimVerdict verdict, string? reason) =>
            new(claim.Variable, claim.Text, verdict, null, null, null, null, reason) { Order = order, Variables = path };

        // The claim minus the derivative: 0 is equality; a nonzero number differs wherever both are defined, however
        // small (exp(x) + 1e-300); anything else is shown when a claim agrees to many digits but not all.
        var difference = Simplifier.Simplify(f.Sub(claim.Expression, truth), f).Value;
        var expanded = Expander.Expand(difference, f);
        if (difference is Num { Value.IsZero: true } || expanded is Num { Value.IsZero: true })
            return Result(ClaimVerdict.Correct, "equal symbolically");
        var shownDifference = expanded.TreeSize < difference.TreeSize ? expanded : difference;
        var constantDifference = (difference as Num ?? expanded as Num)?.Value;

        var variables = c.Variables.Union(function.FreeSymbols).Union(claim.Expression.FreeSymbols).ToArray();
        var truthProgram = ExprProgram.Lower(truth, variables);
        var claimWritten = claim.Written ?? throw new ArgumentException("The claim has no written form; parse it with ClaimCheck.Parse.", nameof(claim));
        var judged = new List<Dictionary<string, double>>();
        var exceptions = new List<string>();
        (Dictionary<string, double> Point, double Claimed, double True, DoubleDouble PreciseClaim, DoubleDouble PreciseTrue, double Relative, double Resolution)? closest = null;
        var coarsest = 0.0; // the largest relative difference a judged point could not resolve
        foreach (var point in SamplePoints(variables, ownPoints))
        {
            if (c.Written is { } written && DomainAnalysis.Explain(written, written.Inputs(point)) is not null) continue;
            var t = Interpreter.EvaluateWithStrongZero(truthProgram, [.. variables.Select(v => point[v])])[0];
            if (!double.IsFinite(t)) continue;
            var claimUndefined = DomainAnalysis.Explain(claimWritten, claimWritten.Inputs(point));
            if (claimUndefined is { Problem: DomainProblem.Overflow }) continue; // beyond float64, not outside the domain
            var claimed = claimWritten.Evaluate(point);
            var onKink = PointAnalysis.FindKinks(function, point).Count > 0;
            if (claimUndefined is not null || onKink)
            {
                // Not a place to judge a derivative: say so only where the two visibly differ.
                var differs = claimUndefined is not null || Math.Abs(t - claimed) > ClearlyDifferent * Math.Max(1, Math.Abs(t));
                if (differs && exceptions.Count < 3)
                    exceptions.Add(claimUndefined is not null
                        ? $"the claim is undefined at {At(point, variables)} ({claimUndefined.Description}), where the derivative is {DomainAnalysis.Show(t)}"
                        : $"at {At(point, variables)} the function has a kink, where the derivative is a convention ({DomainAnalysis.Show(t)}) and the claim gives {DomainAnalysis.Show(claimed)}");
                continue;
            }
            // Exactly, in 31-digit arithmetic (double precision where that has no value: the strong zero of a branch not taken).
            var preciseTruth = PreciseEvaluator.Evaluate(truth, point);
            var preciseClaim = PreciseEvaluator.Evaluate(claim.Expression, point);
            // Where cancellation costs double precision half its digits (sigmoid's 1 - sigmoid(x) at x = 45), the
            // 31-digit value has lost as many: such a point cannot decide equality to many digits either way.
            if (LosesHalfItsDigits(t, preciseTruth) || LosesHalfItsDigits(claimed, preciseClaim)) continue;
            var precise = preciseTruth - preciseClaim;
            var relative = precise.IsFinite
                ? Math.Abs((double)precise) / Math.Max(Math.Max(Math.Abs(t), Math.Abs(claimed)), 1e-300)
                : Relative(t, claimed);
            // What this point resolves: the two evaluations' error bounds (each relative to its own value, so their
            // sum bounds the difference relative to the larger).
            var resolution = PreciseError(DoubleError(t, preciseTruth)) + PreciseError(DoubleError(claimed, preciseClaim));
            if (relative > ClearlyDifferent)
            {
                var hint = MistakeHints.Find(function, truth, claim, order, f, judged.Count >= 5 ? judged : [.. SamplePoints(variables, null).Take(48)]);
                return new ClaimResult(claim.Variable, claim.Text, ClaimVerdict.Incorrect,
                    [.. variables.Select(v => KeyValuePair.Create(v, point[v]))], claimed, t, hint, null) { Order = order, Variables = path };
            }
            if (relative > resolution && closest is null)
                closest = (point, claimed, t, preciseClaim, preciseTruth, relative, resolution);
            coarsest = Math.Max(coarsest, resolution);
            judged.Add(point);
        }

        if (constantDifference is { } constant && judged.Count > 0)
            return Result(ClaimVerdict.Incorrect,
                $"the claim minus the derivative is {Constant(f.Number(constant).ToString(), constant)}, not 0: they differ at every point where both are defined");
        if (closest is { } near)
        {
            var digits = Math.Max(1, (int)Math.Floor(-Math.Log10(near.Relative)));
            // Up to 17 digits is a coefficient a person rounded; beyond, an extra term too small for double precision.
            var why = digits <= 17 ? "a rounded coefficient?" : "a tiny extra term?";
            var shown = shownDifference.ToString()!;
            var named = shown.Length <= 40 ? $" (the claim minus the derivative simplifies to {shown})" : "";
            return new ClaimResult(claim.Variable, claim.Text, ClaimVerdict.Incorrect,
                [.. variables.Select(v => KeyValuePair.Create(v, near.Point[v]))], near.Claimed, near.True,
                $"agrees with the derivative to about {digits} digits but not to all {ResolvedDigits(near.Resolution)} compared: {why}{named}{Distinguished(near.Claimed, near.True, near.PreciseClaim, near.PreciseTrue)}", null)
            { Order = order, Variables = path };
        }
        return judged.Count >= RequiredAgreeingPoints
            ? Result(ClaimVerdict.Correct, $"equal to {ResolvedDigits(coarsest)} digits at {judged.Count} sampled points") with { Exceptions = Join(exceptions) }
            : Result(ClaimVerdict.Unknown,
                $"undecided: not equal symbolically, and the function and the claim are both defined and smooth at only {judged.Count} sampled points")
                with { Exceptions = Join(exceptions) };
    }

    // A number as printed, or about its double value when the exact rational is long (1e-300 is 1/10^300).
    private static string Constant(string printed, Rational value) =>
        printed.Length <= 24 ? $"the constant {printed}" : $"a constant of about {DoubleDouble.FromRational(value).ToString(6)}";

    // Where the counterexample's two doubles are one number (2 + 1e-20 and 2 both round to 2), the line "the claim
    // gives 2, the derivative is 2" shows no difference: give both 31-digit values to the first digit they differ in.
    private static string Distinguished(double claimed, double truth, DoubleDouble preciseClaim, DoubleDouble preciseTruth)
    {
        if (DomainAnalysis.Show(claimed) != DomainAnalysis.Show(truth) || !preciseClaim.IsFinite || !preciseTruth.IsFinite) return "";
        for (var digits = 17; digits <= 31; digits++)
        {
            var (a, b) = (preciseClaim.ToString(digits), preciseTruth.ToString(digits));
            if (a != b) return $"; there the claim is {a} and the derivative {b} (equal in double precision)";
        }
        return "";
    }

    // The digits a comparison with this relative resolution checks: 1e-28 checks 28.
    private static int ResolvedDigits(double resolution) => Math.Clamp((int)Math.Floor(-Math.Log10(resolution)), 1, 31);

    // How far a double evaluation is from the 31-digit one, relative (0 where the latter has no finite value).
    private static double DoubleError(double value, DoubleDouble precise) =>
        precise.IsFinite && (double)precise != 0 ? Math.Abs(value - (double)precise) / Math.Abs((double)precise) : 0;

    private static bool LosesHalfItsDigits(double value, DoubleDouble precise) =>
        precise.IsFinite && Math.Abs(value - (double)precise) > 1e-8 * Math.Abs((double)precise);

    private static string? Join(List<string> exceptions) => exceptions.Count == 0 ? null
        : $"it differs from the derivative only where a derivative is a convention or the claim has no value: {string.Join("; ", exceptions.Distinct())}";

    private static string At(Dictionary<string, double> point, IEnumerable<string> variables) =>
        string.Join(", ", variables.Select(v => $"{v} = {DomainAnalysis.Show(point[v])}"));

    // |a - b| / max(|a|, |b|), 0 for equal values; a tiny floor keeps 0 against 0 at 0.
    private static double Relative(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.PositiveInfinity;
        return Math.Abs(a - b) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), 1e-300);
    }

    /// <summary>
    /// The case's own points and a few simple ones first (a counterexample at x = 1 is easy to check by hand), then
    /// seeded random points over several scales (uniform on [-3, 3], ±10^[-2, 1], [0, 1]), three significant digits.
    /// A variable missing from an own point gets a random value.
    /// </summary>
    public static IEnumerable<Dictionary<string, double>> SamplePoints(IReadOnlyList<string> variables,
        IReadOnlyList<IReadOnlyDictionary<string, double>>? ownPoints)
    {
        var rng = new Random(20261128);
        // Up to 10 in size: beyond, exp-based forms (sigmoid, softmax) cancel more digits than any evaluation keeps.
        double Draw(int scale) => Round3(scale switch
        {
            0 => rng.NextDouble() * 6 - 3,
            1 => (rng.Next(2) == 0 ? -1 : 1) * Math.Pow(10, rng.NextDouble() * 3 - 2),
            _ => rng.NextDouble(),
        });
        foreach (var own in ownPoints ?? [])
            yield return variables.ToDictionary(v => v, v => own.TryGetValue(v, out var value) ? value : Draw(0));
        double[] simple = [1, 2, 0.5, -1, 3, -0.5, 1.5, -2];
        for (var i = 0; i < simple.Length; i++)
            yield return variables.Select((v, k) => (v, simple[(i + 3 * k) % simple.Length])).ToDictionary(p => p.v, p => p.Item2);
        for (var i = 0; i < 72; i++)
        {
            var scale = i % 3;
            yield return variables.ToDictionary(v => v, _ => Draw(scale));
        }
    }

    private static double Round3(double v) => v == 0 ? 0 : Math.Round(v, Math.Max(0, 2 - (int)Math.Floor(Math.Log10(Math.Abs(v)))));
}
