using System.CommandLine;
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
    public static RootCommand CreateRoot(CliConsole console)
    {
        var root = new RootCommand(
            "SymDiff: symbolic derivatives, checked against PyTorch's autograd.\n" +
            "Example: symdiff grad \"x^2+2*x+1\" --at 3\n" + ExitCodes.Help);
        root.Subcommands.Add(GradCommandDefinition.Create(console));
        root.Subcommands.Add(CheckCommandDefinition.Create(console));
        root.Subcommands.Add(PlotCommandDefinition.Create(console));
        root.Subcommands.Add(OptimizeCommandDefinition.Create(console));
        root.Subcommands.Add(FunctionsCommandDefinition.Create(console));
        OverviewHelp.Install(root);
        return root;
    }

    public static int Run(string[] args, CliConsole console)
    {
        // No response files: "@x" is not a file to expand but bad input, and gets a caret like any other.
        var parsed = CreateRoot(console).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0) return UsageErrors.Report(parsed, args, console.Error);
        return parsed.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error });
    }
}
