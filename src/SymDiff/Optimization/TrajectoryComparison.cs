using System.Globalization;

namespace SymDiff.Optimization;

/// <summary>
/// How far two trajectories of the same run (SymDiff's rules and torch.optim, say) are apart: the largest absolute
/// and relative deviation of the parameters and of f over every step both recorded, the step where they first
/// differ beyond the tolerance, and the verdict. Two implementations of the same rule on the same function differ
/// only by rounding (a gradient simplified versus autograd's, a fused multiply-add), so agreement is judged at
/// rounding level: |a − b| &lt;= atol + rtol·max(|a|, |b|) for every entry at every step.
/// </summary>
/// <example><code>var c = TrajectoryComparison.Of(ours, torch);
/// Console.WriteLine(c.Describe()); // PASS  ... max rel. deviation 3.1e-15 ...</code></example>
public sealed record TrajectoryComparison(
    double MaxAbsoluteParameters, double MaxRelativeParameters, double MaxAbsoluteValue, double MaxRelativeValue,
    int StepsCompared, int? PartStep, string? PartWhere, bool Agree, double RelativeTolerance, double AbsoluteTolerance)
{
    /// <summary>Float64 rounding level over a run: relative 1e-9, absolute 1e-12 (as for derivative checks).</summary>
    public const double DefaultRelative = 1e-9, DefaultAbsolute = 1e-12;

    /// <summary>Compares <paramref name="ours"/> with <paramref name="theirs"/> at every step number both recorded.</summary>
    public static TrajectoryComparison Of(Trajectory ours, Trajectory theirs, double rtol = DefaultRelative, double atol = DefaultAbsolute)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        double absP = 0, relP = 0, absF = 0, relF = 0;
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
        return new(absP, relP, absF, relF, compared, part, where, part is null, rtol, atol);

        void Measure(double x, double y, ref double abs, ref double rel, int step, string name)
        {
            if (x.Equals(y)) return; // equal, including both NaN or the same infinity
            var d = Math.Abs(x - y);
            var scale = Math.Max(Math.Abs(x), Math.Abs(y));
            var r = scale > 0 ? d / scale : 0;
            if (double.IsNaN(d)) { d = double.PositiveInfinity; r = double.PositiveInfinity; }
            abs = Math.Max(abs, d);
            rel = Math.Max(rel, r);
            if (part is null && !(d <= atol + rtol * scale)) { part = step; where = name; }
        }
    }

    /// <summary>The verdict line: PASS at rounding level, else FAIL with the step where they part.</summary>
    public string Describe(string theirs = "torch.optim") => Agree
        ? $"PASS  SymDiff and {theirs} agree over {StepsCompared} steps at rounding level (max rel. deviation {G(Math.Max(MaxRelativeParameters, MaxRelativeValue))}; rtol {G(RelativeTolerance)}, atol {G(AbsoluteTolerance)})"
        : $"FAIL  SymDiff and {theirs} part at step {PartStep} ({PartWhere}); max rel. deviation {G(Math.Max(MaxRelativeParameters, MaxRelativeValue))} (rtol {G(RelativeTolerance)}, atol {G(AbsoluteTolerance)})";

    private static string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
}
