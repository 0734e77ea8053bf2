using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace SymDiff.Tests.Packaging;

/// <summary>
/// Packs a project of this repository with <c>dotnet pack --no-build</c> (or, for the tool, with a build of its own
/// under the temporary folder: <see cref="PackBuilding"/>) into a temporary folder, and runs other processes (<c>dotnet tool install</c>, the installed tool). <c>--no-build</c> packs the output the test run
/// already built (same configuration as this test assembly), so packing never rebuilds, never restores and
/// never writes the bin/ folders other tests read; the publish folder and the .nuspec, which pack would put
/// under bin/ and obj/, go to the temporary folder too.
/// </summary>
internal sealed class PackProcess : IDisposable
{
    public sealed record Result(int ExitCode, string Out, string Error, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s\nstdout:\n{Out}\nstderr:\n{Error}";
    }

    /// <summary>A fresh folder under the system temp folder, deleted on <see cref="Dispose"/>.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("symdiff-pack-").FullName;

    /// <summary>Where <see cref="Pack"/> writes .nupkg files: a package source for <c>dotnet tool install --source</c>.</summary>
    public string PackageSource => Path.Combine(Root, "packages");

    /// <summary>The repository root, from tests/SymDiff.Tests/bin/&lt;Configuration&gt;/net10.0/.</summary>
    public static string Repository => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>This test assembly's configuration (Debug, Release): the one whose build output gets packed.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>Packs <paramref name="project"/> (relative to the repository) and returns the one .nupkg it wrote.</summary>
    public string Pack(string project, out Result result)
    {
        var name = Path.GetFileNameWithoutExtension(project);
        result = Run("dotnet", [
            "pack", Path.Combine(Repository, project), "-c", Configuration, "--no-build", "-nodeReuse:false",
            "-o", PackageSource,
            $"-p:PublishDir={Path.Combine(Root, "publish", name)}/",
            $"-p:NuspecOutputPath={Path.Combine(Root, "nuspec", name)}/",
        ]);
        Assert.True(result.ExitCode == 0, $"dotnet pack {project} failed:\n{result}");
        return PackageFile(PackageIdOf(project));
    }

    /// <summary>
    /// Packs <paramref name="project"/> as the README does, building it: a tool whose package for this machine's
    /// runtime identifier is compiled ahead of time (ReadyToRun) needs a build for that identifier, which the test
    /// run did not make. Every project's bin/ and obj/ go under <see cref="Root"/> (global properties reach the
    /// referenced projects too), so the folders other tests read are never written. Returns the package folder.
    /// </summary>
    public string PackBuilding(string project, out Result result)
    {
        result = Run("dotnet", [
            "pack", Path.Combine(Repository, project), "-c", Configuration, "-nodeReuse:false",
            "-o", PackageSource,
            // The SDK's artifacts layout: bin/ and obj/ per project under ArtifactsPath, and the projects' own
            // bin/ and obj/ kept out of the source globs (one shared BaseIntermediateOutputPath would mix projects).
            "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={Path.Combine(Root, "artifacts")}",
        ], timeoutMs: 1_200_000); // a whole build: ~1 min of CPU, but over 10 min of wall time at a load average of 40
        Assert.True(result.ExitCode == 0, $"dotnet pack {project} failed:\n{result}");
        return PackageSource;
    }

    /// <summary>The one package <paramref name="id"/> (any version) that <see cref="PackageSource"/> holds.</summary>
    public string PackageFile(string id)
    {
        // <id>.<version>.nupkg: "SymDiff.1.0.0" but not "SymDiff.Cli.1.0.0".
        var file = new System.Text.RegularExpressions.Regex($@"^{System.Text.RegularExpressions.Regex.Escape(id)}\.[0-9]");
        var packages = Directory.GetFiles(PackageSource, "*.nupkg").Where(p => file.IsMatch(Path.GetFileName(p))).ToArray();
        Assert.True(packages.Length == 1, $"expected one package {id} in {PackageSource}, found: {string.Join(", ", packages)}");
        return packages[0];
    }

    /// <summary>The package id a project packs as (SymDiff.Cli, SymDiff), read from its csproj.</summary>
    public static string PackageIdOf(string project) =>
        XDocument.Load(Path.Combine(Repository, project)).Descendants("PackageId").Single().Value;

    /// <summary>The file names inside a .nupkg (a zip), with '/' separators.</summary>
    public static string[] Entries(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    /// <summary>
    /// Whether the assembly <paramref name="entry"/> of the .nupkg holds ReadyToRun code: its CLI header names a
    /// managed native header, which only crossgen writes (an IL-only assembly has none).
    /// </summary>
    public static bool IsReadyToRun(string nupkg, string entry)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var stream = zip.GetEntry(entry)?.Open() ?? throw new Xunit.Sdk.XunitException($"{nupkg} has no {entry}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(copy);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>The package's .nuspec (its manifest), parsed.</summary>
    public static XElement Nuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!;
    }

    /// <summary>Runs <paramref name="fileName"/> with <paramref name="args"/>, with no colour and no .NET first-run banners.</summary>
    public static Result Run(string fileName, IEnumerable<string> args, IDictionary<string, string>? environment = null, int timeoutMs = 600_000)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        // `dotnet test` leaves MSBuild's own variables (MSBuildExtensionsPath, MSBUILD_EXE_PATH, ...) in the test
        // process; a child `dotnet pack` must find its SDK as a user's would, not inherit the host's.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToArray())
            info.Environment.Remove(key);
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in {timeoutMs} ms");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a file still open on a slow file system: the temp folder is the system's to clear
        catch (UnauthorizedAccessException) { }
    }
}
