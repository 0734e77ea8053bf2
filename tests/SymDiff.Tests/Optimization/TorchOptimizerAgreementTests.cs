using SymDiff.Optimization;
using SymDiff.Syntax;
using SymDiff.Tensors;
using SymDiff.Torch;

namespace SymDiff.Tests.Optimization;

/// <summary>
/// Every method against TorchSharp's torch.optim in float64 over 200 steps: Rosenbrock in two scalars (SymDiff's
/// compiled symbolic gradient against autograd on the function as written) and a small matrix least squares
/// <c>sum((W@x - y)^2)</c> over W. The trajectories must agree at rounding level at every step.
/// </summary>
[Trait("Category", "Torch")]
[Collection("Torch")]
public class TorchOptimizerAgreementTests
{
    private const int Steps = 200;

    public static TheoryData<string, double> Methods() => new()
    {
        { "sgd", 1e-3 }, { "momentum", 1e-3 }, { "nesterov", 1e-3 }, { "rmsprop", 1e-3 }, { "adagrad", 0.05 }, { "adam", 1e-2 }, { "adamw", 1e-2 },
    };

    private static void AssertAgree(Trajectory ours, Trajectory torch)
    {
        var c = TrajectoryComparison.Of(ours, torch);
        Assert.True(c.Agree, $"{ours.Settings.Method.Name}: {c.Describe()}; ours f {ours.Final.Value:R}, torch f {torch.Final.Value:R}");
        Assert.Equal(Steps + 1, c.StepsCompared);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Rosenbrock_agrees_with_torch_optim(string method, double lr)
    {
        var settings = OptimizerMethod.Parse(method)!.Defaults.With("lr", lr);
        var objective = Objective.Scalar(Parser.Parse("(1 - x)^2 + 100*(y - x^2)^2"), ["x", "y"], new Dictionary<string, double>());
        var ours = Optimizer.Run(settings, objective, [-1.5, 2], Steps);
        using var oracle = new TorchOptimizerOracle("cpu");
        var torch = oracle.Run(settings, objective, [-1.5, 2], Steps, tolerance: null);
        Assert.True(ours.Final.Value < ours.Steps[0].Value, "the run went downhill");
        AssertAgree(ours, torch);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Matrix_least_squares_agrees_with_torch_optim(string method, double lr)
    {
        var settings = OptimizerMethod.Parse(method)!.Defaults.With("lr", lr);
        if (settings.Method.Has("weight_decay")) settings = settings.With("weight_decay", 0.01);
        var shapes = new Dictionary<string, Shape> { ["W"] = Shape.Matrix(3, 2), ["x"] = Shape.Vector(2), ["y"] = Shape.Vector(3) };
        var f = MatrixFunction.Parse("sum((W@x - y)^2)", shapes).Value!;
        var objective = Objective.Matrix(f, ["W"], new Dictionary<string, TensorValue> { ["x"] = TensorValue.Vector(1, -2), ["y"] = TensorValue.Vector(0.5, 1, -1) });
        double[] start = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6];
        var ours = Optimizer.Run(settings, objective, start, Steps);
        using var oracle = new TorchOptimizerOracle("cpu");
        AssertAgree(ours, oracle.Run(settings, objective, start, Steps, tolerance: null));
    }

    [Fact]
    public void Both_stop_at_the_same_step_on_a_tolerance()
    {
        var settings = OptimizerMethod.Momentum.Defaults.With("lr", 0.05);
        var objective = Objective.Scalar(Parser.Parse("x^2 + 3*y^2"), ["x", "y"], new Dictionary<string, double>());
        var ours = Optimizer.Run(settings, objective, [1, 1], 1000, tolerance: 1e-6);
        using var oracle = new TorchOptimizerOracle("cpu");
        var torch = oracle.Run(settings, objective, [1, 1], 1000, tolerance: 1e-6);
        Assert.Equal(StopReason.GradientBelowTolerance, ours.Stopped);
        Assert.Equal(ours.Final.Step, torch.Final.Step);
        Assert.True(TrajectoryComparison.Of(ours, torch).Agree);
    }

    [Fact]
    public void Data_variables_are_bound_as_constants_on_both_sides()
    {
        var settings = OptimizerMethod.Adam.Defaults.With("lr", 0.1);
        var objective = Objective.Scalar(Parser.Parse("(x - a)^2 + b*x"), ["x"], new Dictionary<string, double> { ["a"] = 3, ["b"] = 0.5 });
        var ours = Optimizer.Run(settings, objective, [0], 300);
        using var oracle = new TorchOptimizerOracle("cpu");
        Assert.True(TrajectoryComparison.Of(ours, oracle.Run(settings, objective, [0], 300, null)).Agree);
        Assert.Equal(2.75, ours.Final.Parameters[0], 2);
    }
}
