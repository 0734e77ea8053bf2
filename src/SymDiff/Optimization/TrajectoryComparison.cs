
namespace SymDiff.Optimization;

/// <summary>What a comparison of two trajectories concludes.</summary>
public enum TrajectoryVerdict
{
    /// <summary>Every step agrees at rounding level.</summary>
    Pass,
    /// <summary>
    /// The first steps agree at rounding level (far tighter than any rule difference would allow) and the difference
    /// then grows step by step: the run amplifies rounding (a chaotic zigzag at a large learning rate), so the two
    /// implementations are the same rule but the trajectories part. Not a failure of either.
    /// </summary>
    RoundingAmplified,
    /// <summary>The runs differ beyond rounding from the first steps on: a different rule, hyper-parameter or gradient.</summary>
    Fail,
}

/// <summary>
/// How far two trajectories of the same run (SymDiff's rules and torch.optim, say) are apart: the largest absolute
/// and relative deviation of the parameters and of f over every step both recorded, the step where they first
/// differ beyond the tolerance, and the verdict. Two implementations of the same rule on the same function differ
/// only by rounding (a gradient simplified versus autograd's, a fused multiply-add), so agreement is judged at
/// rounding level: |a − b| &lt;= atol + rtol·max(|a|, |b|) for every entry at every step.
/// </summary>
/// <remarks>
/// Some runs amplify rounding: RMSprop with lr 0.01 on Rosenbrock zigzags across the valley and a 1e-16 difference
/// grows about 1.3x per step, to 1e-4 after 1,000 steps, although both sides compute the same rule. A wrong rule
/// (ε inside the root, a buffer started from zeros, a missed bias correction) shows in the very first steps at 1e-10
/// or more, so the first <see cref="EarlyWindow"/> steps are held to a much tighter bound (1e-12 relative) and,
/// when they pass it and the runs part later, the verdict is <see cref="TrajectoryVerdict.RoundingAmplified"/>.
/// </remarks>
/// <example><code>var c = TrajectoryComparison.Of(ours, torch);
/// Console.WriteLine(c.Describe()); // PASS  SymDiff and torch.optim agree over 201 steps at rounding level ...</code></example>
public sealed record TrajectoryComparison(
    double MaxAbsoluteParameters, double MaxRelativeParameters, double MaxAbsoluteValue, double MaxRelativeValue,
    int StepsCompared, int? PartStep, string? PartWhere, double EarlyRelative, TrajectoryVerdict Verdict,
    double RelativeTolerance, double AbsoluteTolerance)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>Float64 rounding level over a run: relative 1e-9, absolute 1e-12 (as for derivative checks).</summary>
    public const double DefaultRelative = 1e-9, DefaultAbsolute = 1e-12;

    /// <summary>Steps 0 to this one must agree to <see cref="EarlyRelativeBound"/> for a later parting to count as amplified rounding.</summary>
    public const int EarlyWindow = 10;

    /// <summary>The bound on the first steps' deviation (relative, plus 1e-15 absolute).</summary>
    public const double EarlyRelativeBound = 1e-12;

    /// <summary>Whether every step agrees at rounding level.</summary>
    public bool Agree => Verdict == TrajectoryVerdict.Pass;

    /// <summary>Compares <paramref name="ours"/> with <paramref name="theirs"/> at every step number both recorded.</summary>
    public static TrajectoryComparison Of(Trajectory ours, Trajectory theirs, double rtol = DefaultRelative, double atol = DefaultAbsolute)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        double absP = 0, relP = 0, absF = 0, relF = 0, early = 0;
        var earlyOk = true;
        int? part = null;
        string? where = null;
        var compared = 0;
        var byStep = theirs.Steps.ToDictionary(s => s.Step);
        foreach (var a in ours.Steps)
        {
            if (!byStep.TryGetValue(a.Step, out var b)) continue;
            compared++;
            Measure(a.Value, b.Value, ref absF, ref relF, a.Step, "f");
            for (var i = 0; i < a.Parameters.Length && i < b.Parameters.Length; i++)
                Measure(a.Parameters[i], b.Parameters[i], ref absP, ref relP, a.Step, ours.Layout.EntryName(i));
        }
        // One stopped where the other went on (a tolerance crossed a step apart, a divergence): they parted there.
        if (part is null && (ours.Stopped != theirs.Stopped || ours.UpdatesTaken != theirs.UpdatesTaken))
        {
            part = Math.Min(ours.UpdatesTaken, theirs.UpdatesTaken);
            where = $"one run stopped ({ours.Stopped}, {theirs.Stopped})";
        }
        var verdict = part is null ? TrajectoryVerdict.Pass
            : earlyOk && part > EarlyWindow ? TrajectoryVerdict.RoundingAmplified
            : TrajectoryVerdict.Fail;
        return new(absP, relP, absF, relF, compared, part, where, early, verdict, rtol, atol);

        void Measure(double x, double y, ref double abs, ref double rel, int step, string name)
        {
            if (x.Equals(y)) return; // equal, including both NaN or the same infinity
            var d = Math.Abs(x - y);
            var scale = Math.Max(Math.Abs(x), Math.Abs(y));
            var r = scale > 0 ? d / scale : 0;
            if (double.IsNaN(d)) { d = double.PositiveInfinity; r = double.PositiveInfinity; }
            abs = Math.Max(abs, d);
            rel = Math.Max(rel, r);
            if (step <= EarlyWindow)
            {
                early = Math.Max(early, r);
                if (!(d <= 1e-15 + EarlyRelativeBound * scale)) earlyOk = false;
            }
            if (part is null && !(d <= atol + rtol * scale)) { part = step; where = name; }
        }
    }

    /// <summary>The verdict line: PASS at rounding level; PASS with a note where the run amplifies rounding; else FAIL with the step where they part.</summary>
    public string Describe(string theirs = "torch.optim") => Verdict switch
    {
        TrajectoryVerdict.Pass =>
            $"PASS  SymDiff and {theirs} agree over {StepsCompared} steps at rounding level (max deviation {G(Math.Max(MaxAbsoluteParameters, MaxAbsoluteValue))} absolute{RelativeNote}; rtol {G(RelativeTolerance)}, atol {G(AbsoluteTolerance)})",
        TrajectoryVerdict.RoundingAmplified =>
            $"PASS  SymDiff and {theirs} take the same steps (rel. deviation {G(EarlyRelative)} over steps 0-{EarlyWindow}), but this run amplifies rounding: " +
            $"they part at step {PartStep} ({PartWhere}) and reach a rel. deviation of {G(Math.Max(MaxRelativeParameters, MaxRelativeValue))} (a zigzag that magnifies each difference, or normalised steps on a gradient that is rounding noise at a minimum)",
        _ =>
            $"FAIL  SymDiff and {theirs} part at step {PartStep} ({PartWhere}); max rel. deviation {G(Math.Max(MaxRelativeParameters, MaxRelativeValue))} (rtol {G(RelativeTolerance)}, atol {G(AbsoluteTolerance)})",
    };

    // A relative deviation is only telling away from 0: entries within atol of 0 (f at a minimum) can differ by 100%
    // relative while agreeing to 1e-17, so the absolute figure leads and a large relative one is explained.
    private string RelativeNote
    {
        get
        {
            var relative = Math.Max(MaxRelativeParameters, MaxRelativeValue);
            return relative <= RelativeTolerance ? $", {G(relative)} relative" : $"; the relative deviation {G(relative)} is of entries within atol of 0";
        }
    }

    private static string G(double v) => Numbers.NumberText.Difference(v);
}
