using System.Text.Json;

namespace SymDiff.Tests.Cli;

/// <summary>Issue 11 part 4: the activation rows' derivatives at their kink (and at 0) agree with PyTorch's autograd.</summary>
[Trait("Category", "Torch")]
public class ActivationAutogradTests
{
    [Theory]
    [InlineData("leaky_relu(x)", "0", 0.01)]      // leaky_relu_backward keeps x > 0 only: the slope at 0
    [InlineData("leaky_relu(x, 0.2)", "0", 0.2)]
    [InlineData("elu(x)", "0", 1.0)]             // elu_backward takes the e^x side at 0
    [InlineData("elu(x)", "-1", 0.36787944117144233)]
    [InlineData("silu(x)", "0", 0.5)]
    [InlineData("gelu(x)", "0", 0.5)]
    [InlineData("gelu(x)", "-2.5", -0.037611085908145214)]
    [InlineData("mish(x)", "0", 0.6)]
    [InlineData("mish(x)", "1.7", 1.0842573159450626)]
    public void Derivative_agrees_with_autograd(string function, string at, double expected)
    {
        var r = CliProcess.Run(["grad", function, "--at", at, "--format", "json"]);
        var shown = $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";
        Assert.True(r.ExitCode == 0, shown);
        var c = JsonDocument.Parse(r.Out).RootElement.GetProperty("cases")[0];
        Assert.Equal(expected, c.GetProperty("symbolic").GetProperty("x").GetDouble(), 12);
        Assert.Equal(expected, c.GetProperty("autograd").GetProperty("x").GetDouble(), 12);
    }

    [Fact]
    public void Leaky_relu_with_a_variable_slope_is_differentiated_in_both()
    {
        var r = CliProcess.Run(["grad", "leaky_relu(x, s)", "--at", "x=-2, s=0.3", "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        var c = JsonDocument.Parse(r.Out).RootElement.GetProperty("cases")[0];
        Assert.Equal(0.3, c.GetProperty("autograd").GetProperty("x").GetDouble(), 12);
        Assert.Equal(-2.0, c.GetProperty("autograd").GetProperty("s").GetDouble(), 12);
    }
}
