using System.Diagnostics;

namespace SymDiff.Tests.Cli;

/// <summary>Runs the built <c>symdiff</c> CLI as a separate process, from its own output folder.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>src/SymDiff.Cli/bin/&lt;Configuration&gt;/net10.0/symdiff.dll, matching this test assembly's configuration.</summary>
    public static string CliDll
    {
        get
        {
            var testDir = new DirectoryInfo(AppContext.BaseDirectory); // tests/SymDiff.Tests/bin/<Config>/net10.0/
            var configuration = testDir.Parent!.Name;
            var framework = testDir.Name;
            var repo = testDir.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(repo, "src", "SymDiff.Cli", "bin", configuration, framework, "symdiff.dll");
            Assert.True(File.Exists(dll), $"the CLI was not built at {dll}");
            return dll;
        }
    }

    /// <summary>Runs symdiff with <paramref name="args"/>; <paramref name="stdinBytes"/>, when given, is written to stdin as is (a BOM, an encoding).</summary>
    public static Result Run(string[] args, string? stdin = null, IDictionary<string, string?>? environment = null, int timeoutMs = 120_000,
        byte[]? stdinBytes = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        info.Environment.Remove("COLUMNS"); // check's table wraps at COLUMNS when set: tests get the pipe's 100 unless they say
        // Read back as UTF-8 whatever the locale: the CLI must write UTF-8 (tests set LANG=C and the like).
        info.StandardOutputEncoding = System.Text.Encoding.UTF8;
        info.StandardErrorEncoding = System.Text.Encoding.UTF8;
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null) process.StandardInput.Write(stdin);
            if (stdinBytes is not null)
            {
                process.StandardInput.Flush();
                process.StandardInput.BaseStream.Write(stdinBytes);
                process.StandardInput.BaseStream.Flush();
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The CLI may exit before reading its input (a usage error is reported first): a broken pipe here is
            // that, not a failure; the exit code and output below are what the test judges.
        }
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"symdiff {string.Join(' ', args)} did not finish in {timeoutMs} ms");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
