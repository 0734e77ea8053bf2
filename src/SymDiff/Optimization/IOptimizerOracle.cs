namespace SymDiff.Optimization;

/// <summary>
/// An independent implementation of the optimizers, to check SymDiff's against: torch.optim through TorchSharp
/// (<c>SymDiff.Torch.TorchOptimizerOracle</c>), which runs the same method on the function as written with
/// autograd's gradients. The core library never references TorchSharp; the CLI creates the oracle only when asked
/// (<c>optimize --check</c>).
/// </summary>
/// <example><code>using IOptimizerOracle oracle = new TorchOptimizerOracle("cpu");
/// var theirs = oracle.Run(settings, objective, start, steps: 200, tolerance: null);
/// var comparison = TrajectoryComparison.Of(ours, theirs);</code></example>
public interface IOptimizerOracle : IDisposable
{
    /// <summary>Where the computation runs ("cpu", "cuda:0").</summary>
    string Device { get; }

    /// <summary>The trajectory of <paramref name="settings"/>' method on <paramref name="objective"/>'s written form, under <see cref="Optimizer.Drive"/>'s stopping rules.</summary>
    Trajectory Run(OptimizerSettings settings, Objective objective, double[] start, int steps, double? tolerance, int recordEvery = 1);
}
