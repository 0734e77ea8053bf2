using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SymDiff.Cli.Commands;

/// <summary>
/// What each option and argument accepts, said once and used three times: in its help, in the parser that reads
/// its value, and in every error about it (<c>--order must be an integer from 1 to 10, not 'two'</c>). Numbers
/// and choices are read here, at parse time, so a bad value never reaches a command and no message ever shows a
/// .NET type: <c>System.CommandLine</c>'s own conversion errors ("expected type 'System.Int32'") cannot occur.
/// </summary>
/// <example><code>public static readonly Option&lt;int&gt; Order = OptionValues.Integer(new Option&lt;int&gt;("--order")
/// {
///     Description = "Order of the derivative: an integer from 1 to 10.",
///     DefaultValueFactory = _ => 1,
/// }, 1, 10);</code></example>
internal static class OptionValues
{
    private static readonly ConditionalWeakTable<Symbol, string> Accepted = new();

    /// <summary>What <paramref name="symbol"/> accepts, e.g. "an integer from 1 to 10"; null when it was never said.</summary>
    public static string? AcceptsOf(Symbol symbol) => Accepted.TryGetValue(symbol, out var text) ? text : null;

    /// <summary>Records what a free-text option or an argument accepts (its value is read by the command).</summary>
    public static T Accepts<T>(T symbol, string accepts) where T : Symbol
    {
        Accepted.AddOrUpdate(symbol, accepts);
        return symbol;
    }

    /// <summary>An integer option in [<paramref name="min"/>, <paramref name="max"/>]; overflow is just out of range.</summary>
    public static Option<int> Integer(Option<int> option, int min, int max, string? accepts = null)
    {
        Accepts(option, accepts ?? $"an integer from {min} to {max}");
        option.CustomParser = r => ReadInteger(r, option, min, max, AcceptsOf(option)!) ?? default;
        option.HelpName ??= $"{min}-{max}";
        return option;
    }

    /// <summary>An optional integer option in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int?> Integer(Option<int?> option, int min, int max, string? accepts = null)
    {
        Accepts(option, accepts ?? $"an integer from {min} to {max}");
        option.CustomParser = r => ReadInteger(r, option, min, max, AcceptsOf(option)!);
        option.HelpName ??= $"{min}-{max}";
        return option;
    }

    /// <summary>
    /// A free-text option (a point, a claim, a path) read by its command; <paramref name="check"/>, when given,
    /// returns the error for a value that cannot be right whatever the command does with it.
    /// </summary>
    public static Option<string?> Text(Option<string?> option, string accepts, Func<string, string?>? check = null)
    {
        Accepts(option, accepts);
        option.CustomParser = r =>
        {
            if (Single(r, option) is not { } token) return null;
            if (check?.Invoke(token) is { } error) r.AddError(error);
            return token;
        };
        return option;
    }

    /// <summary>A tolerance: a finite number, zero or more, in the invariant culture (1e-9, 0.001).</summary>
    public static Option<double?> Tolerance(Option<double?> option)
    {
        Accepts(option, "a number >= 0 such as 1e-9");
        option.CustomParser = r =>
        {
            if (Single(r, option) is not { } token) return null;
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0)
                return value;
            r.AddError(Invalid(r, option, token));
            return null;
        };
        option.HelpName = "number";
        return option;
    }

    /// <summary>One of <paramref name="values"/>, exactly as written (or absent); they are offered as completions too.</summary>
    public static Option<T> OneOf<T>(Option<T> option, params string[] values) where T : class?
    {
        Accepts(option, Either(values));
        option.CustomParser = r =>
        {
            if (Single(r, option) is not { } token) return null;
            if (values.Contains(token, StringComparer.Ordinal)) return (T)(object)token;
            // A near miss (junt, JSON) gets the value it most likely meant.
            var near = SymDiff.Syntax.NameSuggester.Closest(token, values);
            r.AddError(Invalid(r, option, token) + (near is null ? "" : $"; did you mean '{near}'?"));
            return null;
        };
        option.CompletionSources.Add(values);
        option.HelpName = string.Join('|', values);
        return option;
    }

    /// <summary>
    /// Offers <paramref name="values"/> as completions of a free-text option (the [suggest] directive that
    /// dotnet-suggest asks) without restricting what it accepts.
    /// </summary>
    public static Option<T> CompletedFrom<T>(Option<T> option, IEnumerable<string> values)
    {
        option.CompletionSources.Add([.. values]);
        return option;
    }

    /// <summary>A switch: present or not. <c>--stats=true</c> and <c>--stats false</c> still work, as System.CommandLine reads them.</summary>
    public static Option<bool> Switch(Option<bool> option) => Accepts(option, "no value (it is a switch)");

    /// <summary>"text, json or latex".</summary>
    public static string Either(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : $"{string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}";

    /// <summary><c>--order must be an integer from 1 to 10, not 'two'</c>.</summary>
    private static string Invalid(ArgumentResult r, Option option, string token) => $"{Spelled(r, option)} must be {AcceptsOf(option)}, not '{token}'";

    /// <summary>The option as the user wrote it (<c>-o</c> or <c>--output</c>).</summary>
    public static string Spelled(SymbolResult? result, Option option) => result switch
    {
        OptionResult { IdentifierToken: { } token } => token.Value,
        ArgumentResult { Parent: OptionResult { IdentifierToken: { } token } } => token.Value,
        _ => option.Name,
    };

    private static int? ReadInteger(ArgumentResult r, Option option, int min, int max, string accepts)
    {
        if (Single(r, option) is not { } token) return null;
        // Overflowing digits (99999999999) are out of range like any other integer past max.
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return (int)value;
        r.AddError($"{Spelled(r, option)} must be {accepts}, not '{token}'");
        return null;
    }

    // The option's one value, or null after reporting that it is missing or given more than once.
    private static string? Single(ArgumentResult r, Option option)
    {
        switch (r.Tokens.Count)
        {
            case 0:
                r.AddError(Missing(Spelled(r, option), option));
                return null;
            case 1:
                return r.Tokens[0].Value;
            default:
                r.AddError(Repeated(Spelled(r, option), option, r.Tokens.Select(t => t.Value)));
                return null;
        }
    }

    /// <summary><c>--order needs a value: an integer from 1 to 10</c>.</summary>
    public static string Missing(string spelled, Option option) =>
        AcceptsOf(option) is { } accepts ? $"{spelled} needs a value: {accepts}" : $"{spelled} needs a value";

    /// <summary><c>--order is given 2 times ('1', '2'); give it once: an integer from 1 to 10</c>.</summary>
    public static string Repeated(string spelled, Option option, IEnumerable<string> values)
    {
        var list = values.ToList();
        return $"{spelled} is given {list.Count} times ({string.Join(", ", list.Select(v => $"'{v}'"))}); give it once" +
               (AcceptsOf(option) is { } accepts ? $": {accepts}" : "");
    }
}
