using System.CommandLine;
using SymDiff.Cli;
using SymDiff.Cli.Commands.Check;
using SymDiff.Cli.Commands.Grad;

// Deep expressions recurse in the parser, differentiator and printers; a large stack makes every tree the
// parser accepts (up to its documented depth limit) safe in later stages, and the stack guards report the rest.
var exitCode = ExitCodes.Success;
var worker = new Thread(() => exitCode = Run(args), maxStackSize: 256 * 1024 * 1024);
worker.Start();
worker.Join();
// Diagnostics for tests and bug reports: which native torch libraries this run mapped (none with --no-autograd).
if (Environment.GetEnvironmentVariable("SYMDIFF_TRACE_NATIVE") == "1" && File.Exists("/proc/self/maps"))
{
    var loaded = File.ReadLines("/proc/self/maps").Any(l => l.Contains("libtorch", StringComparison.Ordinal));
    Console.Error.WriteLine($"trace: libtorch loaded: {(loaded ? "yes" : "no")}");
}
return exitCode;

static int Run(string[] args)
{
    var root = new RootCommand(
        "SymDiff: symbolic derivatives, checked against PyTorch's autograd.\n" +
        "Example: symdiff grad \"x^2+2*x+1\" --at 3\n" + ExitCodes.Help);
    root.Subcommands.Add(GradCommandDefinition.Create());
    root.Subcommands.Add(CheckCommandDefinition.Create());
    root.Subcommands.Add(SymDiff.Cli.Commands.Plot.PlotCommandDefinition.Create());
    var parsed = root.Parse(args);
    if (parsed.Errors.Count > 0)
    {
        foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
        Console.Error.WriteLine("Run 'symdiff --help' or 'symdiff grad --help' for usage.");
        return ExitCodes.BadInput;
    }
    return parsed.Invoke();
}
