using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace SymDiff.Cli;

/// <summary>
/// <c>symdiff --help</c>: a short overview (what each command is for, one example each, where the details are),
/// instead of every command's full description, examples and the .sdx format at once. A command's own
/// <c>--help</c> keeps the standard, detailed help.
/// </summary>
internal sealed class OverviewHelp(HelpAction standard, RootCommand root) : SynchronousCommandLineAction
{
    public const string Text =
        """
        SymDiff: symbolic derivatives, checked against PyTorch's autograd.

        Usage: symdiff <command> [options]

        Commands:
          grad       Differentiate, simplify, and check the derivative against autograd and finite differences.
                       symdiff grad "x^2+2*x+1" --at 3
          check      Check every case of .sdx files (derivatives and hand-written claims), like a test runner.
                       symdiff check examples/quickstart.sdx
          plot       Draw f and its derivative, or a loss landscape with gradient arrows and optimizer paths.
                       symdiff plot "x^3 - 3*x" --from -2 --to 2
          optimize   Minimise f with torch.optim's update rules on SymDiff's gradient, checked against torch.optim.
                       symdiff optimize "(1 - x)^2 + 100*(y - x^2)^2" --from "x=-1.5, y=2" --lr 0.01 --steps 2000
          functions  The functions SymDiff knows: arity, derivative, kink convention, PyTorch op.
                       symdiff functions --format markdown

        Vectors and matrices: grad "sum((W@x + b - y)^2)" --shape "W=3x2, x=2, b=3, y=3"

        Options:
          -h, --help  This overview; 'symdiff <command> --help' for a command's options, examples and formats.
          --version   The version (1.0.0+commit).

        Exit codes: 0 all pass, 1 a disagreement or wrong claim, 2 bad input or usage, 3 device unavailable.
        """;

    // As the standard help: asking for help is never a usage error (a command's help needs no expression).
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command != root) return standard.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Text);
        return 0;
    }

    /// <summary>Puts the overview in front of the standard help action of <paramref name="root"/>'s help option.</summary>
    public static void Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new OverviewHelp((HelpAction)option.Action!, root);
    }
}
