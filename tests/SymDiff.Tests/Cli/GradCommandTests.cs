using System.Text.Json;

namespace SymDiff.Tests.Cli;

/// <summary>End-to-end: the built CLI run as a process, with autograd on the CPU (libtorch is present in CI).</summary>
[Trait("Category", "Torch")]
public class GradCommandTests
{
    private static JsonElement Json(CliProcess.Result r)
    {
        try { return JsonDocument.Parse(r.Out).RootElement; }
        catch (JsonException e) { throw new Xunit.Sdk.XunitException($"not JSON ({e.Message}):\n{r.Out}\nstderr:\n{r.Error}"); }
    }

    [Fact]
    public void Seed_example_prints_derivative_value_autograd_and_pass()
    {
        var r = CliProcess.Run(["grad", "x^2+2*x+1", "--at", "3"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("df/dx = 2*x + 2", r.Out);
        Assert.Matches(@"df/dx\s+8\s+8\s+8(\.0\d*)?\s", r.Out);
        Assert.Contains("autograd (cpu, float64)", r.Out);
        Assert.Contains("PASS", r.Out);
        Assert.DoesNotContain("\u001b[", r.Out); // not a terminal: no colour
    }

    [Fact]
    public void Chain_rule_example_from_the_course()
    {
        var r = CliProcess.Run(["grad", "sin(x^2)", "--at", "1", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        var c = Json(r).GetProperty("cases")[0];
        Assert.Equal("2*x*cos(x^2)", c.GetProperty("derivatives").GetProperty("x").GetString());
        Assert.Equal(1.0806046117362795, c.GetProperty("symbolic").GetProperty("x").GetDouble(), 12);
        Assert.Equal(1.0806046117362795, c.GetProperty("autograd").GetProperty("x").GetDouble(), 12);
    }

    [Fact]
    public void Json_document_keeps_the_contract()
    {
        var r = CliProcess.Run(["grad", "x^2+2*x+1", "--at", "3", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        var doc = Json(r);
        var c = doc.GetProperty("cases")[0];
        Assert.Equal(1, c.GetProperty("line").GetInt32());
        Assert.Equal("x^2+2*x+1", c.GetProperty("input").GetString());
        Assert.Equal("x^2 + 2*x + 1", c.GetProperty("expression").GetString());
        Assert.Equal("x", c.GetProperty("variables")[0].GetString());
        Assert.Equal(3, c.GetProperty("point").GetProperty("x").GetDouble());
        Assert.Equal("2*x + 2", c.GetProperty("derivatives").GetProperty("x").GetString());
        Assert.Equal(8, c.GetProperty("symbolic").GetProperty("x").GetDouble());
        Assert.Equal(8, c.GetProperty("autograd").GetProperty("x").GetDouble());
        Assert.Equal(8, c.GetProperty("numeric").GetProperty("x").GetDouble(), 6);
        Assert.True(c.GetProperty("nodes").GetProperty("function").GetInt32() > 0);
        Assert.Equal(4, c.GetProperty("nodes").GetProperty("derivatives").GetInt32());
        Assert.Equal("cpu", c.GetProperty("device").GetString());
        Assert.Equal("float64", c.GetProperty("dtype").GetString());
        Assert.Equal("pass", c.GetProperty("status").GetString());
        Assert.Equal(0, c.GetProperty("notes").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("error").ValueKind);
        var s = doc.GetProperty("summary");
        Assert.Equal((1, 1, 0, 0, 0), (s.GetProperty("total").GetInt32(), s.GetProperty("pass").GetInt32(),
            s.GetProperty("fail").GetInt32(), s.GetProperty("error").GetInt32(), s.GetProperty("undefined").GetInt32()));
    }

    [Fact]
    public void Several_variables_and_constant_expressions_in_the_point()
    {
        var r = CliProcess.Run(["grad", "x*y + sin(x)", "--at", "x=pi/4, y=2", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        var c = Json(r).GetProperty("cases")[0];
        Assert.Equal("y + cos(x)", c.GetProperty("derivatives").GetProperty("x").GetString());
        Assert.Equal("x", c.GetProperty("derivatives").GetProperty("y").GetString());
        Assert.Equal(Math.PI / 4, c.GetProperty("point").GetProperty("x").GetDouble(), 15);
    }

    [Fact]
    public void Order_two_with_several_variables_prints_the_Hessian()
    {
        var r = CliProcess.Run(["grad", "x^2*y", "--order", "2", "--at", "x=1, y=2", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        var symbolic = Json(r).GetProperty("cases")[0].GetProperty("symbolic");
        Assert.Equal(4, symbolic.GetProperty("x,x").GetDouble());
        Assert.Equal(2, symbolic.GetProperty("x,y").GetDouble());
        Assert.Equal(2, symbolic.GetProperty("y,x").GetDouble());
        Assert.Equal(0, symbolic.GetProperty("y,y").GetDouble());
    }

    [Fact]
    public void Second_derivative_of_a_linear_function_is_zero_not_a_crash()
    {
        var r = CliProcess.Run(["grad", "3*x + 1", "--order", "2", "--at", "5", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(0, Json(r).GetProperty("cases")[0].GetProperty("autograd").GetProperty("x,x").GetDouble());
    }

    [Fact]
    public void Expression_from_standard_input()
    {
        var r = CliProcess.Run(["grad", "-", "--at", "2"], stdin: "x^3\n");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("df/dx = 3*x^2", r.Out);
    }

    [Fact]
    public void Without_a_point_only_the_derivative_is_printed_and_libtorch_is_not_loaded()
    {
        var r = CliProcess.Run(["grad", "tanh(x)"], environment: new Dictionary<string, string?> { ["SYMDIFF_TRACE_NATIVE"] = "1" });
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("df/dx = 1 - tanh(x)^2", r.Out);
        Assert.Contains("libtorch loaded: no", r.Error);
    }

    [Fact]
    public void No_autograd_never_loads_libtorch()
    {
        var r = CliProcess.Run(["grad", "x^2", "--at", "3", "--no-autograd"], environment: new Dictionary<string, string?> { ["SYMDIFF_TRACE_NATIVE"] = "1" });
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("autograd not run", r.Out);
        Assert.Contains("libtorch loaded: no", r.Error);
        var with = CliProcess.Run(["grad", "x^2", "--at", "3"], environment: new Dictionary<string, string?> { ["SYMDIFF_TRACE_NATIVE"] = "1" });
        Assert.Contains("libtorch loaded: yes", with.Error);
    }

    // 1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?
    // sinn(x)
    // ^^^^
    [Fact]
    public void Bad_input_exits_2_with_a_caret_on_stderr()
    {
        var r = CliProcess.Run(["grad", "sinn(x)", "--at", "1"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("did you mean 'sin'?", r.Error);
        Assert.Contains("sinn(x)\n^^^^", r.Error.Replace("\r", ""));
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Bad_input_in_json_mode_is_an_error_case_on_stdout()
    {
        var r = CliProcess.Run(["grad", "x +", "--format", "json"]);
        Assert.Equal(2, r.ExitCode);
        var c = Json(r).GetProperty("cases")[0];
        Assert.Equal("error", c.GetProperty("status").GetString());
        Assert.Equal(4, c.GetProperty("error").GetProperty("column").GetInt32());
    }

    [Fact]
    public void Bad_point_and_usage_errors_exit_2()
    {
        Assert.Equal(2, CliProcess.Run(["grad", "x*y", "--at", "3"]).ExitCode);      // a lone value, two variables
        Assert.Equal(2, CliProcess.Run(["grad", "x", "--at", "x=(1"]).ExitCode);     // unbalanced parenthesis
        Assert.Equal(2, CliProcess.Run(["grad", "x", "--format", "yaml"]).ExitCode); // usage
        Assert.Equal(2, CliProcess.Run(["grad", "x", "--wrt", "pi"]).ExitCode);      // a constant
    }

    [Fact]
    public void Cuda_without_cuda_exits_3()
    {
        var r = CliProcess.Run(["grad", "x^2", "--at", "1", "--device", "cuda"]);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("CUDA", r.Error);
    }

    [Fact]
    public void Undefined_points_are_explained_not_crashed()
    {
        var r = CliProcess.Run(["grad", "log(x)", "--at", "-1", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        var c = Json(r).GetProperty("cases")[0];
        Assert.Equal("undefined", c.GetProperty("status").GetString());
        Assert.Contains("log", c.GetProperty("notes")[0].GetString());
    }

    [Fact]
    public void Infinite_derivatives_are_written_as_strings()
    {
        var r = CliProcess.Run(["grad", "sqrt(x)", "--at", "0", "--format", "json"]);
        var c = Json(r).GetProperty("cases")[0];
        Assert.Equal("Infinity", c.GetProperty("symbolic").GetProperty("x").GetString());
        Assert.Equal("Infinity", c.GetProperty("autograd").GetProperty("x").GetString());
        Assert.Equal("undefined", c.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("abs(x)", "0", "abs'(0) = 0")]
    [InlineData("relu(x)", "0", "relu'(0) = 0")]
    [InlineData("max(x, 1)", "1", "1/2 and 1/2")]
    public void Kinks_pass_with_the_convention_and_one_sided_derivatives(string f, string at, string convention)
    {
        var r = CliProcess.Run(["grad", f, "--at", at]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("PASS", r.Out);
        Assert.Contains("from the left", r.Out);
        Assert.Contains(convention, r.Out);
    }

    [Fact]
    public void Float32_uses_looser_tolerances()
    {
        var r = CliProcess.Run(["grad", "sin(x^2)", "--at", "1", "--dtype", "float32", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        var c = Json(r).GetProperty("cases")[0];
        Assert.Equal("float32", c.GetProperty("dtype").GetString());
        Assert.Equal(1.0806046117362795, c.GetProperty("autograd").GetProperty("x").GetDouble(), 5);
    }

    [Fact]
    public void Latex_output_is_an_align_block()
    {
        var r = CliProcess.Run(["grad", "sin(x^2)", "--format", "latex"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\\begin{align*}", r.Out);
        Assert.Contains("2 x \\cos\\left(x^{2}\\right)", r.Out);
    }

    [Fact]
    public void Help_teaches_examples_and_exit_codes()
    {
        var r = CliProcess.Run(["grad", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("symdiff grad \"x^2+2*x+1\" --at 3", r.Out);
        Assert.Contains("Exit codes", r.Out);
        Assert.Contains("--no-autograd", r.Out);
    }

    [Fact]
    public void A_claim_with_a_where_name_is_bad_input_that_says_to_write_it_in_full()
    {
        var r = CliProcess.Run(["grad", "-(y*log(sigmoid(w*x + b)) + (1 - y)*log(1 - sigmoid(w*x + b)))", "--wrt", "w,b", "--claim", "d/dw: x*(s - y); d/db: s - y", "--no-autograd"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("SD1113", r.Error);
        Assert.Contains("'s' is not a variable of f(y, w, x, b)", r.Error);
        Assert.Contains("--no-where", r.Error);
        var full = CliProcess.Run(["grad", "-(y*log(sigmoid(w*x + b)) + (1 - y)*log(1 - sigmoid(w*x + b)))", "--wrt", "w,b",
            "--claim", "d/dw: x*(sigmoid(w*x + b) - y); d/db: sigmoid(w*x + b) - y", "--no-autograd"]);
        Assert.Equal(0, full.ExitCode);
        Assert.Contains("CORRECT", full.Out);
    }

    [Fact]
    public void A_command_without_arguments_says_so_about_a_stray_word()
    {
        var r = CliProcess.Run(["functions", "extra"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'symdiff functions' takes no arguments, only options", r.Error);
    }

    [Fact]
    public void A_wrong_hand_written_derivative_fails_with_a_hint()
    {
        var r = CliProcess.Run(["grad", "sin(x^2)", "--claim", "cos(x^2)"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("INCORRECT", r.Out);
        Assert.Contains("chain rule", r.Out);
        var ok = CliProcess.Run(["grad", "sin(x^2)", "--claim", "2*x*cos(x^2)"]);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("CORRECT", ok.Out);
    }

    [Fact]
    public void Steps_show_each_rule_nested_and_checked()
    {
        var r = CliProcess.Run(["grad", "sin(x^2)", "--steps"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("d/dx sin(x^2) = 2*x*cos(x^2)   [chain rule (sin)]", r.Out);
        Assert.Contains("    d/dx x^2 = 2*x   [power rule]", r.Out);
        Assert.Contains("every step agrees with finite differences", r.Out);
        var json = CliProcess.Run(["grad", "x*exp(x)", "--steps", "--format", "json"]);
        var steps = Json(json).GetProperty("cases")[0].GetProperty("steps");
        Assert.Equal("product rule", steps[0].GetProperty("rule").GetString());
        Assert.Equal("simplify", steps[steps.GetArrayLength() - 1].GetProperty("rule").GetString());
        var latex = CliProcess.Run(["grad", "x*exp(x)", "--steps", "--format", "latex"]);
        Assert.Contains("\\text{product rule}", latex.Out);
    }

    /// <summary>
    /// Every scalar "$ symdiff grad/check ..." example in the README, output pasted verbatim: a line "..." stands for
    /// any lines left out. (A new user found finite-difference digits in the README that the program never printed.)
    /// </summary>
    public static TheoryData<string> ReadmeExamples()
    {
        var data = new TheoryData<string>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(Readme, @"^\$ symdiff (grad|check) .*$", System.Text.RegularExpressions.RegexOptions.Multiline))
            // Scalar examples only: vectors and matrices (--shape, @, [1, 2] values) have their own tests.
            if (!m.Value.Contains("--shape", StringComparison.Ordinal) && !m.Value.Contains('@') && !m.Value.Contains('[')) data.Add(m.Value.TrimEnd());
        return data;
    }

    [Theory]
    [MemberData(nameof(ReadmeExamples))]
    public void Readme_examples_show_the_real_output(string commandLine)
    {
        var start = Readme.IndexOf(commandLine + "\n", StringComparison.Ordinal) + commandLine.Length + 1;
        var end = Readme.IndexOf("\n$ ", start, StringComparison.Ordinal) is var next and >= 0 && next < Readme.IndexOf("```", start, StringComparison.Ordinal)
            ? next + 1 : Readme.IndexOf("```", start, StringComparison.Ordinal);
        // check's summary ends with the run's time, which no README can know: "(2 cases, 0.4 s)" matches any time.
        static string Untimed(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"(\(\d+ cases?), [0-9.]+ s\)", "$1, TIME s)");
        var shown = Untimed(Readme[start..end].TrimEnd('\n') + "\n");
        var words = System.Text.RegularExpressions.Regex.Matches(commandLine.Split(" # ")[0]["$ symdiff ".Length..], "\"([^\"]*)\"|(\\S+)")
            .Select(w => w.Groups[1].Success ? w.Groups[1].Value : w.Groups[2].Value).ToArray();
        var r = CliProcess.Run(words, workingDirectory: Repo);
        var pattern = "^" + string.Join("\n", shown.TrimEnd('\n').Split('\n')
            .Select(line => line == "..." ? @"(?:.*\n)*?.*" : System.Text.RegularExpressions.Regex.Escape(line))) + "\n$";
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(Untimed(r.Out.Replace("\r", "")).TrimEnd('\n') + "\n", pattern),
            $"README shows:\n{shown}\nthe program prints:\n{r.Out}");
    }

    [Fact]
    public void Readme_json_example_is_the_real_document()
    {
        const string marker = "```json\n";
        var start = Readme.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var shown = JsonDocument.Parse(Readme[start..Readme.IndexOf("```", start, StringComparison.Ordinal)]).RootElement;
        var real = Json(CliProcess.Run(["grad", "x^2+2*x+1", "--at", "3", "--format", "json"]));
        Assert.Equal(JsonSerializer.Serialize(shown), JsonSerializer.Serialize(real));
    }

    private static string Repo
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("README.md not found above the test folder");
        }
    }

    private static string Readme => File.ReadAllText(Path.Combine(Repo, "README.md")).Replace("\r\n", "\n");
}
