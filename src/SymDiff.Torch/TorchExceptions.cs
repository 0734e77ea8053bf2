namespace SymDiff.Torch;

/// <summary>
/// libtorch / TorchSharp's native library could not be loaded (missing natives, an incompatible
/// libstdc++, a managed/native version mismatch...). The message names the cause and the
/// <c>--no-autograd</c> way to run without libtorch.
/// </summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TorchUnavailableException()
        : base("libtorch (TorchSharp) is not available. " + TorchRuntime.NoAutogradHint)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public TorchUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the underlying load failure.</summary>
    public TorchUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The requested compute device (e.g. <c>cuda</c>) is not available in this process. The CLI maps it
/// to exit code 3.
/// </summary>
public sealed class DeviceUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DeviceUnavailableException()
        : base("The requested torch device is not available.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public DeviceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and a cause.</summary>
    public DeviceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
