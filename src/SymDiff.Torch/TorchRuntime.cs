using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;

namespace SymDiff.Torch;

/// <summary>The device a caller asks for (CLI <c>--device auto|cpu|cuda</c>).</summary>
public enum TorchDeviceRequest
{
    /// <summary>CUDA when <c>torch.cuda.is_available()</c>, otherwise CPU.</summary>
    Auto,

    /// <summary>Always the CPU.</summary>
    Cpu,

    /// <summary>CUDA, or <see cref="DeviceUnavailableException"/> when it is not available.</summary>
    Cuda,
}

/// <summary>
/// Process-wide libtorch (TorchSharp 0.107 / libtorch 2.10) runtime: loads the native libraries lazily on
/// first use, pins libtorch to one intra-op thread and selects the compute device. Load failures surface as
/// <see cref="TorchUnavailableException"/>, an unavailable device as <see cref="DeviceUnavailableException"/>.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 pitfalls handled or documented here:
/// <list type="bullet">
/// <item>On Linux, TorchSharp's own loader uses <c>NativeLibrary.TryLoad</c> and so drops the dlopen
/// error. When <c>libLibTorchSharp.so</c> fails to load it then falls back to copying every libtorch
/// native (~478 MB) from the NuGet cache into a <c>cpu/</c> folder beside <c>TorchSharp.dll</c>, fails
/// again and reports a misleading "doesn't contain a reference to libtorch-cpu-linux-x64". This class
/// therefore loads <c>LibTorchSharp</c> itself first (same probing as a DllImport) and reports the real
/// dlopen message without ever letting that fallback run.</item>
/// <item>The dlopen failure seen on libstdc++ older than GCC 13 (Debian 12, Ubuntu 22.04) is
/// "version `GLIBCXX_3.4.32' not found": 0.107.0's <c>libLibTorchSharp.so</c> requires that version only for
/// the unused marker symbol <c>_ZSt21ios_base_library_initv</c>. The build
/// (<c>build/LibTorchSharpPatch.targets</c>) marks the requirement weak in output and publish copies; see
/// <see cref="ElfVersionNeeds"/>.</item>
/// <item>libtorch defaults to one intra-op thread per core; for the many tiny tensors of an autograd
/// oracle the thread hand-offs dominate (measured 25-55x slower batched runs on 2 cores), so
/// <c>torch.set_num_threads(1)</c> is applied once at load.</item>
/// <item><c>torch.cuda.is_available()</c> first tries to initialise the CUDA backend
/// (<c>TryInitializeDeviceType(CUDA)</c>); with the CPU-only packages it simply returns false.</item>
/// <item>Errors inside <c>torch.autograd.grad</c> are NOT turned into exceptions: the native c10::Error
/// reaches std::terminate and aborts the whole process (verified with 0.107.0). Before calling it: pass
/// <c>allow_unused: true</c> (an unused input then yields a Tensor whose <c>IsInvalid</c> is true; reading
/// its <c>Handle</c> throws), skip outputs whose <c>requires_grad</c> is false (constant: gradient 0), pass
/// <c>grad_outputs</c> (e.g. <c>ones_like</c>) for non-scalar outputs, use <c>retain_graph: true</c> to
/// differentiate a graph twice, and never differentiate through <c>torch.heaviside</c> (no derivative in
/// libtorch). Ordinary tensor ops report errors as <c>ExternalException</c>.</item>
/// <item><c>Scalar</c> (implicit from double) owns a native handle and is not tracked by
/// <c>torch.NewDisposeScope()</c>; dispose it or use the Tensor-with-double operator overloads. Tensors
/// (including <c>autograd.grad</c> results) are tracked by the innermost dispose scope.</item>
/// </list>
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The libstdc++ symbol version that the build patch marks weak in <c>libLibTorchSharp.so</c>.</summary>
    public const string PatchedVersionName = "GLIBCXX_3.4.32";

    /// <summary>The library that <see cref="PatchedVersionName"/> is required from.</summary>
    public const string PatchedLibrary = "libstdc++.so.6";

    /// <summary>Sentence appended to load-failure messages: how to run without libtorch.</summary>
    public const string NoAutogradHint =
        "Run with --no-autograd to skip the libtorch (autograd) cross-check.";

    private const string NativeLibraryName = "LibTorchSharp";

    private static readonly object Gate = new();
    private static bool _loaded;
    private static TorchUnavailableException? _loadFailure;
    private static bool? _cudaAvailable;

    /// <summary>
    /// Loads libtorch if not done yet (thread-safe, idempotent) and sets <c>torch.set_num_threads(1)</c>.
    /// A failure is remembered: later calls throw the same exception without retrying.
    /// </summary>
    /// <exception cref="TorchUnavailableException">The native libraries cannot be loaded.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            if (_loadFailure is not null) throw _loadFailure;
            try
            {
                Load();
                _loaded = true;
            }
            catch (Exception e) when (IsNativeLoadFailure(e))
            {
                _loadFailure = Describe(e);
                throw _loadFailure;
            }
        }
    }

    /// <summary>Like <see cref="EnsureLoaded"/> but returns false (and the reason) instead of throwing.</summary>
    public static bool TryEnsureLoaded(out TorchUnavailableException? error)
    {
        try
        {
            EnsureLoaded();
            error = null;
            return true;
        }
        catch (TorchUnavailableException e)
        {
            error = e;
            return false;
        }
    }

    /// <summary>Parses <c>auto</c>, <c>cpu</c> or <c>cuda</c> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    public static TorchDeviceRequest ParseDevice(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "auto" => TorchDeviceRequest.Auto,
            "cpu" => TorchDeviceRequest.Cpu,
            "cuda" => TorchDeviceRequest.Cuda,
            _ => throw new ArgumentException($"Unknown device '{text}': expected auto, cpu or cuda.", nameof(text)),
        };

    /// <summary>
    /// Loads libtorch (see <see cref="EnsureLoaded"/>) and returns the device for <paramref name="request"/>:
    /// <see cref="TorchDeviceRequest.Auto"/> is CUDA when available, else CPU.
    /// </summary>
    /// <exception cref="TorchUnavailableException">libtorch cannot be loaded.</exception>
    /// <exception cref="DeviceUnavailableException">CUDA was requested but is not available.</exception>
    public static torch.Device SelectDevice(TorchDeviceRequest request)
    {
        EnsureLoaded();
        switch (request)
        {
            case TorchDeviceRequest.Cpu:
                return torch.CPU;
            case TorchDeviceRequest.Auto:
                return IsCudaAvailable(out _) ? torch.CUDA : torch.CPU;
            case TorchDeviceRequest.Cuda:
                if (IsCudaAvailable(out var why)) return torch.CUDA;
                throw new DeviceUnavailableException(
                    "CUDA was requested (--device cuda) but is not available: " + why +
                    " Use --device cpu or --device auto.");
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request, null);
        }
    }

    /// <summary>
    /// Full path of the <c>libLibTorchSharp</c> native library mapped into this process (read from
    /// <c>/proc/self/maps</c> on Linux, the process module list elsewhere), or null when it is not loaded.
    /// Tests use it with <see cref="ElfVersionNeeds"/> to check that the loaded copy is the patched one.
    /// </summary>
    public static string? LoadedLibTorchSharpPath
    {
        get
        {
            if (OperatingSystem.IsLinux())
            {
                foreach (var line in File.ReadLines("/proc/self/maps"))
                {
                    int slash = line.IndexOf('/', StringComparison.Ordinal);
                    if (slash < 0) continue;
                    var path = line[slash..];
                    if (path.EndsWith(" (deleted)", StringComparison.Ordinal)) path = path[..^" (deleted)".Length];
                    if (Path.GetFileName(path) == "libLibTorchSharp.so") return path;
                }
                return null;
            }

            using var process = Process.GetCurrentProcess();
            foreach (ProcessModule module in process.Modules)
            {
                if (Path.GetFileNameWithoutExtension(module.ModuleName) is "LibTorchSharp" or "libLibTorchSharp")
                    return module.FileName;
            }
            return null;
        }
    }

    private static void Load()
    {
        // Step 1: load the native library ourselves, resolved exactly like TorchSharp's DllImports
        // (deps.json probing: runtimes/<rid>/native/ in the app folder). On failure the exception carries
        // the dlopen error; TorchSharp's loader is never reached, so its cpu/ copy fallback cannot run.
        NativeLibrary.Load(NativeLibraryName, typeof(torch).Assembly, searchPath: null);

        // Step 2: TorchSharp's own initialisation (finds the library already loaded).
        torch.InitializeDeviceType(DeviceType.CPU);

        // Step 3: one intra-op thread (see the remarks on this class).
        torch.set_num_threads(1);
    }

    private static bool IsCudaAvailable(out string reason)
    {
        lock (Gate)
        {
            if (_cudaAvailable is null)
            {
                try
                {
                    _cudaAvailable = torch.cuda.is_available();
                }
                catch (Exception e) when (IsNativeLoadFailure(e) || e is InvalidOperationException or ExternalException)
                {
                    _cudaAvailable = false;
                }
            }
            reason = _cudaAvailable.Value
                ? "available"
                : "torch.cuda.is_available() is false (this build uses the CPU libtorch package, or no CUDA device/driver is present; build with -p:TorchBackend=cuda for CUDA).";
            return _cudaAvailable.Value;
        }
    }

    private static bool IsNativeLoadFailure(Exception e) =>
        e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException
            or BadImageFormatException or NotSupportedException or MarshalDirectiveException;

    private static TorchUnavailableException Describe(Exception e)
    {
        var inner = e;
        while (inner is TypeInitializationException { InnerException: { } next }) inner = next;
        string detail = EssentialLoadError(inner.Message);

        string cause;
        if (detail.Contains("GLIBCXX_", StringComparison.Ordinal))
        {
            cause =
                "libtorch could not be loaded: the system libstdc++ is older than the one libLibTorchSharp.so asks for " +
                $"({detail}). TorchSharp 0.107's library only needs {PatchedVersionName} for an unused marker symbol; " +
                "the SymDiff build marks that requirement weak in its output and publish folders " +
                "(build/LibTorchSharpPatch.targets), so this copy was not produced by a Linux build of this repository: " +
                "rebuild or republish it on Linux, or install libstdc++ from GCC 13 or newer.";
        }
        else if (inner is EntryPointNotFoundException)
        {
            cause = $"libtorch was loaded but does not match the TorchSharp managed assembly ({detail}).";
        }
        else
        {
            cause = $"libtorch (TorchSharp native library) could not be loaded: {detail}";
        }
        return new TorchUnavailableException(cause + " " + NoAutogradHint, e);
    }

    /// <summary>
    /// A DllNotFoundException from NativeLibrary.Load lists one dlerror line per probed candidate; keep the
    /// lines about a file that exists but failed to load (e.g. the GLIBCXX one) and drop the "No such file"
    /// probes and the generic header.
    /// </summary>
    private static string EssentialLoadError(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var relevant = lines
            .Skip(1)
            .Where(l => !l.EndsWith("No such file or directory", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        return relevant.Count > 0 ? string.Join(" ", relevant) : message.Trim();
    }
}
