namespace SymDiff.Cli;

/// <summary>Process exit codes, documented in --help and the README.</summary>
public static class ExitCodes
{
    /// <summary>Every case passed (undefined points, explained in notes, do not fail a run).</summary>
    public const int Success = 0;
    /// <summary>A disagreement between symbolic and autograd values, or a wrong hand-written derivative.</summary>
    public const int Mismatch = 1;
    /// <summary>Bad input or usage, parse errors included.</summary>
    public const int BadInput = 2;
    /// <summary>The requested device is unavailable (e.g. --device cuda without CUDA), or libtorch could not load.</summary>
    public const int DeviceUnavailable = 3;

    public const string Help = "Exit codes: 0 all pass, 1 a disagreement or wrong claim, 2 bad input or usage, 3 device unavailable.";
}
