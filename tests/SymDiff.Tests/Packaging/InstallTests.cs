using System.Text.RegularExpressions;
using SymDiff.Tests.Cli;
using Xunit.Abstractions;

namespace SymDiff.Tests.Packaging;

/// <summary>
/// Issue 11, "Install": the CLI packs as a .NET tool that installs and runs autograd, and the library packs with
/// its README, licence and XML docs. The library packs the output this test run already built; the tool builds its
/// ReadyToRun package for this machine under a temporary folder (<see cref="PackProcess"/>).
/// </summary>
public class InstallTests(ITestOutputHelper output)
{
    // Cost, measured (2 cores): the pack builds the three projects for this machine's runtime identifier under a
    // temporary folder and compiles them ahead of time (ReadyToRun: ~50 s of CPU for build, crossgen and deflating
    // ~500 MB of natives into a 143 MB package; 210 s of wall time in this test at a load average of ~40), install
    // 2.4 s, the runs ~1 s each. The stage times go to the test output.
    [Fact]
    [Trait("Category", "Torch")]
    public void The_tool_package_installs_and_runs_autograd()
    {
        using var pack = new PackProcess();
        var version = BuiltVersion();
        const string project = "src/SymDiff.Cli/SymDiff.Cli.csproj";
        var id = PackProcess.PackageIdOf(project);
        pack.PackBuilding(project, out var packed);
        output.WriteLine($"pack: {packed.Elapsed.TotalSeconds:F1} s");

        // Two packages (issue 12, start-up): SymDiff.Cli points to SymDiff.Cli.<rid>, which holds the tool.
        var outer = pack.PackageFile(id);
        Assert.Equal("DotnetTool", Element(PackProcess.Nuspec(outer), "packageType").Attribute("name")?.Value);
        var inner = Directory.GetFiles(pack.PackageSource, $"{id}.*.nupkg").Single(p => p != outer);
        var rid = Path.GetFileName(inner)[(id.Length + 1)..^$".{version}.nupkg".Length];
        output.WriteLine($"tool package: {Path.GetFileName(inner)}, {new FileInfo(inner).Length / 1e6:F0} MB");
        var nuspec = PackProcess.Nuspec(inner);
        Assert.Equal("DotnetToolRidPackage", Element(nuspec, "packageType").Attribute("name")?.Value);
        Assert.Equal("MIT", Element(nuspec, "license").Value);
        var entries = PackProcess.Entries(inner);
        // libtorch's CPU library, as the build OS names it, among the tool's natives.
        Assert.Contains(entries, e => e.StartsWith($"tools/net10.0/{rid}/", StringComparison.Ordinal)
                                      && Path.GetFileName(e) is "libtorch_cpu.so" or "torch_cpu.dll" or "libtorch_cpu.dylib");
        // The tool's own code is precompiled: its assembly carries ReadyToRun native code, not only IL.
        Assert.True(PackProcess.IsReadyToRun(inner, $"tools/net10.0/{rid}/symdiff.dll"), "symdiff.dll in the tool package is not ReadyToRun");

        // --source, not --add-source: only the fresh package, whatever feeds this machine has (or cannot reach).
        var toolPath = Path.Combine(pack.Root, "tools");
        var installed = PackProcess.Run("dotnet", ["tool", "install", "--tool-path", toolPath, "--source", pack.PackageSource,
            id, "--version", version]);
        output.WriteLine($"install: {installed.Elapsed.TotalSeconds:F1} s");
        Assert.True(installed.ExitCode == 0, $"dotnet tool install failed:\n{installed}");

        var symdiff = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "symdiff.exe" : "symdiff");
        var run = PackProcess.Run(symdiff, ["grad", "x^2+2*x+1", "--at", "3"], new Dictionary<string, string> { ["SYMDIFF_TRACE_NATIVE"] = "1" });
        output.WriteLine($"run: {run.Elapsed.TotalSeconds:F1} s");
        Assert.True(run.ExitCode == 0, $"the installed symdiff failed:\n{run}");
        // The autograd column, with autograd's value, and the verdict: not a note that autograd was unavailable.
        Assert.Contains("autograd (cpu, float64)", run.Out);
        var row = run.Out.ReplaceLineEndings("\n").Split('\n').Single(l => Regex.IsMatch(l, @"^df/dx +[0-9]")); // not "df/dx = 2*x + 2"
        Assert.Equal(["df/dx", "8", "8", "8", "0", "0"], Regex.Split(row.Trim(), " +"));
        Assert.Contains("PASS  symbolic and autograd agree", run.Out);
        if (OperatingSystem.IsLinux()) Assert.Contains("trace: libtorch loaded: yes", run.Error);

