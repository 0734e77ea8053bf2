using System.Text.Json;
using System.Xml.Linq;

namespace SymDiff.Tests.Cli;

/// <summary>
/// Issue 11, point 5, end to end: <c>symdiff check</c> run as a process on .sdx files with setting lines, line
/// blocks and lets; <c>file</c> on every JSON case; JUnit <c>&lt;skipped&gt;</c> and names with every claim; the
/// summary line; a long derivative wrapped through a pipe.
/// </summary>
[Trait("Category", "Torch")]
public class CheckSettingsProcessTests
{
    private static string Repo
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("README.md not found above the test folder");
        }
    }

    private static string Example(string name) => Path.Combine(Repo, "examples", name);

    private static JsonElement Json(CliProcess.Result r)
    {
        try { return JsonDocument.Parse(r.Out).RootElement; }
        catch (JsonException e) { throw new Xunit.Sdk.XunitException($"not JSON ({e.Message}):\n{r.Out}\nstderr:\n{r.Error}"); }
    }

    [Fact]
    public void Settings_example_passes_with_autograd_and_every_line_differentiated_by_its_own_variables()
    {
        var r = CliProcess.Run(["check", Example("settings.sdx"), "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        var cases = Json(r).GetProperty("cases").EnumerateArray().ToList();
        Assert.All(cases, c => Assert.Equal("pass", c.GetProperty("status").GetString()));
        Assert.All(cases, c => Assert.Equal(Example("settings.sdx"), c.GetProperty("file").GetString()));
        string[] Keys(JsonElement c) => [.. c.GetProperty("derivatives").EnumerateObject().Select(p => p.Name)];

        var bce = cases[0]; // wrt: w, b and data: x=2, y=1 from the file; the lets as written in the input
        Assert.Equal("-(y*log(s) + (1 - y)*log(1 - s))", bce.GetProperty("input").GetString());
        Assert.Equal(["w", "b"], Keys(bce));
        Assert.Equal(2, bce.GetProperty("point").GetProperty("x").GetDouble());
        Assert.Equal(bce.GetProperty("symbolic").GetProperty("w").GetDouble(), bce.GetProperty("autograd").GetProperty("w").GetDouble(), 12);
        Assert.Equal("correct", bce.GetProperty("claims")[1].GetProperty("verdict").GetString());
        Assert.Equal("s - y", bce.GetProperty("claims")[1].GetProperty("expression").GetString());

        Assert.Equal(0, cases[2].GetProperty("point").GetProperty("y").GetDouble()); // the point overrides the data
        var own = cases.Single(c => c.GetProperty("line").GetInt32() == 16); // {wrt: x} x^2 @ 3
        Assert.Equal(["x"], Keys(own));
        Assert.Equal(6, own.GetProperty("symbolic").GetProperty("x").GetDouble());
        var second = cases.Single(c => c.GetProperty("line").GetInt32() == 17); // {wrt: w; order: 2; ...}
        Assert.Equal(["w,w"], Keys(second));
    }

    [Fact]
    public void A_file_wide_wrt_never_gives_a_silent_zero()
    {
        var r = CliProcess.Run(["check", "-", "--no-autograd"], stdin: "wrt: w, b\nw^2 @ 3\nx^2 @ 1\n{wrt: x} x^2 @ 1\n");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("note: 'b' does not occur in this line: not differentiated by it (the wrt: on line 1)", r.Out);
        Assert.Contains("none of the variables to differentiate by (w, b, from the wrt: on line 1) occurs in x^2", r.Out);
        Assert.Matches(@"\n4\s+x\^2\s+x = 1\s+df/dx = 2\*x\s+2\s+-\s+PASS\n", r.Out);
        Assert.DoesNotContain("df/dw = 0", r.Out);
        Assert.Contains("    3:1: error SD1307: none of the variables", r.Out); // with its caret, under its row

        var cli = CliProcess.Run(["check", "-", "--no-autograd", "--wrt", "w"], stdin: "x^2 @ 1\n{wrt: x} x^2 @ 1\n");
        Assert.Contains("(w, from --wrt) occurs in x^2", cli.Out); // the command line is the weakest default
        Assert.Matches(@"\n2\s+x\^2\s+x = 1\s+df/dx = 2\*x", cli.Out);
    }

    [Fact]
    public void Bad_settings_and_lets_are_errors_of_their_line_and_the_run_goes_on()
    {
        var r = CliProcess.Run(["check", "-", "--no-autograd", "--format", "json"], stdin: "rtol: lots\nlet sin = x\nx^2 @ 1\n");
        Assert.Equal(2, r.ExitCode);
        // With a report other than the table, errors go to stderr with the file, line and column.
        Assert.Contains("stdin:1:7: error SD1307: rtol: expected a tolerance, a number >= 0 such as 1e-6, not 'lots'", r.Error);
        Assert.Contains("stdin:2:5: error SD1308: let: 'sin' is a function, not a variable", r.Error);
        var text = CliProcess.Run(["check", "-", "--no-autograd"], stdin: "rtol: lots\nlet sin = x\nx^2 @ 1\n");
        Assert.Matches(@"\n1 passed, 0 failed, 2 errors, 0 undefined \(3 cases, [0-9.]+ s\)\n$", text.Out);
    }

    [Fact]
    public void Summary_counts_cases_in_the_singular_and_the_plural()
    {
        var one = CliProcess.Run(["check", "-", "--no-autograd"], stdin: "sinn(x) @ 1\n");
        Assert.Matches(@"\n0 passed, 0 failed, 1 error, 0 undefined \(1 case, [0-9.]+ s\)\n$", one.Out);
        var json = Json(CliProcess.Run(["check", "-", "--no-autograd", "--format", "json"], stdin: "x^2 @ 1\n"));
        Assert.True(json.GetProperty("summary").GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Json_cases_carry_their_file_with_one_file_and_with_several()
    {
        var single = Json(CliProcess.Run(["check", "-", "--no-autograd", "--format", "json"], stdin: "x^2 @ 1; 2\n"));
        Assert.All(single.GetProperty("cases").EnumerateArray(), c => Assert.Equal("stdin", c.GetProperty("file").GetString()));

        var quickstart = Example("quickstart.sdx");
        var several = Json(CliProcess.Run(["check", quickstart, "-", "--no-autograd", "--format", "json"], stdin: "W@x @ W=[[1, 2]], x=[3, 4]\n"));
        Assert.Equal([quickstart, quickstart, "stdin"], several.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("file").GetString()));
    }

    [Fact]
    public void JUnit_skips_undefined_points_with_the_reason_and_names_every_claim()
    {
        var r = CliProcess.Run(["check", "-", "--no-autograd", "--format", "junit"],
            stdin: "sqrt(x^2) @ 0; 1\nx*y + sin(x) @ x=0.7, y=-1.3 => d/dx: y + cos(x); d/dy: x\n");
        Assert.Equal(0, r.ExitCode);
        var root = XDocument.Parse(r.Out).Root!; // valid XML
        Assert.Equal(("3", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("skipped")!));
        var suite = root.Element("testsuite")!;
        Assert.Equal("1", (string)suite.Attribute("skipped")!);
        var cases = suite.Elements("testcase").ToList();
        var skipped = cases[0].Element("skipped")!;
        Assert.Equal("undefined at x = 0: df/dx is NaN here", (string)skipped.Attribute("message")!);
        Assert.Null(cases[1].Element("skipped"));
        Assert.Equal("line 2: x*y + sin(x) @ x = 0.7, y = -1.3 => d/dx: y + cos(x); d/dy: x", (string)cases[2].Attribute("name")!);
    }

    [Fact]
    public void A_long_derivative_wraps_in_the_table_through_a_pipe_without_escapes()
    {
        const string line = "tanh(w)^2*sigmoid(w)^3 @ 0.5";
        var r = CliProcess.Run(["check", "-", "--no-autograd"], stdin: line + "\n",
            environment: new Dictionary<string, string?> { ["NO_COLOR"] = null, ["COLUMNS"] = null });
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.TrimEnd('\n').Split('\n');
        Assert.DoesNotContain('\u001b', r.Out); // a pipe gets no colour, NO_COLOR or not
        Assert.All(lines, l => Assert.True(l.Length <= 100, $"{l.Length} columns: {l}"));
        var row = Array.FindIndex(lines, l => l.StartsWith("1 "));
        Assert.EndsWith("PASS", lines[row]); // the verdict stays on the row's first line
        var column = lines[row].IndexOf("df/dw = ", StringComparison.Ordinal) + "df/dw = ".Length;
        var under = lines.Skip(row + 1).TakeWhile(l => l.StartsWith("          ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(under); // wrapped under the row, indented
        // Nothing is lost: the pieces put together are the derivative of the JSON report.
        var first = lines[row][column..lines[row].IndexOf("  ", column, StringComparison.Ordinal)];
        var pieces = under.Select(l => l.Trim());
        var json = Json(CliProcess.Run(["check", "-", "--no-autograd", "--format", "json"], stdin: line + "\n"));
        Assert.Equal(json.GetProperty("cases")[0].GetProperty("derivatives").GetProperty("w").GetString()!.Replace(" ", ""),
            string.Concat(pieces.Prepend(first)).Replace(" ", ""));

        // A wide terminal (COLUMNS, as the shell says) has room for the whole row.
        var wide = CliProcess.Run(["check", "-", "--no-autograd"], stdin: line + "\n",
            environment: new Dictionary<string, string?> { ["COLUMNS"] = "200" });
        Assert.Contains(wide.Out.Split('\n'), l => l.StartsWith("1 ") && l.Contains("df/dw = " + json.GetProperty("cases")[0].GetProperty("derivatives").GetProperty("w").GetString()));
        Assert.Equal(lines.Length - under.Count, wide.Out.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void Check_help_describes_setting_lines_blocks_and_lets()
    {
        var r = CliProcess.Run(["check", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("wrt: w, b", r.Out);
        Assert.Contains("let s = sigmoid(w*x + b)", r.Out);
        Assert.Contains("{wrt: x; rtol: 1e-6}", r.Out);
    }
}
