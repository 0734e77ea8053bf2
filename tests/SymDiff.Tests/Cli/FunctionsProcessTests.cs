using System.Text.Json;
using System.Text.RegularExpressions;
using SymDiff.Functions;

namespace SymDiff.Tests.Cli;

/// <summary>Issue 11 part 4: `symdiff functions` run as a process, and the README's Functions section equal to its markdown.</summary>
public class FunctionsProcessTests
{
    private static string Shown(CliProcess.Result r) => $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";

    [Fact]
    public void Text_lists_every_row_with_its_derivative_and_torch_op()
    {
        var r = CliProcess.Run(["functions"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        var lines = r.Out.Replace("\r", "").TrimEnd('\n').Split('\n');
        Assert.Equal(FunctionTable.All.Length + 1, lines.Length);
        Assert.Matches(@"^function\s+arity\s+PyTorch\s+test domain\s+derivative\s+kink convention$", lines[0]);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^sin\(x\)\s+1\s+sin\s+\(-3, 3\)\s+cos\(x\)$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^leaky_relu\(x\)\s+1\s+leaky_relu\s+.*leaky_relu'\(0\) = 0\.01"));
        Assert.Equal("", r.Error);
    }

    [Fact]
    public void Json_has_one_object_per_row()
    {
        var r = CliProcess.Run(["functions", "--format", "json"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        var rows = JsonDocument.Parse(r.Out).RootElement.GetProperty("functions").EnumerateArray().ToArray();
        Assert.Equal(FunctionTable.All.Length, rows.Length);
        var silu = rows.Single(e => e.GetProperty("call").GetString() == "silu(x)");
        Assert.Equal("silu", silu.GetProperty("torch").GetString());
        Assert.Equal(1, silu.GetProperty("arity").GetInt32());
        Assert.Equal("x*sigmoid(x)*(1 - sigmoid(x)) + sigmoid(x)", silu.GetProperty("derivative").GetString());
        Assert.Equal(JsonValueKind.Null, silu.GetProperty("kink_convention").ValueKind);
        var relu = rows.Single(e => e.GetProperty("name").GetString() == "relu");
        Assert.Equal("relu'(0) = 0, as in PyTorch", relu.GetProperty("kink_convention").GetString());
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        var r = CliProcess.Run(["functions", "--format", "xml"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
    }

    /// <summary>The README's Functions section holds exactly what `symdiff functions --format markdown` prints, so it cannot rot.</summary>
    [Fact]
    public void Readme_functions_section_is_the_markdown_output()
    {
        var r = CliProcess.Run(["functions", "--format", "markdown"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        var readme = File.ReadAllText(Path.Combine(Repo, "README.md")).Replace("\r\n", "\n");
        var section = readme.IndexOf("\n## Functions\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no '## Functions' section");
        var start = readme.IndexOf("\n| function |", section, StringComparison.Ordinal) + 1;
        Assert.True(start > 0, "the Functions section has no table");
        var end = readme.IndexOf("\n\n", start, StringComparison.Ordinal);
        var pasted = readme[start..(end < 0 ? readme.Length : end)].TrimEnd('\n');
        Assert.Equal(r.Out.Replace("\r", "").TrimEnd('\n'), pasted);
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
}
