using System.Text.Json;
using System.Xml.Linq;

namespace SymDiff.Tests.Cli;

/// <summary>
/// End-to-end: vector/matrix lines of .sdx files (issue 9) through <c>symdiff check</c> as a process, with autograd
/// on the CPU: statuses, claims, shape errors and exit codes in the text, JSON and JUnit reports. Derivative
/// strings are not compared (the simplifier decides them); values and verdicts are.
/// </summary>
[Trait("Category", "Torch")]
public class CheckTensorCommandTests
{
    private const string File = """
        # least squares at given values, with a correct claim
        sum((W@x - y)^2) @ W=[[1, 2], [3, 4]], x=[1, 2], y=[0, 1] => d/dW: 2*outer(W@x - y, x)
        shape: A=3x3, x=3
        0.5*x@A@x => d/dx: 0.5*(A + A.T)@x
        shape: W=3x2, x=2
        W@x
        sum(tanh(W@x)) => d/dW: outer(1 - tanh(W@x)^2, x)
        sum(tanh(W@x)) => d/dW: outer(x, 1 - tanh(W@x)^2)
        W@x @ W=[[1, 2, 3]]
        y^2 @ 3
        """;

    private static CliProcess.Result Run(params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"symdiff-tensor-{Guid.NewGuid():N}.sdx");
        System.IO.File.WriteAllText(path, File);
        try { return CliProcess.Run(["check", path, .. options]); }
        finally { System.IO.File.Delete(path); }
    }

    [Fact]
    public void Json_has_one_case_per_line_with_shapes_values_claims_and_statuses()
    {
        var r = Run("--format", "json");
        Assert.Equal(2, r.ExitCode); // the shape error on line 9
        var cases = JsonDocument.Parse(r.Out).RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal([2, 4, 6, 7, 8, 9, 10], cases.Select(c => c.GetProperty("line").GetInt32()));
        Assert.Equal(["pass", "pass", "pass", "pass", "fail", "error", "pass"], cases.Select(c => c.GetProperty("status").GetString()));

        var ls = cases[0];
        Assert.Equal([2, 2], ls.GetProperty("shapes").GetProperty("W").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("cpu", ls.GetProperty("device").GetString());
        var dW = ls.GetProperty("autograd").GetProperty("W");
        Assert.Equal([[10.0, 20], [20, 40]], dW.EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetDouble()).ToArray()));
        Assert.Equal("correct", ls.GetProperty("claims")[0].GetProperty("verdict").GetString());

        Assert.Equal(["x", "A"], cases[1].GetProperty("seeded").EnumerateArray().Select(e => e.GetString()));
        var jacobian = cases[2].GetProperty("autograd").GetProperty("x"); // W@x: 3x2 by x
        Assert.Equal(3, jacobian.GetArrayLength());
        Assert.Equal("correct", cases[3].GetProperty("claims")[0].GetProperty("verdict").GetString());

        var wrong = cases[4].GetProperty("claims")[0];
        Assert.Equal("incorrect", wrong.GetProperty("verdict").GetString());
        Assert.Contains("transposed", wrong.GetProperty("hint").GetString());
        Assert.Contains("2x3", wrong.GetProperty("reason").GetString());
        Assert.Equal(2, wrong.GetProperty("counterexample").GetProperty("claimed").GetArrayLength());

        var error = cases[5].GetProperty("error");
        Assert.Equal(1, error.GetProperty("column").GetInt32());
        Assert.Contains("W is 1x3", error.GetProperty("message").GetString());
        Assert.Contains("y^2", cases[6].GetProperty("input").GetString());
        Assert.Equal(6.0, cases[6].GetProperty("symbolic").GetProperty("y").GetDouble());
        Assert.Contains(":9:1: error", r.Error);
    }

    [Fact]
    public void Text_has_a_row_per_derivative_and_the_claims_under_their_line()
    {
        var r = Run();
        Assert.Equal(2, r.ExitCode);
        var lines = r.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(lines, l => l.StartsWith("2 ") && l.Contains("W 2x2, x 2, y 2") && l.EndsWith("PASS, claim correct"));
        Assert.Contains(lines, l => l.StartsWith("8 ") && l.EndsWith("FAIL, claim incorrect"));
        Assert.Contains(lines, l => l.Contains("hint: transposed"));
        Assert.Contains(lines, l => l.StartsWith("9 ") && l.EndsWith("ERROR"));
        Assert.Contains(lines, l => l.StartsWith("    9:1: error"));
        var least = lines.FindIndex(l => l.StartsWith("2 "));
        // W, x and y: three rows (a long derivative wraps onto lines of its own under its row).
        Assert.Contains(lines.Skip(least + 1).TakeWhile(l => l.StartsWith(' ')), l => l.TrimStart().StartsWith("df/dx = "));
        Assert.Matches(@"^5 passed, 1 failed, 1 error, 0 undefined \(7 cases, [0-9.]+ s\)$", lines.Last(l => l.Length > 0));
    }

    [Fact]
    public void Junit_fails_the_wrong_claim_and_errors_the_shape_error()
    {
        var r = Run("--format", "junit");
        var cases = XDocument.Parse(r.Out).Descendants("testcase").ToList();
        Assert.Equal(7, cases.Count);
        var failure = Assert.Single(cases, c => c.Element("failure") is not null).Element("failure")!;
        Assert.Contains("incorrect", failure.Attribute("message")!.Value);
        Assert.Contains("transposed", failure.Attribute("message")!.Value);
        Assert.StartsWith("line 9:", Assert.Single(cases, c => c.Element("error") is not null).Attribute("name")!.Value);
    }

    [Fact]
    public void No_autograd_and_command_line_shapes_and_seed()
    {
        var r = Run("--format", "json", "--no-autograd", "--seed", "3", "--shape", "y=2");
        var cases = JsonDocument.Parse(r.Out).RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, cases[1].GetProperty("autograd").ValueKind);
        Assert.Equal(3, cases[1].GetProperty("seed").GetInt32());
        Assert.Equal("pass", cases[1].GetProperty("status").GetString());

        var bad = CliProcess.Run(["check", "-", "--shape", "W=3y2"], stdin: "W@x\n");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--shape:", bad.Error);
    }

    [Fact]
    public void Every_claim_of_the_matrix_example_is_correct()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var r = CliProcess.Run(["check", Path.Combine(repo, "examples", "matrix.sdx"), "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        var claims = JsonDocument.Parse(r.Out).RootElement.GetProperty("cases").EnumerateArray()
            .SelectMany(c => c.GetProperty("claims").EnumerateArray()).ToList();
        Assert.Equal(10, claims.Count);
        Assert.All(claims, c => Assert.Equal("correct", c.GetProperty("verdict").GetString()));
    }

    private static CliProcess.Result RunFile(string file, params string[] options)
    {
        var path = Path.Combine(Path.GetTempPath(), $"symdiff-tensor-{Guid.NewGuid():N}.sdx");
        System.IO.File.WriteAllText(path, file);
        try { return CliProcess.Run(["check", path, .. options]); }
        finally { System.IO.File.Delete(path); }
    }

    [Fact]
    public void Float32_checks_tensor_lines_in_float64_with_float64_tolerances_and_says_so()
    {
        var r = RunFile("x^2 @ x=3\nsum(x*x) @ x=[1, 2]\n", "--dtype", "float32", "--no-autograd", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        var cases = JsonDocument.Parse(r.Out).RootElement.GetProperty("cases");
        Assert.Equal("float32", cases[0].GetProperty("dtype").GetString());
        Assert.Equal("float64", cases[1].GetProperty("dtype").GetString());
        var note = cases[1].GetProperty("notes")[0].GetString()!;
        Assert.Contains("vectors and matrices are checked in float64", note);
        Assert.Contains("rtol 1e-09", note);
        var text = RunFile("sum(x*x) @ x=[1, 2]\n", "--dtype", "float32", "--no-autograd");
        Assert.Contains("vectors and matrices are checked in float64", text.Out + text.Error);
    }

    [Theory]
    [InlineData("x@-y", "for a matrix product write x@(-y)")]
    [InlineData("x@2*y", "for a matrix product write x@(2*y)")]
    public void A_value_with_a_variable_after_at_says_it_was_read_as_the_point(string line, string hint)
    {
        var r = RunFile($"shape: x=2, y=2\n{line}\n", "--no-autograd");
        Assert.True(r.ExitCode == 2, r.Out + r.Error);
        Assert.Contains("SD1103", r.Out + r.Error);
        Assert.Contains("'@' followed by a value starts the point; " + hint, r.Out + r.Error);
        // Scalar lines too, and a named binding keeps the plain message.
        var scalar = RunFile($"{line}\n", "--no-autograd");
        Assert.Contains(hint, scalar.Out + scalar.Error);
        var named = RunFile("x^2 @ x=2*y\n", "--no-autograd");
        Assert.Contains("SD1103", named.Out + named.Error);
        Assert.DoesNotContain("matrix product", named.Out + named.Error);
    }
}
