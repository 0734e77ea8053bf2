using System.Collections.Immutable;

namespace SymDiff.Optimization;

/// <summary>Why a run ended.</summary>
/// <example><code>if (run.Stopped == StopReason.NotFinite) Console.WriteLine(run.Describe());</code></example>
public enum StopReason
{
    /// <summary>Every requested step was taken.</summary>
    StepsDone,
    /// <summary>|∇f| (2-norm over all parameters) fell to the tolerance or below.</summary>
    GradientBelowTolerance,
    /// <summary>f or its gradient stopped being a finite number: the run diverged (or left f's domain).</summary>
    NotFinite,
}

/// <summary>
/// The state at step <paramref name="Step"/> (0 is the start): f, the parameters and the gradient there. The arrays
/// are flat in the run's <see cref="ParameterLayout"/> and owned by the step.
/// </summary>
/// <example><code>var last = run.Final; Console.WriteLine($"{last.Step}: f = {last.Value}, |∇f| = {last.GradientNorm}");</code></example>
public sealed record TrajectoryStep(int Step, double Value, double[] Parameters, double[] Gradient)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>|∇f|, the 2-norm of the whole gradient.</summary>
    public double GradientNorm { get; } = Norm(Gradient);

    /// <summary>The Euclidean norm, scaled so that large entries do not overflow.</summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        var scale = 0.0;
        foreach (var x in v) scale = Math.Max(scale, Math.Abs(x));
        if (scale == 0 || double.IsNaN(scale)) return scale;
        if (double.IsInfinity(scale)) return double.PositiveInfinity;
        var sum = 0.0;
        foreach (var x in v) sum += (x / scale) * (x / scale);
        return scale * Math.Sqrt(sum);
    }
}

/// <summary>
/// A run: every step from the start to the last one taken, and why it stopped. Step k's parameters are the
/// parameters after k updates; its value and gradient are f and ∇f there, so the last step's gradient is the one a
/// further update would use.
/// </summary>
/// <example><code>var run = Optimizer.Run(settings, objective, start, steps: 100);
/// run.Final.Value; run.Stopped; // StopReason.StepsDone</code></example>
public sealed record Trajectory(OptimizerSettings Settings, ParameterLayout Layout, ImmutableArray<TrajectoryStep> Steps, StopReason Stopped)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The last step recorded.</summary>
    public TrajectoryStep Final => Steps[^1];

    /// <summary>Updates taken (the number of the last step).</summary>
    public int UpdatesTaken => Final.Step;

    /// <summary>Why the run stopped, in words ("|∇f| = 8.1e-11 &lt;= tolerance 1e-10 at step 212").</summary>
    public string Describe(double? tolerance = null) => Stopped switch
    {
        StopReason.StepsDone => UpdatesTaken == 1 ? "1 step done" : $"{UpdatesTaken} steps done",
        StopReason.GradientBelowTolerance =>
            $"|∇f| = {G(Final.GradientNorm)} <= tolerance {G(tolerance ?? double.NaN)} at step {Final.Step}",
        _ => NotFinite(),
    };

    // Which of the three a run stopped on says what to change: the step size, the point, or a hyper-parameter.
    private string NotFinite()
    {
        var (k, f) = (Final.Step, Numbers.NumberText.Value(Final.Value));
        if (Final.Parameters.Any(p => !double.IsFinite(p)))
            return $"a parameter is not a finite number at step {k}: the update itself failed (eps 0 with a zero gradient, or a hyper-parameter outside its usual range) or the run diverged";
        if (!double.IsFinite(Final.Value))
            return $"f is not finite at step {k} (f = {f}): the run diverged or left the function's domain";
        return $"the gradient is not finite at step {k} although f is (f = {f}): f has no derivative there (a kink or the edge of its domain)";
    }

    private static string G(double v) => Numbers.NumberText.Difference(v);
}
