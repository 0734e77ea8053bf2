using System.CommandLine;
using SymDiff.Cli.Diagnostics;
using SymDiff.Cli.Commands;
using SymDiff.Cli.Commands.Check;
using SymDiff.Cli.Commands.Functions;
using SymDiff.Cli.Commands.Grad;
using SymDiff.Cli.Commands.Optimize;
using SymDiff.Cli.Commands.Plot;

namespace SymDiff.Cli;

/// <summary>
/// The command tree and the one place a command line is parsed: a line that does not parse gets two lines on
/// stderr from <see cref="UsageErrors"/> and exit code 2, before any command runs.
/// </summary>
/// <example><code>var exit = CliApp.Run(["grad", "x^2", "--at", "3"], CliConsole.System);</code></example>
internal static class CliApp
{
    // The commands in the order --help and completion list them. Each definition builds its options (and their
    // parsers, validators and help texts) when created: start-up work a run of another command does not need.
    private static readonly (string Name, Func<CliConsole, Command> Create)[] Commands =
    [
        ("grad", GradCommandDefinition.Create),
        ("check", CheckCommandDefinition.Create),
        ("plot", PlotCommandDefinition.Create),
        ("optimize", OptimizeCommandDefinition.Create),
        ("functions", FunctionsCommandDefinition.Create),
    ];

    /// <summary>
    /// The command tree; with <paramref name="only"/>, a root that holds just that command. A command line that
    /// starts with a command's name parses and runs the same either way: nothing under a command refers to its
    /// siblings, and only a root-level line (help, completion, an unknown or missing command) lists them.
    /// </summary>
    public static RootCommand CreateRoot(CliConsole console, string? only = null)
    {
        var root = new RootCommand(
            "SymDiff: symbolic derivatives, checked against PyTorch's autograd.\n" +
            "Example: symdiff grad \"x^2+2*x+1\" --at 3\n" + ExitCodes.Help);
        foreach (var (name, create) in Commands)
            if (only is null || only == name) root.Subcommands.Add(create(console));
        OverviewHelp.Install(root);
        return root;
    }

    public static int Run(string[] args, CliConsole console)
    {
        StartupTrace.Mark("worker thread");
        // Start-up: a line that starts with a command's name defines only that command (issue 12).
        var only = args is [var first, ..] && Commands.Any(c => c.Name == first) ? first : null;
        var root = CreateRoot(console, only);
        StartupTrace.Mark("commands defined");
        // No response files: "@x" is not a file to expand but bad input, and gets a caret like any other.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        StartupTrace.Mark("command line parsed");
        if (parsed.Errors.Count > 0) return UsageErrors.Report(parsed, args, console.Error);
        return parsed.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error });
    }
}
