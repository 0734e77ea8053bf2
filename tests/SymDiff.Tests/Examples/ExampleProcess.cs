using System.Diagnostics;

namespace SymDiff.Tests.Examples;

/// <summary>
/// Runs a built example program (examples/&lt;Name&gt;) as a separate process, from its own output folder, where its
/// libtorch natives are. The test project references the examples with <c>ReferenceOutputAssembly="false"</c>, so
/// building the tests builds them, in the same configuration.
/// </summary>
internal static class ExampleProcess
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        /// <summary>Standard output split into lines, without line endings.</summary>
        public string[] Lines => Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
    }

    /// <summary>examples/&lt;Name&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;Name&gt;.dll, matching this test assembly's configuration.</summary>
    public static string Dll(string name)
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory); // tests/SymDiff.Tests/bin/<Config>/net10.0/
        var configuration = testDir.Parent!.Name;
        var framework = testDir.Name;
        var repo = testDir.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repo, "examples", name, "bin", configuration, framework, name + ".dll");
        Assert.True(File.Exists(dll), $"the example {name} was not built at {dll} (dotnet build SymDiff.sln builds it)");
        return dll;
    }

    public static Result Run(string name, int timeoutMs = 120_000, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll(name));
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the example {name} did not finish in {timeoutMs} ms");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
