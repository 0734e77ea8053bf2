using System.CommandLine;

namespace SymDiff.Cli.Commands.Functions;

/// <summary>The options of <c>symdiff functions</c> and how they are wired to <see cref="FunctionsCommand"/>.</summary>
public static class FunctionsCommandDefinition
{
    public static readonly Option<string> Format = OptionValues.OneOf(new Option<string>("--format")
    {
        Description = "Output: text, json or markdown. markdown is the table the README's Functions section holds.",
        DefaultValueFactory = _ => "text",
    }, "text", "json", "markdown");

    public static Command Create(CliConsole console)
    {
        var command = new Command("functions",
            "List every function SymDiff knows, from its function table: name, arity, derivative, test domain, the convention " +
            "at its kinks and the PyTorch operation it is checked against.\n" +
            "Examples:\n" +
            "  symdiff functions\n" +
            "  symdiff functions --format markdown\n" +
            ExitCodes.Help)
        {
            Format,
        };
        command.SetAction(parseResult => FunctionsCommand.Run(parseResult.GetValue(Format)!, console));
        return command;
    }
}