        // Start-up: --no-autograd never loads libtorch, in the installed tool as in the build.
        var lean = PackProcess.Run(symdiff, ["grad", "x^2+2*x+1", "--at", "3", "--no-autograd"], new Dictionary<string, string> { ["SYMDIFF_TRACE_NATIVE"] = "1" });
        Assert.True(lean.ExitCode == 0, $"the installed symdiff failed:\n{lean}");
        Assert.Contains("PASS  symbolic values agree with finite differences (autograd not run)", lean.Out);
        if (OperatingSystem.IsLinux()) Assert.Contains("trace: libtorch loaded: no", lean.Error);
    }

    [Fact]
    public void The_library_package_has_the_dll_the_xml_docs_the_readme_and_the_licence()
    {
        using var pack = new PackProcess();
        var nupkg = pack.Pack("src/SymDiff/SymDiff.csproj", out var packed);
        output.WriteLine($"pack: {packed.Elapsed.TotalSeconds:F1} s");

        var entries = PackProcess.Entries(nupkg);
        Assert.Contains("lib/net10.0/SymDiff.Core.dll", entries);
        Assert.Contains("lib/net10.0/SymDiff.Core.xml", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.DoesNotContain(entries, e => e.Contains("torch", StringComparison.OrdinalIgnoreCase)); // the library never carries libtorch

        var nuspec = PackProcess.Nuspec(nupkg);
        Assert.Equal("SymDiff", Element(nuspec, "id").Value);
        Assert.Equal("MIT", Element(nuspec, "license").Value);
        Assert.Equal("README.md", Element(nuspec, "readme").Value);
        Assert.False(string.IsNullOrWhiteSpace(Element(nuspec, "description").Value));
    }

    [Fact]
    public void The_readme_installs_the_packages_the_projects_make()
    {
        var readme = File.ReadAllText(Path.Combine(PackProcess.Repository, "README.md")).ReplaceLineEndings("\n");
        var tool = PackProcess.PackageIdOf("src/SymDiff.Cli/SymDiff.Cli.csproj");
        var command = System.Xml.Linq.XDocument.Load(Path.Combine(PackProcess.Repository, "src/SymDiff.Cli/SymDiff.Cli.csproj"))
            .Descendants("ToolCommandName").Single().Value;
        Assert.Equal("symdiff", command);
        Assert.Contains("dotnet pack src/SymDiff.Cli -o artifacts\n", readme);
        Assert.Contains($"dotnet tool install --global --add-source ./artifacts {tool}\n", readme);
        Assert.Contains($"dotnet tool uninstall --global {tool}\n", readme);
        Assert.Contains("dotnet pack src/SymDiff -o artifacts\n", readme);
        Assert.Contains($"dotnet add package {PackProcess.PackageIdOf("src/SymDiff/SymDiff.csproj")} --source ", readme);
        // The completion example answers as the README says.
        Assert.Contains("`symdiff \"[suggest:3]\" \"gra\"`\nprints `grad`", readme);
        Assert.Equal("grad", CliProcess.Run(["[suggest:3]", "gra"]).Out.Trim());
    }

    /// <summary>The built CLI's version without the commit: <c>1.0.0+abc1234</c> gives 1.0.0, the version pack writes.</summary>
    private static string BuiltVersion()
    {
        var r = CliProcess.Run(["--version"]);
        Assert.Equal(0, r.ExitCode);
        return r.Out.Trim().Split('+')[0];
    }

    private static System.Xml.Linq.XElement Element(System.Xml.Linq.XElement nuspec, string name) =>
        nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name) ?? throw new Xunit.Sdk.XunitException($"the .nuspec has no <{name}>:\n{nuspec}");
}
