using System.Text;
using System.Text.Json;

namespace SymDiff.Tests.Cli;

/// <summary>
/// Issue 8, item 7, end to end: what a new user ran into, each run as a process. None of these loads libtorch
/// (no point, or --no-autograd), so they need no Torch trait.
/// </summary>
public class CommandLineProcessTests
{
    private static string[] Lines(string text) => text.Replace("\r", "").TrimEnd('\n').Split('\n');

    private static void AssertShortUsageError(CliProcess.Result r, params string[] fragments)
    {
        var shown = $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";
        Assert.True(r.ExitCode == 2, shown);
        Assert.InRange(Lines(r.Error).Length, 1, 2);
        Assert.DoesNotContain("Unhandled exception", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
        Assert.DoesNotContain("System.", r.Error);
        foreach (var f in fragments) Assert.True(r.Error.Contains(f, StringComparison.Ordinal), $"'{f}' missing: {shown}");
    }

    [Theory]
    [InlineData("two")]
    [InlineData("99999999999")]
    public void Issue_8_order_that_is_not_a_small_integer_is_a_usage_error_not_a_crash(string order) =>
        AssertShortUsageError(CliProcess.Run(["grad", "x^2", "--order", order]), "--order", $"'{order}'", "an integer from 1 to 10");

    [Theory]
    [InlineData("--rtol", "-1")]
    [InlineData("--atol", "-0.5")]
    [InlineData("--rtol", "nan")]
    [InlineData("--rtol", "abc")]
    public void Issue_8_negative_nan_or_non_numeric_tolerances_are_refused(string option, string value) =>
        AssertShortUsageError(CliProcess.Run(["grad", "x^2", "--at", "1", "--no-autograd", option, value]), option, $"'{value}'", "a number >= 0");

    [Theory]
    [InlineData("--format", "yaml", "text, json or latex")]
    [InlineData("--dtype", "float16", "float64 or float32")]
    public void Issue_8_a_bad_choice_names_the_option(string option, string value, string accepted) =>
        AssertShortUsageError(CliProcess.Run(["grad", "x^2", option, value]), option, accepted);

    [Fact]
    public void Issue_8_check_with_an_unknown_option_says_so_not_file_not_found()
    {
        var r = CliProcess.Run(["check", "--bogus", "f.sdx"]);
        AssertShortUsageError(r, "unknown option '--bogus'");
        Assert.DoesNotContain("file not found", r.Error);
    }

    [Fact]
    public void Issue_8_a_misspelt_command_gets_a_suggestion() =>
        AssertShortUsageError(CliProcess.Run(["gard", "x^2"]), "unknown command 'gard'", "did you mean 'grad'?");

    [Fact]
    public void Issue_8_plot_errors_point_to_plot_help()
    {
        var r = CliProcess.Run(["plot", "x^2", "--format", "gif"]);
        AssertShortUsageError(r, "--format", "png or svg", "symdiff plot --help");
        Assert.DoesNotContain("grad --help", r.Error);
    }

    // --at:1: error SD1110: no value for variable 'y' at this point: write "x=1, y=..."
    // x=1
    // ^^^
    [Fact]
    public void Issue_8_a_point_without_a_value_for_every_variable_says_which()
    {
        var r = CliProcess.Run(["grad", "x*y", "--at", "x=1", "--no-autograd"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["--at:1: error SD1110: no value for variable 'y' at this point: write \"x=1, y=...\"", "x=1", "^^^"], Lines(r.Error));
        Assert.Equal("", r.Out);

        r = CliProcess.Run(["grad", "x^2", "--at", "y=1", "--no-autograd"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no value for variable 'x' at this point: write \"x=...\" ('y' is not a variable of the function)", r.Error);
    }

    [Fact]
    public void Issue_8_a_missing_value_in_json_mode_is_an_error_case_with_its_code()
    {
        var r = CliProcess.Run(["grad", "x*y", "--at", "x=1", "--no-autograd", "--format", "json"]);
        Assert.Equal(2, r.ExitCode);
        var error = JsonDocument.Parse(r.Out).RootElement.GetProperty("cases")[0].GetProperty("error");
        Assert.Equal("SD1110", error.GetProperty("code").GetString());
        Assert.Equal(1, error.GetProperty("column").GetInt32());
    }

    [Theory]
    [InlineData(";")]
    [InlineData(" ; ; ")]
    public void Issue_8_a_point_list_without_a_point_is_an_error(string at)
    {
        var r = CliProcess.Run(["grad", "x^2", "--at", at, "--no-autograd"]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("--at:1: error SD1111: expected a point", r.Error);
    }

    // 1:1: error SD1018: hexadecimal literal '0x1F' is not supported; write it in decimal: 31
    // 0x1F
    // ^^^^
    [Fact]
    public void Issue_8_hexadecimal_literals_get_a_diagnostic_with_a_caret()
    {
        var r = CliProcess.Run(["grad", "0x1F"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["1:1: error SD1018: hexadecimal literal '0x1F' is not supported; write it in decimal: 31", "0x1F", "^^^^"], Lines(r.Error));
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Issue_8_a_byte_order_mark_on_stdin_is_accepted()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        var r = CliProcess.Run(["grad", "-"], stdinBytes: [.. bom, .. "x^2\n"u8]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("df/dx = 2*x", r.Out);

        r = CliProcess.Run(["check", "-", "--no-autograd"], stdinBytes: [.. bom, .. "x^2 @ 1 => 2*x\n"u8]);
        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        Assert.Matches(@"1 passed, 0 failed, 0 errors, 0 undefined \(1 case, [0-9.]+ s\)$", r.Out.TrimEnd());
    }

    // 1:1: error SD1004: unexpected character '𝑥' (U+1D465)
    // 𝑥+
    // ^
    // 1:3: error SD1002: unexpected end of input, expected expression
    // 𝑥+
    //   ^
    [Theory]
    [InlineData(null)]
    [InlineData("C")]
    [InlineData("POSIX")]
    public void Issue_8_non_BMP_characters_are_echoed_intact_whatever_the_locale(string? locale)
    {
        var environment = locale is null ? null : new Dictionary<string, string?> { ["LANG"] = locale, ["LC_ALL"] = locale };
        var r = CliProcess.Run(["grad", "𝑥+"], environment: environment);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(
        [
            "1:1: error SD1004: unexpected character '𝑥' (U+1D465)", "𝑥+", "^",
            "1:3: error SD1002: unexpected end of input, expected expression", "𝑥+", "  ^",
        ], Lines(r.Error));
        Assert.DoesNotContain('\uFFFD', r.Error);
    }

    [Fact]
    public void Issue_8_non_BMP_characters_in_an_sdx_line_keep_their_column()
    {
        var r = CliProcess.Run(["check", "-", "--no-autograd", "--format", "json"], stdin: "𝑥𝑦 + 1 @ 1\n");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("1:1: error SD1004: unexpected character '𝑥' (U+1D465)\n𝑥𝑦 + 1 @ 1\n^", r.Error.Replace("\r", ""));
        Assert.Contains("1:2: error SD1004: unexpected character '𝑦' (U+1D466)\n𝑥𝑦 + 1 @ 1\n ^", r.Error.Replace("\r", ""));
        Assert.Matches("\"code\":\\s*\"SD1004\"", r.Out);
    }

    [Fact]
    public void Issue_8_a_wrt_variable_absent_from_the_function_gets_a_note()
    {
        var r = CliProcess.Run(["grad", "x^2", "--wrt", "z"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("df/dz = 0", r.Out);
        Assert.Contains("note: 'z' does not occur in the function, so every derivative by z is 0", r.Out);
    }

    [Fact]
    public void Issue_8_a_bad_claim_names_the_option()
    {
        var r = CliProcess.Run(["grad", "x^2", "--claim", "2*x +"]);
        Assert.Equal(2, r.ExitCode);
        // ClaimCheck drops the parser's code for now (see the CLI report of issue 8): the option and column are right.
        Assert.StartsWith("--claim:6: error", r.Error);
        Assert.Contains("2*x +\n     ^", r.Error.Replace("\r", ""));
    }
}
