using System.Collections.Immutable;

namespace SymDiff.Optimization;

/// <summary>
/// Runs an optimizer: from a start point, evaluate f and ∇f, record, stop if done, update, repeat. The loop
/// (<see cref="Drive"/>) is public so that another implementation of the same method (torch.optim, through the
/// torch oracle) runs under exactly the same stopping rules and records the same steps, which is what makes two
/// trajectories comparable step by step.
/// </summary>
/// <remarks>
/// Stopping, checked at each step k = 0, 1, ... before its update: f or any gradient entry not finite
/// (<see cref="StopReason.NotFinite"/>); |∇f| &lt;= tolerance (<see cref="StopReason.GradientBelowTolerance"/>);
/// k = steps (<see cref="StopReason.StepsDone"/>). A run never throws for a diverging or undefined f: it reports.
/// </remarks>
/// <example><code>var objective = Objective.Scalar(Parser.Parse("(1 - x)^2 + 100*(y - x^2)^2"), ["x", "y"], new Dictionary&lt;string, double&gt;());
/// var run = Optimizer.Run(OptimizerMethod.Adam.Defaults.With("lr", 0.01), objective, [-1.5, 2], steps: 2000);
/// Console.WriteLine(run.Final.Value);</code></example>
public static class Optimizer
{
    /// <summary>Writes the current parameters and the gradient there, and returns f there.</summary>
    public delegate double CurrentState(Span<double> parameters, Span<double> gradient);

    /// <summary>Runs <paramref name="settings"/>' method on <paramref name="objective"/> from <paramref name="start"/>.</summary>
    public static Trajectory Run(OptimizerSettings settings, Objective objective, ReadOnlySpan<double> start, int steps,
        double? tolerance = null, int recordEvery = 1, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return Run(settings, objective.Layout, start, objective.Gradient, steps, tolerance, recordEvery, progress);
    }

    /// <summary>
    /// Runs <paramref name="settings"/>' method (SymDiff's <see cref="UpdateRule"/>) from <paramref name="start"/>
    /// for at most <paramref name="steps"/> updates, with gradients from <paramref name="gradient"/>.
    /// </summary>
    /// <param name="settings">The method and its hyper-parameters.</param>
    /// <param name="layout">The optimised variables in the flat array.</param>
    /// <param name="start">The start point, flat.</param>
    /// <param name="gradient">f and ∇f at a point.</param>
    /// <param name="steps">The most updates to take (0: evaluate the start only).</param>
    /// <param name="tolerance">Stop once |∇f| (2-norm) is at most this; null never.</param>
    /// <param name="recordEvery">Record every k-th step (plus the start and the last); 1 records all. Large runs over many parameters keep memory down with it.</param>
    /// <param name="progress">Told the step number after each update.</param>
    public static Trajectory Run(OptimizerSettings settings, ParameterLayout layout, ReadOnlySpan<double> start, GradientFunction gradient,
        int steps, double? tolerance = null, int recordEvery = 1, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(gradient);
        if (start.Length != layout.Size) throw new ArgumentException($"the start has {start.Length} entries, the layout {layout.Size}", nameof(start));
        var theta = start.ToArray();
        var g = new double[layout.Size];
        var rule = UpdateRule.Create(settings, layout.Size);
        return Drive(settings, layout,
            (p, gOut) =>
            {
                var f = gradient(theta, g);
                theta.CopyTo(p);
                g.CopyTo(gOut);
                return f;
            },
            () => rule.Step(theta, g),
            steps, tolerance, recordEvery, progress);
    }

    /// <summary>
    /// The loop every implementation shares: <paramref name="current"/> gives f, the parameters and ∇f at the
    /// current point; <paramref name="update"/> takes one step from there (using that gradient).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="recordEvery"/> below 1 (0 steps is allowed: the start only), or a negative tolerance.</exception>
    public static Trajectory Drive(OptimizerSettings settings, ParameterLayout layout, CurrentState current, Action update,
        int steps, double? tolerance = null, int recordEvery = 1, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordEvery, 1);
        if (tolerance is < 0 or double.NaN) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "a tolerance is a number >= 0");

        var recorded = ImmutableArray.CreateBuilder<TrajectoryStep>();
        var p = new double[layout.Size];
        var g = new double[layout.Size];
        for (var k = 0; ; k++)
        {
            var f = current(p, g);
            var norm = TrajectoryStep.Norm(g);
            StopReason? stop =
                !double.IsFinite(f) || !double.IsFinite(norm) ? StopReason.NotFinite
                : tolerance is { } tol && norm <= tol ? StopReason.GradientBelowTolerance
                : k >= steps ? StopReason.StepsDone
                : null;
            if (stop is not null || k % recordEvery == 0)
                recorded.Add(new TrajectoryStep(k, f, (double[])p.Clone(), (double[])g.Clone()));
            if (stop is { } reason) return new Trajectory(settings, layout, recorded.ToImmutable(), reason);
            update();
            progress?.Report(k + 1);
        }
    }
}
