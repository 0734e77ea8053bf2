using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace SymDiff.Tests.Cli;

/// <summary>
/// End-to-end: <c>symdiff check</c> run as a process on the example files, with autograd on the CPU (libtorch is
/// present in CI). Every verdict of every example is asserted, and the text, JSON and JUnit reports.
/// </summary>
[Trait("Category", "Torch")]
public class CheckCommandTests
{
    private static string Examples => Path.Combine(Repo, "examples");

    private static string Repo
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory); // tests/SymDiff.Tests/bin/<Config>/net10.0/
            return dir.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        }
    }

    private static string Example(string name) => Path.Combine(Examples, name);

    private static JsonElement Json(CliProcess.Result r)
    {
        try { return JsonDocument.Parse(r.Out).RootElement; }
        catch (JsonException e) { throw new Xunit.Sdk.XunitException($"not JSON ({e.Message}):\n{r.Out}\nstderr:\n{r.Error}"); }
    }

    /// <summary>One expected result: the line, the status, and for a claim its verdict and a piece of its hint ("" for none).</summary>
    public sealed record Expected(int Line, string Status, string? Claim = null, string? Hint = null);

    private static readonly Expected[] Quickstart =
    [
        new(4, "pass", "correct"),
        new(6, "pass"),
    ];

    private static readonly Expected[] HandDerivatives =
    [
        new(7, "pass", "correct"), new(8, "pass", "correct"), new(9, "pass", "correct"), new(10, "pass", "correct"),
        new(11, "pass", "correct"), new(12, "pass", "correct"), new(13, "pass", "correct"),
        new(16, "fail", "incorrect", "without the inner factor 2*x of sin(x^2): chain rule?"),
        new(17, "fail", "incorrect", "without the inner factor 3 of exp(3*x): chain rule?"),
        new(18, "fail", "incorrect", "without the inner factor 2*x of (x^2 + 1)^3: chain rule?"),
        new(19, "fail", "incorrect", "product-rule term that differentiates sin(x) in x*sin(x)"),
        new(20, "fail", "incorrect", "product-rule term that differentiates x^2 in x^2*exp(x)"),
        new(21, "fail", "incorrect", "opposite sign: sign error?"),
        new(22, "fail", "incorrect", "differentiates the numerator sin(x) of sin(x)/x: the quotient rule differentiates the denominator x too"),
        new(23, "fail", "incorrect", "quotient rule divided by x instead of x^2"),
        new(24, "fail", "incorrect", "opposite sign: sign error?"),
        new(25, "fail", "incorrect", "opposite sign: sign error?"),
        new(26, "fail", "incorrect", "exponent off by one?"),
        new(27, "fail", "incorrect", "without the factor 3 that the power rule brings down"),
        new(28, "fail", "incorrect", "without the factor 1/2 that the power rule brings down"),
        new(29, "fail", "incorrect", ""),
        new(30, "fail", "incorrect", ""),
    ];

    private static readonly Expected[] Activations =
    [
        new(7, "pass"), new(7, "pass"), new(7, "pass"),
        new(8, "pass", "correct"),
        new(9, "pass", "correct"), new(9, "pass", "correct"), new(9, "pass", "correct"),
        new(10, "pass", "correct"), new(10, "pass", "correct"), new(10, "pass", "correct"),
        new(11, "pass", "correct"),
        new(12, "pass"), new(12, "pass"), new(12, "pass"),       // relu at -1, at its kink 0, at 2
        new(13, "pass"), new(13, "pass"),                        // abs at -2 and at its kink 0
        new(14, "pass"),
        new(15, "undefined"), new(15, "pass"),                   // sqrt(x^2): 0/0 at 0
        new(16, "pass"), new(16, "pass"),                        // max away from and at a tie
        new(19, "pass"), new(20, "pass"), new(21, "pass", "correct"), new(22, "pass", "correct"),
    ];

    private static readonly Expected[] Errors =
    [
        new(4, "pass"),
        new(5, "error"), new(6, "error"), new(7, "error"), new(8, "error"),
        new(9, "pass"), new(9, "error"), new(9, "pass"),
        new(10, "error"), new(11, "error"), new(12, "error"), new(13, "error"),
        new(14, "pass"),
    ];

    // Vectors and matrices (issue 9): claims are in "claims" (TensorJsonReport's cases), checked in CheckTensorCommandTests.
    private static readonly Expected[] Matrix =
    [
        // Matrix claims have the scalar cases' top-level "claim" too (review 9).
        new(7, "pass", "correct"), new(11, "pass", "correct"), new(13, "pass", "correct"), new(16, "pass"), new(19, "pass"), new(21, "pass", "correct"),
        new(26, "pass", "correct"), new(28, "pass", "correct"), new(30, "pass"),
    ];

    public static TheoryData<string, int> ExampleFiles => new()
    {
        { "quickstart.sdx", 0 }, { "hand-derivatives.sdx", 1 }, { "activations.sdx", 0 }, { "errors.sdx", 2 }, { "matrix.sdx", 0 },
    };

    private static Expected[] ExpectedFor(string file) => file switch
    {
        "quickstart.sdx" => Quickstart,
        "hand-derivatives.sdx" => HandDerivatives,
        "activations.sdx" => Activations,
        "errors.sdx" => Errors,
        "matrix.sdx" => Matrix,
        _ => throw new ArgumentException(file),
    };

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Every_verdict_of_every_example(string file, int exitCode)
    {
        var r = CliProcess.Run(["check", Example(file), "--format", "json"]);
        Assert.Equal(exitCode, r.ExitCode);
        var cases = Json(r).GetProperty("cases").EnumerateArray().ToList();
        var expected = ExpectedFor(file);
        Assert.Equal(expected.Length, cases.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var (c, e) = (cases[i], expected[i]);
            var where = $"{file} case {i} (line {e.Line})";
            Assert.True(e.Line == c.GetProperty("line").GetInt32(), $"{where}: line {c.GetProperty("line").GetInt32()}");
            Assert.True(e.Status == c.GetProperty("status").GetString(), $"{where}: status {c.GetProperty("status").GetString()}");
            if (e.Status is "pass" or "fail" or "undefined" && c.GetProperty("point").ValueKind == JsonValueKind.Object)
                Assert.True(c.GetProperty("device").GetString() == "cpu", $"{where}: autograd did not run");
            if (e.Claim is null)
            {
                Assert.False(c.TryGetProperty("claim", out _), $"{where}: unexpected claim");
                continue;
            }
            var claim = c.GetProperty("claim");
            Assert.True(e.Claim == claim.GetProperty("verdict").GetString(), $"{where}: claim {claim.GetProperty("verdict").GetString()}");
            var hint = claim.GetProperty("hint");
            if (e.Hint is "" or null && e.Claim == "incorrect") Assert.True(hint.ValueKind == JsonValueKind.Null, $"{where}: hint {hint}");
            else if (e.Hint is { Length: > 0 } h)
                Assert.True(hint.ValueKind == JsonValueKind.String && hint.GetString()!.Contains(h), $"{where}: hint '{hint}'");
            if (e.Claim == "incorrect")
            {
                var counterexample = claim.GetProperty("counterexample");
                Assert.Equal(JsonValueKind.Object, counterexample.GetProperty("point").ValueKind);
                Assert.NotEqual(counterexample.GetProperty("claimed").GetDouble(), counterexample.GetProperty("true").GetDouble());
            }
        }
    }

    [Fact]
    public void A_file_without_cases_gets_a_warning()
    {
        var r = CliProcess.Run(["check", "-", "--no-autograd"], stdin: "# only a comment\n\n");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("0 passed", r.Out);
        Assert.Contains("warning: stdin has no cases", r.Error);
        var one = CliProcess.Run(["check", "-", "--no-autograd"], stdin: "x^2 @ 3\n");
        Assert.DoesNotContain("warning", one.Error);
    }

    [Fact]
    public void Quickstart_text_report_is_a_table_ending_with_the_summary()
    {
        var r = CliProcess.Run(["check", Example("quickstart.sdx")]);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.TrimEnd('\n').Split('\n');
        Assert.EndsWith("quickstart.sdx", lines[0]);
        Assert.Matches(@"^line\s+expression\s+point\s+derivative\s+symbolic\s+autograd\s+verdict$", lines[1]);
        Assert.Matches(@"^4\s+x\^2\+2\*x\+1\s+x = 3\s+df/dx = 2\*x \+ 2\s+8\s+8\s+PASS, claim correct$", lines[2]);
        Assert.Contains("claim df/dx = 2*x+2: correct (equal symbolically)", r.Out);
        Assert.Matches(@"\n6\s+sin\(x\^2\)\s+x = 1\s+df/dx = 2\*x\*cos\(x\^2\)\s+1\.08060461174\s+1\.08060461174\s+PASS\n", r.Out);
        Assert.Matches(@"^2 passed, 0 failed, 0 errors, 0 undefined \(2 cases, [0-9.]+ s\)$", lines[^1]);
        Assert.Equal("", r.Error); // no progress indicator when stderr is not a terminal
    }

    [Fact]
    public void Text_report_shows_hints_notes_and_errors_with_carets()
    {
        var r = CliProcess.Run(["check", Example("hand-derivatives.sdx"), Example("errors.sdx"), Example("activations.sdx")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("FAIL, claim incorrect", r.Out);
        Assert.Contains("    claim df/dx = cos(x^2): incorrect: at x = 1 the claim gives 0.540302305868, the derivative is 1.08060461174", r.Out);
        Assert.Contains("      hint: matches the derivative without the inner factor 2*x of sin(x^2): chain rule?", r.Out);
        Assert.Contains("    5:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?\n    sinn(x) @ 1", r.Out);
        Assert.Contains("note: relu(x) has a kink where x = 0", r.Out);
        Assert.Contains("UNDEFINED", r.Out);
        Assert.Matches(@"^35 passed, 15 failed, 9 errors, 1 undefined \(60 cases, [0-9.]+ s\)$", r.Out.TrimEnd('\n').Split('\n')[^1]);
    }

    [Fact]
    public void Json_document_is_the_grad_document_with_line_numbers_claims_and_files()
    {
        var r = CliProcess.Run(["check", Example("quickstart.sdx"), Example("errors.sdx"), "--format", "json"]);
        Assert.Equal(2, r.ExitCode);
        var doc = Json(r);
        var cases = doc.GetProperty("cases");
        Assert.Equal(15, cases.GetArrayLength());
        var first = cases[0];
        Assert.Equal(4, first.GetProperty("line").GetInt32());
        Assert.Equal("x^2+2*x+1", first.GetProperty("input").GetString());
        Assert.Equal("2*x + 2", first.GetProperty("derivatives").GetProperty("x").GetString());
        Assert.Equal(8, first.GetProperty("symbolic").GetProperty("x").GetDouble());
        Assert.Equal(8, first.GetProperty("autograd").GetProperty("x").GetDouble());
        var claim = first.GetProperty("claim");
        Assert.Equal("x", claim.GetProperty("variable").GetString());
        Assert.Equal("2*x+2", claim.GetProperty("expression").GetString());
        Assert.Equal("correct", claim.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("counterexample").ValueKind);
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("hint").ValueKind);

        var error = cases[3].GetProperty("error"); // errors.sdx line 5: sinn(x) @ 1
        Assert.Equal(5, cases[3].GetProperty("line").GetInt32());
        Assert.Equal("unknown function 'sinn'; did you mean 'sin'?", error.GetProperty("message").GetString());
        Assert.Equal(1, error.GetProperty("column").GetInt32());
        Assert.Equal(4, error.GetProperty("length").GetInt32());

        var files = doc.GetProperty("files");
        Assert.EndsWith("quickstart.sdx", files[0].GetProperty("name").GetString());
        Assert.Equal(2, files[0].GetProperty("cases").GetInt32());
        Assert.Equal(13, files[1].GetProperty("cases").GetInt32());
        var summary = doc.GetProperty("summary");
        Assert.Equal((15, 6, 0, 9, 0), (summary.GetProperty("total").GetInt32(), summary.GetProperty("pass").GetInt32(),
            summary.GetProperty("fail").GetInt32(), summary.GetProperty("error").GetInt32(), summary.GetProperty("undefined").GetInt32()));
        // The report's errors also go to stderr, with the file, line, column and caret.
        Assert.Contains("errors.sdx:5:1: error SD1003: unknown function 'sinn'", r.Error);
        Assert.Contains("errors.sdx:11:2: error SD1004: unexpected character '×'", r.Error);
    }

    [Fact]
    public void JUnit_document_has_a_suite_per_file_and_a_case_per_line_and_point()
    {
        var files = new[] { "quickstart.sdx", "hand-derivatives.sdx", "activations.sdx", "errors.sdx" }.Select(Example).ToArray();
        var r = CliProcess.Run(["check", .. files, "--format", "junit"]);
        Assert.Equal(2, r.ExitCode);
        var doc = XDocument.Parse(r.Out);
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(("62", "15", "9", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!,
            (string)root.Attribute("errors")!, (string)root.Attribute("skipped")!));

        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(files, suites.Select(s => (string)s.Attribute("name")!));
        Assert.Equal([2, 22, 25, 13], suites.Select(s => s.Elements("testcase").Count()));
        foreach (var suite in suites)
        {
            var cases = suite.Elements("testcase").ToList();
            Assert.Equal((string)suite.Attribute("tests")!, cases.Count.ToString());
            Assert.Equal((string)suite.Attribute("failures")!, cases.Count(c => c.Element("failure") is not null).ToString());
            Assert.Equal((string)suite.Attribute("errors")!, cases.Count(c => c.Element("error") is not null).ToString());
            Assert.All(cases, c => Assert.Equal((string)suite.Attribute("name")!, (string)c.Attribute("classname")!));
            Assert.All(cases, c => Assert.Matches(@"^line \d+: ", (string)c.Attribute("name")!));
        }
        Assert.Equal(["1"], root.Descendants("skipped").Select(s => (string)s.Parent!.Parent!.Attribute("skipped")!)); // activations.sdx's one

        var hand = suites[1].Elements("testcase").ToList();
        Assert.Equal("line 16: sin(x^2) @ x = 1 => d/dx: cos(x^2)", (string)hand[7].Attribute("name")!);
        var failure = hand[7].Element("failure")!;
        Assert.Contains("claim df/dx = cos(x^2) is incorrect; hint: matches the derivative without the inner factor 2*x", (string)failure.Attribute("message")!);

        var undefined = suites[2].Elements("testcase").Single(c => ((string)c.Attribute("name")!).StartsWith("line 15: sqrt(x^2) @ x = 0"));
        Assert.Null(undefined.Element("failure"));
        Assert.StartsWith("undefined at x = 0: ", (string)undefined.Element("skipped")!.Attribute("message")!);
        Assert.StartsWith("UNDEFINED", undefined.Element("system-out")!.Value);

        var error = suites[3].Elements("testcase").ElementAt(1).Element("error")!;
        Assert.Equal("unknown function 'sinn'; did you mean 'sin'?", (string)error.Attribute("message")!);
        Assert.Contains("5:1: error SD1003", error.Value);
        Assert.Contains("^^^^", error.Value);
    }

    [Fact]
    public void Stdin_is_read_with_a_dash_and_named_stdin()
    {
        var r = CliProcess.Run(["check", "-"], stdin: "# from a pipe\nx^2 @ 3 => 2*x\ncos(x) => sin(x)\n");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("stdin", r.Out.Split('\n')[0]);
        Assert.Matches(@"\n2\s+x\^2\s+x = 3\s+df/dx = 2\*x\s+6\s+6\s+PASS, claim correct\n", r.Out);
        Assert.Contains("FAIL, claim incorrect", r.Out);
        Assert.Matches(@"\n1 passed, 1 failed, 0 errors, 0 undefined \(2 cases, [0-9.]+ s\)\n$", r.Out);

        var junit = XDocument.Parse(CliProcess.Run(["check", "-", "--format", "junit"], stdin: "x^2 @ 1\n").Out);
        Assert.Equal("stdin", (string)junit.Root!.Element("testsuite")!.Attribute("name")!);
    }

    [Fact]
    public void Several_files_and_stdin_together_keep_their_order()
    {
        var r = CliProcess.Run(["check", Example("quickstart.sdx"), "-", Example("quickstart.sdx"), "--format", "json"], stdin: "sin(x) @ 0\n");
        Assert.Equal(0, r.ExitCode);
        var doc = Json(r);
        Assert.Equal([4, 6, 1, 4, 6], doc.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("line").GetInt32()));
        Assert.Equal(["quickstart.sdx", "stdin", "quickstart.sdx"],
            doc.GetProperty("files").EnumerateArray().Select(f => Path.GetFileName(f.GetProperty("name").GetString()!)));
    }

    [Fact]
    public void Output_writes_the_report_to_a_file_and_the_summary_to_stdout()
    {
        var dir = Directory.CreateTempSubdirectory("symdiff-check-");
        try
        {
            var xml = Path.Combine(dir.FullName, "report.xml");
            var r = CliProcess.Run(["check", Example("hand-derivatives.sdx"), "--format", "junit", "--output", xml]);
            Assert.Equal(1, r.ExitCode);
            Assert.Matches(@"^7 passed, 15 failed, 0 errors, 0 undefined \(22 cases, [0-9.]+ s\)\n$", r.Out);
            Assert.Equal("22", (string)XDocument.Load(xml).Root!.Attribute("tests")!);

            var json = Path.Combine(dir.FullName, "report.json");
            r = CliProcess.Run(["check", Example("errors.sdx"), "--format", "json", "-o", json]);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal(13, JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("cases").GetArrayLength());

            var text = Path.Combine(dir.FullName, "report.txt");
            r = CliProcess.Run(["check", Example("quickstart.sdx"), "--output", text]);
            Assert.Equal(0, r.ExitCode);
            Assert.Matches(@"\n2 passed, 0 failed, 0 errors, 0 undefined \(2 cases, [0-9.]+ s\)\n$", File.ReadAllText(text));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "check", "no-such-file.sdx" }, "file not found")]
    [InlineData(new[] { "check" }, "")]
    [InlineData(new[] { "check", "-", "--format", "yaml" }, "yaml")]
    [InlineData(new[] { "check", "-", "--wrt", "sin" }, "'sin' is a function")]
    [InlineData(new[] { "check", "-", "-" }, "only once")]
    public void Usage_errors_exit_with_2_before_any_report(string[] args, string message)
    {
        var r = CliProcess.Run(args, stdin: "x^2 @ 1\n");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void No_autograd_never_loads_libtorch()
    {
        var r = CliProcess.Run(["check", Example("quickstart.sdx"), "--no-autograd", "--format", "json"],
            environment: new Dictionary<string, string?> { ["SYMDIFF_TRACE_NATIVE"] = "1" });
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("trace: libtorch loaded: no", r.Error);
        var c = Json(r).GetProperty("cases")[1];
        Assert.Equal(JsonValueKind.Null, c.GetProperty("autograd").ValueKind);
        Assert.Equal("pass", c.GetProperty("status").GetString());
    }

    [Fact]
    public void Stats_are_written_per_case()
    {
        var r = CliProcess.Run(["check", Example("quickstart.sdx"), "--stats", "--format", "json"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var c in Json(r).GetProperty("cases").EnumerateArray())
        {
            var stats = c.GetProperty("stats");
            foreach (var name in new[] { "parseUs", "differentiateUs", "simplifyUs", "compileUs", "evaluateUs", "autogradUs" })
                Assert.True(stats.GetProperty(name).GetDouble() >= 0, name);
            Assert.True(stats.GetProperty("nodesAfterSimplify").GetInt32() > 0);
        }
        Assert.Contains("stats: parse ", CliProcess.Run(["check", Example("quickstart.sdx"), "--stats"]).Out);
    }

    [Fact]
    public void Long_input_streams_in_chunks_and_keeps_input_order()
    {
        // 700 cases over several chunks, checked in parallel: one result per point, in input order.
        var input = new StringBuilder();
        for (var i = 1; i <= 700; i++)
            input.Append(i % 7 == 0 ? $"sinn(x) @ {i}\n" : i % 2 == 0 ? $"x^{i % 5 + 2} @ {i % 3}; {i % 4}\n" : $"sin({i}*x) @ 0.5\n");
        var r = CliProcess.Run(["check", "-", "--format", "json"], stdin: input.ToString());
        Assert.Equal(2, r.ExitCode);
        var cases = Json(r).GetProperty("cases").EnumerateArray().ToList();
        var expectedLines = Enumerable.Range(1, 700).SelectMany(i => i % 7 != 0 && i % 2 == 0 ? new[] { i, i } : [i]).ToList();
        Assert.Equal(expectedLines, cases.Select(c => c.GetProperty("line").GetInt32()));
        Assert.All(cases, c => Assert.Equal(c.GetProperty("line").GetInt32() % 7 == 0 ? "error" : "pass", c.GetProperty("status").GetString()));
    }
}
