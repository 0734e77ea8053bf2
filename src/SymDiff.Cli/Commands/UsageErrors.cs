using System.CommandLine;
using System.CommandLine.Parsing;
using NameSuggester = SymDiff.Syntax.NameSuggester;

namespace SymDiff.Cli.Commands;

/// <summary>
/// Turns a command line that does not parse into two lines on stderr: the one error that matters most, naming
/// the option or command and what it accepts, then where the help is (<c>Run 'symdiff plot --help' for usage.</c>).
/// Priority: an unknown option, an unknown command, a bad or missing option value (in command-line order), a
/// missing argument, an unexpected argument; later errors are usually consequences of the first.
/// </summary>
/// <example><code>var parsed = root.Parse(args);
/// if (parsed.Errors.Count > 0) return UsageErrors.Report(parsed, args, console.Error);</code></example>
internal static class UsageErrors
{
    public static int Report(ParseResult parsed, IReadOnlyList<string> args, TextWriter error)
    {
        var command = parsed.CommandResult.Command;
        error.WriteLine($"error: {Explain(parsed, args)}");
        error.WriteLine($"Run '{PathOf(parsed.CommandResult)} --help' for usage.");
        error.Flush();
        return ExitCodes.BadInput;
    }

    /// <summary>The message for the most relevant error of <paramref name="parsed"/>.</summary>
    public static string Explain(ParseResult parsed, IReadOnlyList<string> args)
    {
        var command = parsed.CommandResult.Command;
        var isRoot = command is RootCommand;

        // 1. Unknown options: left over, or taken for an argument (their validators report them).
        foreach (var token in parsed.UnmatchedTokens.Where(LooksLikeOption))
            return UnknownOption(token, command);
        var ownErrors = parsed.Errors.Where(e => e.Message.StartsWith(UnknownOptionPrefix, StringComparison.Ordinal)).ToList();
        if (ownErrors.Count > 0) return ownErrors[0].Message;

        // 2. Unknown command, or none.
        if (isRoot)
        {
            var commands = command.Subcommands.Select(c => c.Name).ToList();
            if (parsed.UnmatchedTokens.FirstOrDefault() is { } word)
            {
                return NameSuggester.Closest(word, commands) is { } meant
                    ? $"unknown command '{word}'; did you mean '{meant}'?"
                    : $"unknown command '{word}': use {OptionValues.Either(commands)}";
            }
            return $"symdiff needs a command: {OptionValues.Either(commands)}";
        }

        // 3. Option values: bad (reported by OptionValues' parsers), missing or repeated.
        foreach (var e in parsed.Errors)
        {
            var (option, result) = OptionOf(e.SymbolResult);
            if (option is null) continue;
            var tokens = result?.Tokens.Where(t => t.Type == TokenType.Argument).Select(t => t.Value).ToList() ?? [];
            var spelled = OptionValues.Spelled(result, option);
            return tokens.Count switch
            {
                0 => OptionValues.Missing(spelled, option),
                1 => e.Message,
                _ => OptionValues.Repeated(spelled, option, tokens),
            };
        }

        // 4. A switch given a value (--stats=1): System.CommandLine leaves the value over.
        foreach (var token in parsed.UnmatchedTokens)
        {
            var written = args.FirstOrDefault(a => a.EndsWith("=" + token, StringComparison.Ordinal));
            if (written is null) continue;
            var name = written[..^(token.Length + 1)];
            if (command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name)) is { ValueType: var type } && type == typeof(bool))
                return $"{name} takes no value (it is a switch), not '{token}'";
        }

        // 5. A missing argument (the expression, the files).
        foreach (var argument in command.Arguments)
        {
            if (parsed.GetResult(argument) is ArgumentResult { Tokens.Count: > 0 }) continue;
            if (argument.Arity.MinimumNumberOfValues == 0) continue;
            return $"{command.Name} needs {OptionValues.AcceptsOf(argument) ?? argument.Name}";
        }

        // 6. Words left over.
        if (parsed.UnmatchedTokens.FirstOrDefault() is { } extra)
            return command.Arguments.Count == 0
                ? $"unexpected argument '{extra}': '{PathOf(parsed.CommandResult)}' takes no arguments, only options"
                : $"unexpected argument '{extra}': '{PathOf(parsed.CommandResult)}' takes one expression; quote an expression that contains spaces";

        return parsed.Errors[0].Message;
    }

    private const string UnknownOptionPrefix = "unknown option '";

    /// <summary><c>unknown option '--ORDER'; did you mean '--order'?</c></summary>
    public static string UnknownOption(string token, Command command)
    {
        var names = command.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
        var bare = token.TrimStart('-').Split('=')[0];
        var meant = NameSuggester.Closest(bare, names.Select(n => n[2..]));
        return meant is null ? $"{UnknownOptionPrefix}{token}'" : $"{UnknownOptionPrefix}{token}'; did you mean '--{meant}'?";
    }

    /// <summary>
    /// A word that is an option by its shape: <c>--name</c>, or <c>-n</c> that is not a number. For an
    /// expression argument only <c>--name</c> counts (<c>-x</c> is minus x).
    /// </summary>
    public static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && (token[1] == '-' ? token.Length > 2 && char.IsAsciiLetter(token[2]) : char.IsAsciiLetter(token[1]));

    /// <summary><c>--name</c> or <c>--name=value</c>: never an expression a person means (<c>--x</c> is <c>x</c>).</summary>
    public static bool LooksLikeLongOption(string token) =>
        token.Length > 2 && token.StartsWith("--", StringComparison.Ordinal) && char.IsAsciiLetter(token[2]) &&
        token.Skip(2).TakeWhile(c => c != '=').All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static (Option? Option, SymbolResult? Result) OptionOf(SymbolResult? result) => result switch
    {
        OptionResult r => (r.Option, r),
        ArgumentResult { Parent: OptionResult r } => (r.Option, r),
        _ => (null, null),
    };

    private static string PathOf(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Command is RootCommand ? "symdiff" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }
}
