using System.Text;
using SymDiff.Cli;
using SymDiff.Cli.Diagnostics;

StartupTrace.Begin();

// UTF-8 whatever the locale (LANG=C would otherwise turn 𝑥 into '?'), and no byte order mark on the way out.
Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
Console.InputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

// Deep expressions recurse in the parser, differentiator and printers; a large stack makes every tree the
// parser accepts (up to its documented depth limit) safe in later stages, and the stack guards report the rest.
var exitCode = ExitCodes.Success;
var worker = new Thread(() => exitCode = CliApp.Run(args, CliConsole.System), maxStackSize: 256 * 1024 * 1024);
worker.Start();
worker.Join();
// Diagnostics for tests and bug reports: which native torch libraries this run mapped (none with --no-autograd).
if (Environment.GetEnvironmentVariable("SYMDIFF_TRACE_NATIVE") == "1" && File.Exists("/proc/self/maps"))
{
    var loaded = File.ReadLines("/proc/self/maps").Any(l => l.Contains("libtorch", StringComparison.Ordinal));
    Console.Error.WriteLine($"trace: libtorch loaded: {(loaded ? "yes" : "no")}");
}
StartupTrace.Mark("exit");
return exitCode;
