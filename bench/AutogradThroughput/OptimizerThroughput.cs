using System.Diagnostics;
using System.Globalization;
using SymDiff.Optimization;
using SymDiff.Syntax;
using SymDiff.Tensors;
using SymDiff.Torch;

/// <summary>
/// Issue 10: optimizer steps per second, in process, median of several timed runs after a warm-up, two ways:
///   symdiff   Optimizer.Run: the update rule over a flat array, gradients from the compiled symbolic gradient
///   torch     TorchOptimizerOracle.Run: torch.optim (TorchSharp) on the function as written, autograd each step
/// on two problems: Rosenbrock in two scalars (Adam, lr 0.01, 10,000 steps, every step recorded, as the CLI does)
/// and a low-rank matrix fit norm(W0 + B@A - T)^2 over B 64x4 and A 4x64 (W0, T 64x64 data; Adam, 1,000 steps).
/// Usage: AutogradThroughput optimize [runs=5]
/// </summary>
internal static class OptimizerThroughput
{
    public static void Run(int runs)
    {
        var settings = OptimizerMethod.Adam.Defaults.With("lr", 0.01);
        var rosenbrock = Objective.Scalar(Parser.Parse("(1 - x)^2 + 100*(y - x^2)^2"), ["x", "y"], new Dictionary<string, double>());
        using var oracle = new TorchOptimizerOracle("cpu");
        Report("rosenbrock adam, 10,000 steps", runs, 10_000,
            () => Optimizer.Run(settings, rosenbrock, [-1.5, 2], 10_000),
            () => oracle.Run(settings, rosenbrock, [-1.5, 2], 10_000, null));

        var random = new Random(3);
        TensorValue Random(Shape s) => new(s, [.. Enumerable.Range(0, s.Size).Select(_ => random.NextDouble() - 0.5)]);
        var shapes = new Dictionary<string, Shape>
        {
            ["W0"] = Shape.Matrix(64, 64), ["B"] = Shape.Matrix(64, 4), ["A"] = Shape.Matrix(4, 64), ["T"] = Shape.Matrix(64, 64),
        };
        var f = MatrixFunction.Parse("norm(W0 + B@A - T)^2", shapes).Value!;
        var matrix = Objective.Matrix(f, ["B", "A"], new Dictionary<string, TensorValue> { ["W0"] = Random(shapes["W0"]), ["T"] = Random(shapes["T"]) });
        var start = matrix.Layout.Flatten(new Dictionary<string, TensorValue> { ["B"] = Random(shapes["B"]), ["A"] = Random(shapes["A"]) });
        Report("norm(W0 + B@A - T)^2 adam, B 64x4, A 4x64, 1,000 steps", runs, 1_000,
            () => Optimizer.Run(settings, matrix, start, 1_000),
            () => oracle.Run(settings, matrix, start, 1_000, null));
    }

    private static void Report(string name, int runs, int steps, Func<Trajectory> ours, Func<Trajectory> torch)
    {
        var a = ours();
        var b = torch();
        var comparison = TrajectoryComparison.Of(a, b);
        var oursRate = StepsPerSecond(runs, steps, ours);
        var torchRate = StepsPerSecond(runs, steps, torch);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: symdiff {oursRate:N0} steps/s, torch.optim (TorchSharp) {torchRate:N0} steps/s ({oursRate / torchRate:F1}x); {comparison.Describe()}"));
    }

    private static double StepsPerSecond(int runs, int steps, Func<Trajectory> run)
    {
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            run();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        return steps / times[times.Count / 2];
    }
}
