using System.Text.Json;
using System.Text.RegularExpressions;

namespace SymDiff.Tests.Cli;

/// <summary>Issue 10: `symdiff optimize` end to end, run as a process: the three formats, --check, every usage error, the README's runs.</summary>
[Trait("Category", "Torch")]
public class OptimizeProcessTests
{
    private const string Rosenbrock = "(1 - x)^2 + 100*(y - x^2)^2";
    private const string LeastSquares = "sum((W@x - y)^2)";
    private const string Data = "x=[1, -2], y=[0.5, 1, -1]";
    private const string Zero = "W=[[0, 0], [0, 0], [0, 0]]";

    private static string Shown(CliProcess.Result r) => $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, Shown(r));
        return JsonDocument.Parse(r.Out).RootElement;
    }

    [Fact]
    public void Text_shows_the_method_the_rule_a_table_and_why_it_stopped()
    {
        var r = CliProcess.Run(["optimize", Rosenbrock, "--from", "x=-1.5, y=2", "--method", "adam", "--lr", "0.01", "--steps", "150"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("method: adam (torch.optim.Adam): lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08, weight_decay=0", r.Out);
        Assert.Contains("update: g ← g + λθ (when λ ≠ 0); m ← β₁·m", r.Out);
        Assert.Contains("df/dx = 400*x^3 - 400*x*y + 2*x - 2", r.Out);
        Assert.Matches(@"(?m)^step\s+f\s+\|∇f\|\s+x\s+y$", r.Out);
        // |∇f| to three significant digits, as every report prints differences and norms (issue 11).
        Assert.Matches(@"(?m)^0\s+12\.5\s+163\s+-1\.5\s+2$", r.Out);
        Assert.Matches(@"(?m)^150\s", r.Out);
        Assert.Contains("final (step 150): f = ", r.Out);
        Assert.Contains("stopped: 150 steps done", r.Out);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public void Json_has_every_step_with_tensors_as_nested_arrays()
    {
        var doc = Json(CliProcess.Run(["optimize", LeastSquares, "--at", Data, "--from", Zero, "--method", "sgd", "--lr", "0.05", "--steps", "4", "--format", "json"]));
        Assert.Equal("sgd", doc.GetProperty("method").GetString());
        Assert.Equal(0.05, doc.GetProperty("hyperparameters").GetProperty("lr").GetDouble());
        var steps = doc.GetProperty("steps");
        Assert.Equal(5, steps.GetArrayLength());
        // W@x - y = -y at W = 0; d/dW = 2*outer(-y, x): row 0 is [-1, 2].
        var g0 = steps[0].GetProperty("gradient").GetProperty("W");
        Assert.Equal(3, g0.GetArrayLength());
        Assert.Equal(-1, g0[0][0].GetDouble());
        Assert.Equal(2, g0[0][1].GetDouble());
        Assert.Equal(0.05, steps[1].GetProperty("point").GetProperty("W")[0][0].GetDouble(), 15);
        Assert.Equal([2], doc.GetProperty("fixed").GetProperty("x").EnumerateArray().Select(_ => 2).Distinct());
        Assert.Equal("steps done", doc.GetProperty("stopped").GetString());
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("check").ValueKind);
    }

    [Fact]
    public void Seeded_parameters_and_seeded_data_are_different_random_values()
    {
        // One random stream for every variable without a value: W must not start equal to T (f = 0 from step 0).
        var doc = Json(CliProcess.Run(["optimize", "norm(W - T)^2", "--shape", "W=3x2, T=3x2", "--wrt", "W", "--steps", "2", "--format", "json"]));
        var w = doc.GetProperty("steps")[0].GetProperty("point").GetProperty("W").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
        var t = doc.GetProperty("fixed").GetProperty("T").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(e => e.GetDouble()).ToArray();
        Assert.Equal(6, w.Length);
        Assert.Empty(w.Intersect(t));
        Assert.True(doc.GetProperty("steps")[0].GetProperty("f").GetDouble() > 0);
    }

    [Fact]
    public void Nesterov_without_momentum_is_refused_as_torch_refuses_it()
    {
        foreach (var extra in new[] { Array.Empty<string>(), ["--check"] })
        {
            var r = CliProcess.Run(["optimize", Rosenbrock, "--from", "x=-1.5, y=2", "--method", "nesterov", "--momentum", "0", .. extra]);
            Assert.True(r.ExitCode == 2, Shown(r));
            Assert.Contains("nesterov needs a momentum > 0", r.Error);
            Assert.DoesNotContain("Unhandled", r.Error);
        }
    }

    [Theory]
    [InlineData("x=0/0, y=2", "'x' is not a finite number (NaN)")]
    [InlineData("x=1e400, y=2", "'x' is not a finite number (+Infinity)")]
    public void A_start_that_is_not_a_finite_number_is_refused(string from, string message)
    {
        var r = CliProcess.Run(["optimize", Rosenbrock, "--from", from]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.Contains("--from: " + message, r.Error);
    }

    [Fact]
    public void A_gradient_that_is_not_finite_where_f_is_says_so()
    {
        var r = CliProcess.Run(["optimize", "sqrt(x^2)", "--from", "x=0", "--method", "sgd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("the gradient is not finite at step 0 although f is (f = 0): f has no derivative there", r.Out);
    }

    [Fact]
    public void Csv_with_check_puts_the_verdict_on_stderr()
    {
        var r = CliProcess.Run(["optimize", "x^2 + 3*y^2", "--from", "x=1, y=1", "--steps", "3", "--check", "--format", "csv"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.StartsWith("step,f,grad_norm,x,y", r.Out);
        Assert.Matches(@"^check \(cpu\): PASS  SymDiff and torch.optim agree over 4 steps", r.Error);
    }

    [Fact]
    public void Csv_has_a_row_per_step_and_a_column_per_entry()
    {
        var r = CliProcess.Run(["optimize", LeastSquares, "--at", Data, "--from", Zero, "--method", "sgd", "--lr", "0.05", "--steps", "2", "--format", "csv"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        var lines = r.Out.TrimEnd().Split('\n');
        Assert.Equal("step,f,grad_norm,\"W[0,0]\",\"W[0,1]\",\"W[1,0]\",\"W[1,1]\",\"W[2,0]\",\"W[2,1]\"", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("1,0.5625,", lines[2]);
    }

    [Fact]
    public void Check_agrees_with_torch_optim_in_text_and_json()
    {
        var r = CliProcess.Run(["optimize", Rosenbrock, "--from", "x=-1.5, y=2", "--method", "rmsprop", "--lr", "0.001", "--steps", "200", "--check"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("check: torch.optim.RMSprop in TorchSharp (cpu, float64)", r.Out);
        Assert.Contains("PASS  SymDiff and torch.optim agree over 201 steps at rounding level", r.Out);
        var doc = Json(CliProcess.Run(["optimize", LeastSquares, "--at", Data, "--from", Zero, "--method", "adamw", "--lr", "0.01",
            "--steps", "150", "--check", "--format", "json"]));
        var check = doc.GetProperty("check");
        Assert.Equal("pass", check.GetProperty("verdict").GetString());
        Assert.Equal(151, check.GetProperty("stepsCompared").GetInt32());
        Assert.True(check.GetProperty("maxRelativeParameters").GetDouble() < 1e-9);
        Assert.Equal(JsonValueKind.Null, check.GetProperty("partStep").ValueKind);
    }

    [Fact]
    public void A_run_that_amplifies_rounding_is_told_apart_from_a_wrong_rule()
    {
        // RMSprop at its default lr zigzags across Rosenbrock's valley: rounding-level differences grow ~1.3x per step.
        var r = CliProcess.Run(["optimize", Rosenbrock, "--from", "x=-1.5, y=2", "--method", "rmsprop", "--steps", "400", "--check", "--format", "json"]);
        var check = Json(r).GetProperty("check");
        Assert.Equal("rounding-amplified", check.GetProperty("verdict").GetString());
        Assert.True(check.GetProperty("earlyRelative").GetDouble() < 1e-12);
        Assert.True(check.GetProperty("partStep").GetInt32() > 10);
    }

    [Fact]
    public void Tol_stops_early_and_says_why()
    {
        var r = CliProcess.Run(["optimize", "x^2 + 3*y^2", "--from", "x=1, y=1", "--method", "nesterov", "--lr", "0.05", "--steps", "10000", "--tol", "1e-8"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Matches(@"stopped: \|∇f\| = \S+ <= tolerance 1e-08 at step \d+", r.Out);
        Assert.DoesNotContain("10000 steps done", r.Out);
    }

    [Fact]
    public void Seeded_starts_and_data_from_shapes()
    {
        var r = CliProcess.Run(["optimize", "norm(B@A - T)^2", "--shape", "B=4x2, A=2x4, T=4x4", "--wrt", "B,A", "--method", "adam", "--lr", "0.05", "--steps", "100"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("drawn at random, seed 0: B, A, T", r.Out);
        Assert.Contains("fixed: T = [[", r.Out);
    }

    [Theory]
    [InlineData(new[] { "x^2", "--from", "1", "--method", "adma" }, "unknown method 'adma'; did you mean 'adam'? The methods are sgd, momentum, nesterov, rmsprop, adagrad, adam or adamw")]
    [InlineData(new[] { "x^2", "--from", "1", "--method", "sgd", "--beta1", "0.5" }, "--beta1: sgd has no beta1; its hyper-parameters are lr, weight_decay")]
    [InlineData(new[] { "x^2", "--from", "1", "--method", "adagrad", "--momentum", "0.5" }, "--momentum: adagrad has no momentum")]
    [InlineData(new[] { "x^2", "--from", "1", "--steps", "0" }, "--steps must be an integer from 1 to 10000000, not '0'")]
    [InlineData(new[] { "x^2", "--from", "1", "--lr", "fast" }, "--lr must be a number such as 0.01 or 1e-3, not 'fast'")]
    [InlineData(new[] { "x^2", "--from", "1", "--beta2", "1" }, "--beta2: beta2 must be in [0, 1), not 1")]
    [InlineData(new[] { "x^2", "--from", "1", "--lr", "-1" }, "--lr: lr must be >= 0, not -1")]
    [InlineData(new[] { "x*y", "--from", "x=1" }, "--from has no start for 'y'")]
    [InlineData(new[] { "x*y", "--from", "x=1, y=2, z=3" }, "--from: 'z' is not a variable of x*y")]
    [InlineData(new[] { "x*y", "--at", "x=1", "--from", "x=1, y=2" }, "--from gives 'x', which is not optimised")]
    [InlineData(new[] { "x*y", "--at", "x=1, y=2" }, "every variable of the function is fixed by --at")]
    [InlineData(new[] { "x*y", "--wrt", "x", "--from", "x=1" }, "'y' is not optimised (--wrt x) and has no value: give it one in --at")]
    [InlineData(new[] { "x*y", "--wrt", "x,y", "--at", "y=2", "--from", "x=1" }, "'y' is given a value in --at and is optimised (--wrt)")]
    [InlineData(new[] { "x*y", "--wrt", "x,z", "--at", "y=2", "--from", "x=1" }, "--wrt: 'z' is not a variable of x*y")]
    [InlineData(new[] { "W@x", "--shape", "W=2x2, x=2", "--from", "x=[1, 1]", "--at", "W=[[1, 0], [0, 1]]" }, "optimize minimises a scalar function, and W@x is a vector of 2")]
    [InlineData(new[] { "x^2+", "--from", "1" }, "error SD1002")]
    [InlineData(new[] { "x^2", "--from", "1", "--check", "--no-autograd" }, "--check runs torch.optim through libtorch")]
    [InlineData(new[] { "x^2", "--from", "1", "--format", "xml" }, "--format must be text, json or csv, not 'xml'")]
    [InlineData(new[] { "x^2", "--from", "1", "--format", "jsn" }, "--format must be text, json or csv, not 'jsn'; did you mean 'json'?")]
    [InlineData(new[] { "x^2", "--from", "1", "--format", "CSV" }, "not 'CSV'; did you mean 'csv'?")]
    public void Bad_input_is_exit_2_with_a_message(string[] args, string message)
    {
        var r = CliProcess.Run(["optimize", .. args]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.Contains(message, r.Error);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Check_on_a_device_that_is_not_there_is_exit_3()
    {
        var r = CliProcess.Run(["optimize", "x^2", "--from", "1", "--check", "--device", "cuda"]);
        Assert.True(r.ExitCode == 3, Shown(r));
        Assert.Contains("CUDA", r.Error);
    }

    [Fact]
    public void Help_teaches_each_rule_with_examples()
    {
        var r = CliProcess.Run(["optimize", "--help"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var method in SymDiff.Optimization.OptimizerMethod.All)
        {
            Assert.Contains($"  {method.Name,-9} {method.Rule}", r.Out);
            Assert.Contains(method.Defaults.ToString(), r.Out);
        }
        Assert.Contains("symdiff optimize \"(1 - x)^2 + 100*(y - x^2)^2\" --from", r.Out);
    }

    /// <summary>The README's optimize runs, pasted verbatim; only --check's deviation digits may differ by machine (libtorch's kernels round their own way).</summary>
    public static TheoryData<string> ReadmeExamples()
    {
        var data = new TheoryData<string>();
        foreach (Match m in Regex.Matches(Readme, @"^\$ symdiff optimize .*$", RegexOptions.Multiline)) data.Add(m.Value.TrimEnd());
        return data;
    }

    [Theory]
    [MemberData(nameof(ReadmeExamples))]
    public void Readme_examples_show_the_real_output(string commandLine)
    {
        var start = Readme.IndexOf(commandLine + "\n", StringComparison.Ordinal) + commandLine.Length + 1;
        var shown = Readme[start..Readme.IndexOf("```", start, StringComparison.Ordinal)].TrimEnd('\n');
        var words = Regex.Matches(commandLine["$ symdiff ".Length..], "\"([^\"]*)\"|(\\S+)")
            .Select(w => w.Groups[1].Success ? w.Groups[1].Value : w.Groups[2].Value).ToArray();
        var r = CliProcess.Run(words);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Equal(Deviations(shown), Deviations(r.Out.Replace("\r", "").TrimEnd('\n')));
    }

    [Fact]
    public void Readme_json_and_csv_examples_are_the_real_documents()
    {
        var marker = "```json\n{\"function\":\"(x - a)^2 + y^2\"";
        var at = Readme.IndexOf(marker, StringComparison.Ordinal) + "```json\n".Length;
        var shown = JsonDocument.Parse(Readme[at..Readme.IndexOf("```", at, StringComparison.Ordinal)]).RootElement;
        var real = Json(CliProcess.Run(["optimize", "(x - a)^2 + y^2", "--at", "a=2", "--from", "x=0, y=1", "--method", "sgd", "--lr", "0.1", "--steps", "1", "--format", "json"]));
        Assert.Equal(JsonSerializer.Serialize(shown), JsonSerializer.Serialize(real));
        var csv = CliProcess.Run(["optimize", LeastSquares, "--at", Data, "--from", Zero, "--method", "sgd", "--lr", "0.05", "--steps", "2", "--format", "csv"]);
        Assert.Contains(csv.Out.Replace("\r", "").TrimEnd('\n'), Readme);
    }

    // --check's deviation figures, replaced by '#': they are rounding noise and may differ between machines.
    private static string Deviations(string text) => Regex.Replace(text, @"(?m)^(largest deviation|PASS  SymDiff).*$", m => Regex.Replace(m.Value, @"\d[\d.e+-]*", "#"));

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
