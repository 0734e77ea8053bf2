using SymDiff.Torch;

namespace SymDiff.Tests.Torch;

[Trait("Category", "Torch")]
[Collection("Torch")]
public class LibTorchSharpLoadTests
{
    /// <summary>
    /// The process maps the libLibTorchSharp.so of this test's own output folder, which the build patched: its
    /// GLIBCXX_3.4.32 requirement is weak, so it loads on libstdc++ older than GCC 13.
    /// </summary>
    [Fact]
    public void The_loaded_native_library_is_the_patched_copy_in_the_output_folder()
    {
        TorchRuntime.EnsureLoaded();
        var path = TorchRuntime.LoadedLibTorchSharpPath;
        Assert.NotNull(path);
        var output = Path.GetFullPath(AppContext.BaseDirectory);
        Assert.StartsWith(output, Path.GetFullPath(path), StringComparison.Ordinal);
        if (!OperatingSystem.IsLinux()) return; // the patch and the ELF reader concern Linux only

        var requirement = ElfVersionNeeds.Read(path).Find(TorchRuntime.PatchedVersionName, TorchRuntime.PatchedLibrary);
        Assert.NotNull(requirement);
        Assert.True(requirement.IsWeak, $"{path}: {requirement}");
    }
}
