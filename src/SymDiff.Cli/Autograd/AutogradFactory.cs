using System.Runtime.CompilerServices;
using SymDiff.Checking;
using SymDiff.Torch;

namespace SymDiff.Cli.Autograd;

/// <summary>
/// Creates the TorchSharp oracle. Kept in its own non-inlined method so that a run with --no-autograd never
/// touches TorchSharp's types and so never loads libtorch.
/// </summary>
internal static class AutogradFactory
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IAutogradOracle Create(string device, NumericType type) => new TorchAutogradOracle(device, type);

    /// <summary>The oracle for vector/matrix functions (float64 on the device).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static SymDiff.Tensors.ITensorAutogradOracle CreateTensor(string device) => new TorchTensorOracle(device);

    /// <summary>torch.optim through TorchSharp, for <c>optimize --check</c> (float64 on the device).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static SymDiff.Optimization.IOptimizerOracle CreateOptimizer(string device) => new TorchOptimizerOracle(device);

    /// <summary>Maps TorchSharp's failures to an exit code and a message; null when the exception is not one of them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static (int ExitCode, string Message)? Explain(Exception e) => e switch
    {
        DeviceUnavailableException => (ExitCodes.DeviceUnavailable, e.Message),
        TorchUnavailableException => (ExitCodes.DeviceUnavailable, e.Message),
        _ => null,
    };
}
