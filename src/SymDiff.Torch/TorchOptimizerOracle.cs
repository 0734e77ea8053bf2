using SymDiff.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SymDiff.Torch;

/// <summary>
/// torch.optim as the independent implementation of SymDiff's optimizers: each optimised variable becomes a float64
/// <c>Parameter</c> of its shape, the function as written is lowered onto them each step (scalar functions through
/// <see cref="TorchBridge"/>, vectors and matrices through <see cref="TensorLowering"/>, as the autograd oracles
/// do), <c>backward()</c> gives autograd's gradient, and TorchSharp's optimizer of the same name takes the step. The
/// loop is <see cref="Optimizer.Drive"/>, so both runs stop by the same rules and record the same steps.
/// </summary>
/// <remarks>
/// Every hyper-parameter is passed explicitly: TorchSharp's factory functions have defaults that are not PyTorch's
/// (<c>torch.optim.Adam</c>'s beta2 is 0.99 there, <c>AdamW</c>'s weight decay 0, <c>SGD</c> has no default lr).
/// Calls are serialized by the lock of the other oracles.
/// </remarks>
/// <example><code>using var oracle = new TorchOptimizerOracle("cpu");
/// var torchRun = oracle.Run(OptimizerMethod.Adam.Defaults, objective, [-1.5, 2], steps: 200, tolerance: null);</code></example>
public sealed class TorchOptimizerOracle : IOptimizerOracle
{
    private readonly torch.Device _device;

    /// <summary>Loads libtorch and selects <paramref name="device"/> (<c>auto</c>, <c>cpu</c> or <c>cuda</c>).</summary>
    /// <exception cref="TorchUnavailableException">libtorch cannot be loaded.</exception>
    /// <exception cref="DeviceUnavailableException">CUDA was requested but is not available.</exception>
    public TorchOptimizerOracle(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = TorchAutogradOracle.Select(device);
        Device = TorchAutogradOracle.DeviceName(_device);
    }

    /// <inheritdoc />
    public string Device { get; }

    /// <inheritdoc />
    public Trajectory Run(OptimizerSettings settings, Objective objective, double[] start, int steps, double? tolerance, int recordEvery = 1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        var layout = objective.Layout;
        if (start.Length != layout.Size) throw new ArgumentException($"the start has {start.Length} entries, the layout {layout.Size}", nameof(start));

        lock (TorchAutogradOracle.Gate)
        {
            using var outer = torch.NewDisposeScope();
            using var enable = torch.enable_grad();
            var parameters = new Parameter[layout.Names.Length];
            var leaves = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (var i = 0; i < parameters.Length; i++)
            {
                var data = start.AsSpan(layout.Offsets[i], layout.Shapes[i].Size).ToArray();
                var t = torch.tensor(data, ScalarType.Float64).reshape(TensorLowering.Dims(layout.Shapes[i])).to(ScalarType.Float64, _device, copy: true);
                parameters[i] = new Parameter(t, requires_grad: true);
                leaves[layout.Names[i]] = parameters[i];
            }
            foreach (var (name, value) in objective.Data)
                leaves[name] = torch.tensor(value.Data, ScalarType.Float64).reshape(TensorLowering.Dims(value.Shape)).to(ScalarType.Float64, _device, copy: true);

            // A lowering per step: its constants belong to the step's dispose scope, which frees the step's graph.
            Func<TorchLowering, Tensor> forward = objective.ScalarForm is { } written
                ? lowering => TorchBridge.Lower(written.Program, [.. written.Variables.Select(v => leaves[v])], lowering).sum()
                : lowering => TensorLowering.Lower(objective.TensorForm!, leaves, lowering);

            using var optimizer = Create(settings, parameters);
            return Optimizer.Drive(settings, layout,
                (p, g) =>
                {
                    using var scope = torch.NewDisposeScope();
                    using var lowering = new TorchLowering(ScalarType.Float64, _device);
                    optimizer.zero_grad();
                    var loss = forward(lowering);
                    var f = loss.detach().to(ScalarType.Float64).cpu().item<double>();
                    if (loss.requires_grad) loss.backward();
                    for (var i = 0; i < parameters.Length; i++)
                    {
                        var (offset, length) = (layout.Offsets[i], layout.Shapes[i].Size);
                        TorchTensorOracle.Read(parameters[i]).CopyTo(p.Slice(offset, length));
                        if (parameters[i].grad is { IsInvalid: false } grad) TorchTensorOracle.Read(grad).CopyTo(g.Slice(offset, length));
                        else g.Slice(offset, length).Clear();
                    }
                    return f;
                },
                () =>
                {
                    using var scope = torch.NewDisposeScope();
                    StepWithoutCollection(optimizer);
                },
                steps, tolerance, recordEvery);
        }
    }

    /// <summary>
    /// <c>optimizer.step()</c> with the garbage collector held off. TorchSharp's optimizers pass hyper-parameters to
    /// libtorch as temporary <c>Scalar</c>s made by implicit conversion (<c>add_(eps)</c>, <c>alpha: 1 - beta1</c>); a
    /// collection during the call can finalize one while libtorch still reads it, and the step then fails with
    /// "Unknown scalar type" (seen on the 64x4 matrix benchmark). <see cref="TorchBridge"/> avoids this by keeping its
    /// own Scalars; inside torch.optim the only remedy is no collection while a step runs. A step allocates a few
    /// kilobytes of wrappers, far below the region's budget.
    /// </summary>
    private static void StepWithoutCollection(torch.optim.Optimizer optimizer)
    {
        var region = System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(16L << 20);
        try
        {
            optimizer.step();
        }
        finally
        {
            if (region && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }

    /// <summary>TorchSharp's optimizer for the method, every hyper-parameter given (see the remarks on defaults).</summary>
    private static torch.optim.Optimizer Create(OptimizerSettings s, IEnumerable<Parameter> parameters) => s.Method.Name switch
    {
        "sgd" => torch.optim.SGD(parameters, s["lr"], momentum: 0, dampening: 0, weight_decay: s["weight_decay"], nesterov: false),
        "momentum" => torch.optim.SGD(parameters, s["lr"], momentum: s["momentum"], dampening: 0, weight_decay: s["weight_decay"], nesterov: false),
        "nesterov" => torch.optim.SGD(parameters, s["lr"], momentum: s["momentum"], dampening: 0, weight_decay: s["weight_decay"], nesterov: true),
        "rmsprop" => torch.optim.RMSProp(parameters, lr: s["lr"], alpha: s["alpha"], eps: s["eps"], weight_decay: s["weight_decay"], momentum: s["momentum"], centered: false),
        "adagrad" => torch.optim.Adagrad(parameters, lr: s["lr"], lr_decay: 0, weight_decay: s["weight_decay"], initial_accumulator_value: 0, eps: s["eps"]),
        "adam" => torch.optim.Adam(parameters, lr: s["lr"], beta1: s["beta1"], beta2: s["beta2"], eps: s["eps"], weight_decay: s["weight_decay"], amsgrad: false),
        "adamw" => torch.optim.AdamW(parameters, lr: s["lr"], beta1: s["beta1"], beta2: s["beta2"], eps: s["eps"], weight_decay: s["weight_decay"], amsgrad: false),
        _ => throw new ArgumentException($"no torch.optim optimizer for '{s.Method.Name}'", nameof(s)),
    };

    /// <summary>Nothing to release: each run owns its tensors.</summary>
    public void Dispose()
    {
    }
}
