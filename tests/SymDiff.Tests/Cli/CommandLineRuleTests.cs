using System.CommandLine;
using SymDiff.Cli;
using SymDiff.Cli.Commands;

namespace SymDiff.Tests.Cli;

/// <summary>
/// Issue 8, item 7, as a rule over every command and option, run in-process: a bad option value, an unknown
/// option or command, a missing value, a negative or NaN tolerance, an overflowing number exits 2 with one or two
/// lines on stderr that name the option and what it accepts. Never a stack trace, never silence, never a .NET
/// type name, never a pointer to another command's help.
/// </summary>
public class CommandLineRuleTests
{
    private sealed record Outcome(int Exit, string Out, string Error)
    {
        public string[] ErrorLines => Error.Replace("\r", "").TrimEnd('\n').Split('\n');
    }

    private static Outcome Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = CliApp.Run(args, new CliConsole(output, error, new StringReader(""), Color: false));
        return new Outcome(exit, output.ToString(), error.ToString());
    }

    /// <summary>Exit 2, one or two lines (at most <paramref name="maxLines"/>), each fragment present, nothing a .NET type leaks.</summary>
    private static Outcome AssertUsageError(string[] args, string[] fragments, int maxLines = 2)
    {
        var r = Run(args);
        var shown = $"symdiff {string.Join(' ', args)}\nexit {r.Exit}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";
        Assert.True(r.Exit == ExitCodes.BadInput, shown);
        Assert.True(r.Error.Trim().Length > 0, "silent: " + shown);
        Assert.True(r.ErrorLines.Length <= maxLines, $"more than {maxLines} lines: " + shown);
        foreach (var fragment in fragments) Assert.True(r.Error.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' missing: " + shown);
        foreach (var leak in new[] { "System.", "Exception", "   at ", "`1", "Nullable", "Int32", "Double" })
            Assert.False(r.Error.Contains(leak, StringComparison.Ordinal), $"'{leak}' leaked: " + shown);
        Assert.Equal("", r.Out);
        return r;
    }

    public static TheoryData<string[], string[]> BadOptionValues => new()
    {
        // --order: not a number, overflowing, out of range, for grad and check; plot's own range.
        { ["grad", "x", "--order", "two"], ["--order", "'two'", "an integer from 1 to 10"] },
        { ["grad", "x", "--order", "99999999999"], ["--order", "'99999999999'", "an integer from 1 to 10"] },
        { ["grad", "x", "--order", "0"], ["--order", "an integer from 1 to 10"] },
        { ["grad", "x", "--order", "1.5"], ["--order", "an integer from 1 to 10"] },
        { ["check", "-", "--order", "two"], ["--order", "an integer from 1 to 10"] },
        { ["plot", "x", "--order", "two"], ["--order", "1, 2 or 3"] },
        { ["plot", "x", "--order", "4"], ["--order", "1, 2 or 3"] },
        // Tolerances: negative, NaN, infinite, not a number.
        { ["grad", "x", "--rtol", "-1"], ["--rtol", "'-1'", "a number >= 0"] },
        { ["grad", "x", "--atol", "-0.5"], ["--atol", "'-0.5'", "a number >= 0"] },
        { ["grad", "x", "--rtol", "nan"], ["--rtol", "'nan'", "a number >= 0"] },
        { ["grad", "x", "--rtol", "NaN"], ["--rtol", "a number >= 0"] },
        { ["grad", "x", "--atol", "infinity"], ["--atol", "a number >= 0"] },
        { ["grad", "x", "--rtol", "abc"], ["--rtol", "'abc'", "a number >= 0"] },
        { ["check", "-", "--atol", "-1e-3"], ["--atol", "a number >= 0"] },
        // --wrt naming a variable twice: df/dx printed twice is never what was meant, so say so (not deduplicate silently).
        { ["grad", "x*y", "--wrt", "x,x"], ["--wrt", "'x' more than once", "'x,x'", "give each variable once"] },
        { ["grad", "x*y", "--wrt", "x, y,x"], ["--wrt", "'x' more than once"] },
        { ["check", "-", "--wrt", "y,y"], ["--wrt", "'y' more than once"] },
        // Choices name the option and every accepted value.
        { ["grad", "x", "--format", "yaml"], ["--format", "'yaml'", "text, json or latex"] },
        { ["check", "-", "--format", "yaml"], ["--format", "'yaml'", "text, json or junit"] },
        { ["plot", "x", "--format", "gif"], ["--format", "'gif'", "png or svg"] },
        { ["grad", "x", "--dtype", "float16"], ["--dtype", "'float16'", "float64 or float32"] },
        { ["check", "-", "--dtype", "float16"], ["--dtype", "float64 or float32"] },
        { ["plot", "x", "--dtype", "float16"], ["--dtype", "float64 or float32"] },
        { ["grad", "x", "--device", "tpu"], ["--device", "'tpu'", "auto, cpu or cuda"] },
        { ["plot", "x", "--device", "tpu"], ["--device", "auto, cpu or cuda"] },
        // Plot's sizes and counts.
        { ["plot", "x", "--width", "abc"], ["--width", "'abc'", "an integer from 100 to 10000"] },
        { ["plot", "x", "--width", "99999999999"], ["--width", "an integer from 100 to 10000"] },
        { ["plot", "x", "--height", "10"], ["--height", "an integer from 100 to 10000"] },
        { ["plot", "x", "--samples", "many"], ["--samples", "an integer"] },
        { ["plot", "x", "--markers", "-1"], ["--markers", "an integer from 0 to 1000"] },
        // Switches take no value.
        { ["grad", "x", "--no-autograd=maybe"], ["--no-autograd", "'maybe'", "takes no value"] },
        { ["grad", "x", "--stats=1"], ["--stats", "takes no value"] },
        // --wrt with no name at all.
        { ["grad", "x", "--wrt", ","], ["--wrt", "variable names"] },
    };

    [Theory]
    [MemberData(nameof(BadOptionValues))]
    public void Issue_8_a_bad_option_value_names_the_option_and_what_it_accepts(string[] args, string[] fragments) =>
        AssertUsageError(args, fragments);

    public static TheoryData<string[], string[]> UnknownOrMissing => new()
    {
        { ["check", "--bogus", "f.sdx"], ["unknown option '--bogus'", "symdiff check --help"] },
        { ["check", "f.sdx", "--bogus"], ["unknown option '--bogus'"] },
        { ["grad", "x", "--bogus"], ["unknown option '--bogus'", "symdiff grad --help"] },
        { ["grad", "--bogus", "x"], ["unknown option '--bogus'"] },
        { ["grad", "--bogus"], ["unknown option '--bogus'"] },
        { ["plot", "x", "--bogus"], ["unknown option '--bogus'", "symdiff plot --help"] },
        { ["grad", "x", "--ORDER", "2"], ["unknown option '--ORDER'", "did you mean '--order'?"] },
        { ["grad", "x", "--rtl", "1e-3"], ["unknown option '--rtl'", "did you mean '--rtol'?"] },
        { ["check", "-", "--no-autgrad"], ["did you mean '--no-autograd'?"] },
        { ["gard", "x"], ["unknown command 'gard'", "did you mean 'grad'?"] },
        { ["chek", "f.sdx"], ["unknown command 'chek'", "did you mean 'check'?"] },
        { ["plt"], ["unknown command 'plt'", "did you mean 'plot'?"] },
        { ["frobnicate"], ["unknown command 'frobnicate'", "grad, check, plot, optimize or functions"] },
        { ["--bogus"], ["unknown option '--bogus'"] },
        { [], ["grad, check, plot, optimize or functions", "symdiff --help"] },
        { ["grad"], ["grad needs an expression"] },
        { ["plot"], ["plot needs an expression"] },
        { ["check"], ["check needs", ".sdx file"] },
        { ["grad", "x", "y"], ["unexpected argument 'y'"] },
        { ["grad", "x", "--order"], ["--order needs a value", "an integer from 1 to 10"] },
        { ["grad", "x", "--at"], ["--at needs a value", "x=1, y=2"] },
        { ["grad", "x", "--rtol"], ["--rtol needs a value", "a number >= 0"] },
        { ["grad", "x", "--format"], ["--format needs a value", "text, json or latex"] },
        { ["check", "-", "-o"], ["-o needs a value"] },
        { ["plot", "x", "--from"], ["--from needs a value"] },
        { ["grad", "x", "--order", "1", "--order", "2"], ["--order", "once"] },
    };

    [Theory]
    [MemberData(nameof(UnknownOrMissing))]
    public void Issue_8_unknown_options_and_commands_and_missing_values_exit_2_with_a_suggestion(string[] args, string[] fragments) =>
        AssertUsageError(args, fragments);

    [Fact]
    public void Issue_8_errors_point_to_the_help_of_the_command_in_use()
    {
        var r = AssertUsageError(["plot", "x", "--format", "gif"], []);
        Assert.Contains("symdiff plot --help", r.Error);
        Assert.DoesNotContain("grad --help", r.Error);
    }

    /// <summary>Every option of every command, found by walking the command tree.</summary>
    public static TheoryData<string, string> EveryOption()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in CliApp.CreateRoot(CliConsole.System).Subcommands)
        foreach (var option in command.Options.Where(o => o.Name is not ("--help" or "--version")))
            data.Add(command.Name, option.Name);
        return data;
    }

    private static Option OptionOf(string command, string option) =>
        CliApp.CreateRoot(CliConsole.System).Subcommands.Single(c => c.Name == command).Options.Single(o => o.Name == option);

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void Every_option_says_what_it_accepts_in_its_help(string command, string option)
    {
        var o = OptionOf(command, option);
        if (o.ValueType == typeof(bool)) return; // a switch: its description says what it switches
        var accepts = OptionValues.AcceptsOf(o);
        Assert.False(string.IsNullOrWhiteSpace(accepts), $"{command} {option} does not say what it accepts");
        Assert.Contains(accepts!, o.Description);
        var help = Run(command, "--help");
        Assert.Equal(0, help.Exit);
        Assert.Contains(option, help.Out);
    }

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void Every_option_without_its_value_exits_2_naming_it(string command, string option)
    {
        var o = OptionOf(command, option);
        if (o.ValueType == typeof(bool)) return; // a switch: it has no value to miss
        string[] args = command == "check" ? [command, "-", option] : [command, "x", option];
        AssertUsageError(args, [option, OptionValues.AcceptsOf(o)!]);
    }

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void Every_option_with_a_nonsense_value_exits_2_naming_it(string command, string option)
    {
        var o = OptionOf(command, option);
        if (o.ValueType == typeof(bool)) return;
        // Free-text options (a point, a range, a path) are read after parsing: their errors carry a caret under the
        // text, one line more. --output accepts any name without an extension.
        if (option is "--output") return;
        string[] args = command switch
        {
            "check" => [command, "-", option, "%nonsense%"],
            "functions" => [command, option, "%nonsense%"],
            "plot" => [command, "x", "--from", "0", "--to", "1", "--no-autograd", "-o", Path.Combine(Path.GetTempPath(), "symdiff-rule.png"), option, "%nonsense%"],
            _ => [command, "x", "--no-autograd", option, "%nonsense%"],
        };
        if (command == "plot" && option is "--from" or "--to") args = [command, "x", option, "%nonsense%", option == "--from" ? "--to" : "--from", "1"];
        if (command == "plot" && option == "-o") return;
        AssertUsageError(args, [option], maxLines: 3);
    }

    // --at:1: error SD1112: the value of 'x' is 1/0 = +Infinity, not a finite number
    // x=1/0
    // ^^^^^
    [Theory]
    [InlineData("x=1/0", "the value of 'x' is 1/0 = +Infinity, not a finite number")]
    [InlineData("x=log(-1)", "the value of 'x' is log(-1) = NaN, not a finite number")]
    [InlineData("-1/0", "the value is -1/0 = -Infinity, not a finite number")]
    public void A_point_at_infinity_or_NaN_is_bad_input(string at, string message)
    {
        var r = Run("grad", "x^2", "--at", at, "--no-autograd");
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        Assert.Equal($"--at:1: error SD1112: {message}", r.ErrorLines[0]);
    }

    [Fact]
    public void An_at_sign_is_an_expression_character_not_a_response_file()
    {
        var r = Run("grad", "@x");
        Assert.Equal(ExitCodes.BadInput, r.Exit);
        // '@' is the matrix product: here it has no left operand.
        Assert.StartsWith("1:1: error SD1002: unexpected '@', expected expression", r.Error);
    }

    [Fact]
    public void Help_teaches_what_each_option_accepts()
    {
        var grad = Run("grad", "--help").Out;
        Assert.Contains("an integer from 1 to 10", grad);
        Assert.Contains("a number >= 0", grad);
        Assert.Contains("text, json or latex", grad);
        var plot = Run("plot", "--help").Out;
        Assert.Contains("1, 2 or 3", plot);
        Assert.Contains("an integer from 100 to 10000", plot);
    }

    [Theory]
    [InlineData("--order", "2")]
    [InlineData("--rtol", "0")]
    [InlineData("--rtol", "1e-3")]
    [InlineData("--atol", "0.5")]
    [InlineData("--format", "json")]
    [InlineData("--dtype", "float32")]
    [InlineData("--wrt", "x")]
    public void Good_values_still_parse(string option, string value)
    {
        var r = Run("grad", "x^3", option, value);
        Assert.True(r.Exit == 0, $"exit {r.Exit}\n{r.Error}");
        Assert.Equal("", r.Error);
    }
}
