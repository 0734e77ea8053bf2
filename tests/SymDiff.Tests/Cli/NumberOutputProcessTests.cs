using System.Text.Json;
using System.Text.RegularExpressions;

namespace SymDiff.Tests.Cli;

/// <summary>Issue 11, point 2 "Numbers people read", end to end: the CLI run as a process.</summary>
public class NumberOutputProcessTests
{
    [Theory]
    [InlineData("3.14159*sin(0.017*x)", "df/dx = 0.05340703*cos(0.017*x)")]
    [InlineData("2.5e-3*x^2", "df/dx = 0.005*x")]
    [InlineData("x^3/3", "df/dx = x^2")]
    [InlineData("(2/3)*x^2", "df/dx = 4*x/3")]
    public void Grad_prints_numbers_in_the_style_they_were_written(string function, string expected)
    {
        var r = CliProcess.Run(["grad", function]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(expected, r.Out);
    }

    [Fact]
    public void Decimals_reach_json_latex_steps_and_check_reports()
    {
        var json = CliProcess.Run(["grad", "2.5e-3*x^2", "--at", "2", "--no-autograd", "--format", "json"]);
        var c = JsonDocument.Parse(json.Out).RootElement.GetProperty("cases")[0];
        Assert.Equal("0.005*x", c.GetProperty("derivatives").GetProperty("x").GetString());
        Assert.Equal("0.0025*x^2", c.GetProperty("expression").GetString());

        var latex = CliProcess.Run(["grad", "3.14159*sin(0.017*x)", "--format", "latex"]);
        Assert.Contains("0.05340703 \\cos\\left(0.017 x\\right)", latex.Out);

        var steps = CliProcess.Run(["grad", "0.5*x^2", "--steps"]);
        Assert.Contains("d/dx (0.5*x^2) =", steps.Out);
        Assert.DoesNotContain("x^2/2", steps.Out);

        var file = Path.Combine(Path.GetTempPath(), $"numbers-{Guid.NewGuid():N}.sdx");
        File.WriteAllText(file, "2.5e-3*x^2 @ 2\nx^3/3 @ 2\n");
        try
        {
            var check = CliProcess.Run(["check", file, "--no-autograd"]);
            Assert.Contains("df/dx = 0.005*x", check.Out);
            Assert.Contains("df/dx = x^2", check.Out);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void At_echoes_what_was_typed_and_its_value()
    {
        var r = CliProcess.Run(["grad", "x*y + sin(x)", "--at", "x=pi/4, y=3", "--no-autograd"]);
        Assert.Contains("at x = pi/4 = 0.7853981633974483, y = 3\n", r.Out.Replace("\r\n", "\n"));

        var plain = CliProcess.Run(["grad", "x^2", "--at", "3", "--no-autograd"]);
        Assert.Contains("at x = 3\n", plain.Out.Replace("\r\n", "\n"));

        var json = CliProcess.Run(["grad", "x^2", "--at", "x=pi/4", "--no-autograd", "--format", "json"]);
        var c = JsonDocument.Parse(json.Out).RootElement.GetProperty("cases")[0];
        Assert.Equal(Math.PI / 4, c.GetProperty("point").GetProperty("x").GetDouble());
        Assert.Equal("pi/4", c.GetProperty("pointText").GetProperty("x").GetString());

        var latex = CliProcess.Run(["grad", "x^2", "--at", "x=pi/4", "--no-autograd", "--format", "latex"]);
        Assert.Contains("x = \\frac{\\pi}{4} = 0.7853981633974483", latex.Out);
    }

    [Fact]
    [Trait("Category", "Torch")]
    public void Tables_print_shortest_values_and_three_digit_differences_with_lower_case_exponents()
    {
        // At x = 1.7 symbolic and autograd differ in the last bits: |diff| 4.44e-16, rel. diff 8.03e-14.
        var r = CliProcess.Run(["grad", "exp(x)*sin(x)/(1+x^2)", "--at", "1.7", "--device", "cpu"]);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotMatch(@"\dE[-+]\d", r.Out);
        var row = r.Out.Split('\n').Single(l => l.StartsWith("df/dx ", StringComparison.Ordinal) && !l.Contains(" = ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The symbolic value's last bits follow the simplified form's order of operations: shortest round-trip text of it.
        var symbolic = double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(symbolic.ToString("R", System.Globalization.CultureInfo.InvariantCulture), row[1]);
        Assert.InRange(Math.Abs(symbolic + 0.005530822851451234), 0, 1e-15);
        Assert.Matches(@"^\d(\.\d{1,2})?e-\d\d$", row[4]);
        Assert.Matches(@"^\d(\.\d{1,2})?e-\d\d$", row[5]);
    }

    [Fact]
    public void Variables_are_listed_in_order_of_first_appearance()
    {
        var r = CliProcess.Run(["grad", "-(y*log(sigmoid(w*x+b)) + (1-y)*log(1-sigmoid(w*x+b)))"]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("f(y, w, x, b) = ", r.Out);
        var order = Regex.Matches(r.Out, @"^df/d(\w+) =", RegexOptions.Multiline).Select(m => m.Groups[1].Value);
        Assert.Equal(["y", "w", "x", "b"], order);
    }
}
