using SymDiff.Optimization;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Tests.Optimization;

/// <summary>
/// Each update rule against its first two steps worked out by hand on f(θ) = θ² from θ = 1 (g = 2θ), written as the
/// arithmetic torch.optim's documentation gives, so a slip in a rule (ε inside the root, a buffer from zeros, the
/// decay after the step) shows as a wrong number here.
/// </summary>
public class UpdateRuleTests
{
    private static readonly ParameterLayout One = new([("t", Shape.Scalar)]);

    private static double[] TwoSteps(OptimizerSettings settings)
    {
        var run = Optimizer.Run(settings, One, [1.0], (p, g) => { g[0] = 2 * p[0]; return p[0] * p[0]; }, steps: 2);
        Assert.Equal(3, run.Steps.Length);
        Assert.Equal(StopReason.StepsDone, run.Stopped);
        return [run.Steps[1].Parameters[0], run.Steps[2].Parameters[0]];
    }

    private static void Equal(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-15 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Sgd_steps_against_the_gradient()
    {
        var t = TwoSteps(OptimizerMethod.Sgd.Defaults.With("lr", 0.1));
        Equal(1 - 0.1 * 2, t[0]);              // 0.8
        Equal(0.8 - 0.1 * 1.6, t[1]);          // 0.64
    }

    [Fact]
    public void Sgd_weight_decay_adds_lambda_theta_to_the_gradient()
    {
        var t = TwoSteps(OptimizerMethod.Sgd.Defaults.With("lr", 0.1).With("weight_decay", 0.5));
        Equal(1 - 0.1 * (2 + 0.5), t[0]);      // 0.75
        Equal(0.75 - 0.1 * (1.5 + 0.5 * 0.75), t[1]);
    }

    [Fact]
    public void Momentum_buffer_starts_as_the_first_gradient()
    {
        var t = TwoSteps(OptimizerMethod.Momentum.Defaults.With("lr", 0.1));
        Equal(1 - 0.1 * 2, t[0]);              // b = 2
        Equal(0.8 - 0.1 * (0.9 * 2 + 1.6), t[1]); // b = 3.4
    }

    [Fact]
    public void Nesterov_steps_along_g_plus_mu_b()
    {
        var t = TwoSteps(OptimizerMethod.Nesterov.Defaults.With("lr", 0.1));
        Equal(1 - 0.1 * (2 + 0.9 * 2), t[0]);  // 0.62
        var g = 2 * 0.62;
        var b = 0.9 * 2 + g;
        Equal(0.62 - 0.1 * (g + 0.9 * b), t[1]);
    }

    [Fact]
    public void Rmsprop_divides_by_the_root_mean_square_plus_eps()
    {
        var t = TwoSteps(OptimizerMethod.Rmsprop.Defaults);
        var v1 = (1 - 0.99) * 4;
        var t1 = 1 - 0.01 * (2 / (Math.Sqrt(v1) + 1e-8));
        Equal(t1, t[0]);
        var g = 2 * t1;
        var v2 = 0.99 * v1 + (1 - 0.99) * (g * g);
        Equal(t1 - 0.01 * (g / (Math.Sqrt(v2) + 1e-8)), t[1]);
    }

    [Fact]
    public void Rmsprop_with_momentum_accumulates_the_scaled_gradient_from_zero()
    {
        var t = TwoSteps(OptimizerMethod.Rmsprop.Defaults.With("momentum", 0.5));
        var v1 = (1 - 0.99) * 4;
        var b1 = 2 / (Math.Sqrt(v1) + 1e-8);
        var t1 = 1 - 0.01 * b1;
        Equal(t1, t[0]);
        var g = 2 * t1;
        var v2 = 0.99 * v1 + (1 - 0.99) * (g * g);
        Equal(t1 - 0.01 * (0.5 * b1 + g / (Math.Sqrt(v2) + 1e-8)), t[1]);
    }

    [Fact]
    public void Adagrad_divides_by_the_root_of_the_summed_squares()
    {
        var t = TwoSteps(OptimizerMethod.Adagrad.Defaults.With("lr", 0.1));
        var t1 = 1 - 0.1 * (2 / (Math.Sqrt(4) + 1e-10));
        Equal(t1, t[0]);
        var g = 2 * t1;
        Equal(t1 - 0.1 * (g / (Math.Sqrt(4 + g * g) + 1e-10)), t[1]);
    }

    [Fact]
    public void Adam_puts_eps_outside_the_bias_corrected_root()
    {
        var t = TwoSteps(OptimizerMethod.Adam.Defaults.With("lr", 0.1));
        var (m1, v1) = (0.1 * 2, 0.001 * 4);
        var t1 = 1 - 0.1 / (1 - 0.9) * (m1 / (Math.Sqrt(v1) / Math.Sqrt(1 - 0.999) + 1e-8));
        Equal(t1, t[0]);
        var g = 2 * t1;
        var (m2, v2) = (0.9 * m1 + 0.1 * g, 0.999 * v1 + 0.001 * (g * g));
        Equal(t1 - 0.1 / (1 - 0.81) * (m2 / (Math.Sqrt(v2) / Math.Sqrt(1 - 0.999 * 0.999) + 1e-8)), t[1]);
    }

    [Fact]
    public void AdamW_shrinks_theta_before_the_step_and_leaves_the_gradient()
    {
        var t = TwoSteps(OptimizerMethod.AdamW.Defaults.With("lr", 0.1).With("weight_decay", 0.1));
        var (m1, v1) = (0.1 * 2, 0.001 * 4);
        var t1 = 1 * (1 - 0.1 * 0.1) - 0.1 / (1 - 0.9) * (m1 / (Math.Sqrt(v1) / Math.Sqrt(1 - 0.999) + 1e-8));
        Equal(t1, t[0]);
        var g = 2 * t1;
        var (m2, v2) = (0.9 * m1 + 0.1 * g, 0.999 * v1 + 0.001 * (g * g));
        Equal(t1 * (1 - 0.01) - 0.1 / (1 - 0.81) * (m2 / (Math.Sqrt(v2) / Math.Sqrt(1 - 0.999 * 0.999) + 1e-8)), t[1]);
    }

    [Fact]
    public void Defaults_are_torchs()
    {
        Assert.Equal("lr=0.001, weight_decay=0", OptimizerMethod.Sgd.Defaults.ToString());
        Assert.Equal("lr=0.001, momentum=0.9, weight_decay=0", OptimizerMethod.Nesterov.Defaults.ToString());
        Assert.Equal("lr=0.01, alpha=0.99, eps=1e-08, momentum=0, weight_decay=0", OptimizerMethod.Rmsprop.Defaults.ToString());
        Assert.Equal("lr=0.01, eps=1e-10, weight_decay=0", OptimizerMethod.Adagrad.Defaults.ToString());
        Assert.Equal("lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08, weight_decay=0", OptimizerMethod.Adam.Defaults.ToString());
        Assert.Equal("lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08, weight_decay=0.01", OptimizerMethod.AdamW.Defaults.ToString());
    }

    [Fact]
    public void A_method_refuses_a_hyperparameter_it_does_not_have()
    {
        Assert.Throws<ArgumentException>(() => OptimizerMethod.Sgd.Defaults.With("beta1", 0.5));
        Assert.Throws<ArgumentException>(() => OptimizerMethod.Adam.Defaults.With("beta2", 1));
        Assert.Null(OptimizerMethod.Parse("adma"));
        Assert.Equal("adam", OptimizerMethod.Suggest("adma"));
        Assert.Same(OptimizerMethod.AdamW, OptimizerMethod.Parse("AdamW"));
    }

    [Fact]
    public void A_run_stops_once_the_gradient_is_below_the_tolerance()
    {
        var run = Optimizer.Run(OptimizerMethod.Sgd.Defaults.With("lr", 0.25), One, [1.0], (p, g) => { g[0] = 2 * p[0]; return p[0] * p[0]; },
            steps: 1000, tolerance: 1e-3);
        Assert.Equal(StopReason.GradientBelowTolerance, run.Stopped);
        // θ halves each step: |g| = 2·2^-k <= 1e-3 first at k = 11.
        Assert.Equal(11, run.Final.Step);
        Assert.True(run.Steps[^2].GradientNorm > 1e-3);
    }

    [Fact]
    public void A_diverging_run_reports_instead_of_throwing()
    {
        var objective = Objective.Scalar(Parser.Parse("x^4"), ["x"], new Dictionary<string, double>());
        var run = Optimizer.Run(OptimizerMethod.Sgd.Defaults.With("lr", 10), objective, [1.0], steps: 100);
        Assert.Equal(StopReason.NotFinite, run.Stopped);
        Assert.Contains("not finite", run.Describe());
    }

    [Fact]
    public void Record_every_keeps_the_start_and_the_last_step()
    {
        var run = Optimizer.Run(OptimizerMethod.Sgd.Defaults, One, [1.0], (p, g) => { g[0] = 2 * p[0]; return p[0] * p[0]; }, steps: 25, recordEvery: 10);
        Assert.Equal([0, 10, 20, 25], run.Steps.Select(s => s.Step));
    }

    [Fact]
    public void Entries_are_named_as_pytorch_indexes_them()
    {
        var layout = new ParameterLayout([("x", Shape.Scalar), ("v", Shape.Vector(2)), ("W", Shape.Matrix(2, 3))]);
        Assert.Equal(9, layout.Size);
        Assert.Equal(["x", "v[0]", "v[1]", "W[0,0]", "W[0,1]", "W[0,2]", "W[1,0]", "W[1,1]", "W[1,2]"], Enumerable.Range(0, 9).Select(layout.EntryName));
    }

    [Fact]
    public void The_symbolic_gradient_of_a_matrix_objective_is_its_gradient()
    {
        var f = MatrixFunction.Parse("sum((W@x - y)^2)", new Dictionary<string, Shape> { ["W"] = Shape.Matrix(2, 2), ["x"] = Shape.Vector(2), ["y"] = Shape.Vector(2) }).Value!;
        var objective = Objective.Matrix(f, ["W"], new Dictionary<string, TensorValue> { ["x"] = TensorValue.Vector(1, 2), ["y"] = TensorValue.Vector(0, 1) });
        var g = new double[4];
        // W = I: r = x - y = [1, 1]; f = 2; d/dW = 2*outer(r, x) = [[2, 4], [2, 4]].
        var value = objective.Evaluate([1, 0, 0, 1], g);
        Assert.Equal(2, value);
        Assert.Equal([2, 4, 2, 4], g);
    }

    [Fact]
    public void A_different_rule_fails_the_comparison_at_the_first_step()
    {
        var objective = Objective.Scalar(Parser.Parse("(1 - x)^2 + 100*(y - x^2)^2"), ["x", "y"], new Dictionary<string, double>());
        var adam = Optimizer.Run(OptimizerMethod.Adam.Defaults, objective, [-1.5, 2], 50);
        var adamw = Optimizer.Run(OptimizerMethod.AdamW.Defaults, objective, [-1.5, 2], 50);
        var c = TrajectoryComparison.Of(adam, adamw);
        Assert.Equal(TrajectoryVerdict.Fail, c.Verdict);
        Assert.Equal(1, c.PartStep);
        Assert.StartsWith("FAIL  SymDiff and torch.optim part at step 1 (", c.Describe());
        Assert.Equal(TrajectoryVerdict.Pass, TrajectoryComparison.Of(adam, adam).Verdict);
    }
}
