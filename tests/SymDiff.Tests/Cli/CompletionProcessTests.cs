namespace SymDiff.Tests.Cli;

/// <summary>
/// Issue 11, shell completion: dotnet-suggest asks the app itself, through System.CommandLine's <c>[suggest:N]</c>
/// directive, with the command line after the program name and the cursor position N in it; the app prints one
/// completion a line. The root command answers it (RootCommand registers the directive).
/// </summary>
public class CompletionProcessTests
{
    /// <summary>What <c>dotnet-suggest get</c> runs for the shell line "symdiff <paramref name="line"/>" with the cursor at its end.</summary>
    private static string[] Suggest(string line)
    {
        var r = CliProcess.Run([$"[suggest:{line.Length}]", line]);
        Assert.True(r.ExitCode == 0, $"exit code {r.ExitCode}\nstderr:\n{r.Error}");
        Assert.Equal("", r.Error);
        return r.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void A_command_name_completes() => Assert.Equal(["grad"], Suggest("gra"));

    [Fact]
    public void Every_command_is_offered_at_the_start() =>
        Assert.Superset(new HashSet<string> { "grad", "check", "plot", "optimize", "functions" }, Suggest("").ToHashSet());

    [Fact]
    public void A_command_s_options_complete() =>
        Assert.Superset(new HashSet<string> { "--at", "--claim", "--format", "--order", "--wrt" }, Suggest("grad x^2 --").ToHashSet());

    [Theory]
    [InlineData("grad x^2 --format ", "json,latex,text")]
    [InlineData("grad x^2 --format j", "json")]
    [InlineData("grad x^2 --dtype ", "float32,float64")]
    [InlineData("functions --format m", "markdown")]
    public void Closed_option_values_complete(string line, string expected) =>
        Assert.Equal(expected.Split(','), Suggest(line));

    [Fact]
    public void Optimizer_methods_complete_though_the_option_is_read_as_text()
    {
        Assert.Equal(["adagrad", "adam", "adamw"], Suggest("optimize x^2 --method ad"));
        Assert.Contains("nesterov", Suggest("optimize x^2 --method "));
    }
}
