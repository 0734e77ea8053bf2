using System.Text.RegularExpressions;
using SymDiff.Cli;

namespace SymDiff.Tests.Cli;

/// <summary>Issue 11: a short top-level --help (each command's details stay in its own help) and a short --version.</summary>
public class TopLevelHelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Top_level_help_is_a_short_overview_naming_every_command(string option)
    {
        var r = CliProcess.Run([option]);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.InRange(lines.Length, 10, 30);
        foreach (var command in CliApp.CreateRoot(CliConsole.System).Subcommands)
            Assert.Matches($@"(?m)^  {command.Name} +\S", r.Out);
        Assert.DoesNotContain("File format", r.Out); // the .sdx format is check's help
    }

    [Fact]
    public void A_command_s_help_keeps_its_details_and_needs_no_expression()
    {
        var r = CliProcess.Run(["check", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("File format", r.Out);
        Assert.Contains("--format", r.Out);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public void Version_is_the_version_and_a_short_commit()
    {
        var r = CliProcess.Run(["--version"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+(\+[0-9a-f]{7})?\s*$"), r.Out);
    }
}
