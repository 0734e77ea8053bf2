using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Syntax;

namespace SymDiff.Tests.Functions;

/// <summary>Issue 11 part 4: silu, gelu, elu, leaky_relu and mish, with PyTorch's values and conventions at 0.</summary>
public class ActivationRowTests
{
    private static double Value(string name, params double[] args) => FunctionTable.Lookup(name, args.Length)!.Evaluate(args);

    // The derivative of row (name, arity) in argument `index`, evaluated at the arguments' values.
    private static double Partial(string name, int index, params double[] at)
    {
        var f = new ExprFactory();
        var names = new[] { "a", "b" }[..at.Length];
        var partial = FunctionTable.Lookup(name, at.Length)!.Partials[index]!(f, [.. names.Select(f.Symbol)]);
        return Evaluator.Evaluate(partial, names.Select((n, i) => (n, at[i])).ToDictionary(p => p.n, p => p.Item2));
    }

    [Theory]
    // Reference values from the definitions (torch.nn.functional, float64).
    [InlineData("silu", 1.5, 1.2263617142904655)]
    [InlineData("silu", -2.0, -0.2384058440442351)]
    [InlineData("gelu", 1.0, 0.8413447460685429)]
    [InlineData("gelu", -1.0, -0.15865525393145707)]
    [InlineData("elu", 1.5, 1.5)]
    [InlineData("elu", -1.0, -0.6321205588285577)]
    [InlineData("leaky_relu", 2.0, 2.0)]
    [InlineData("leaky_relu", -2.0, -0.02)]
    [InlineData("mish", 1.0, 0.8650983882673103)]
    [InlineData("mish", -1.0, -0.30340146137410895)]
    public void Values_follow_the_definitions(string name, double x, double expected) =>
        Assert.Equal(expected, Value(name, x), 14);

    [Fact]
    public void Gelu_keeps_its_digits_far_below_zero()
    {
        // 0.5*x*erfc(-x/sqrt 2) at x = -10: 1 + erf(x/sqrt 2) would cancel to 0.
        Assert.Equal(-7.619853024160593e-23, Value("gelu", -10), 1e-34);
    }

    [Fact]
    public void Two_argument_leaky_relu_takes_the_slope()
    {
        Assert.Equal(-0.6, Value("leaky_relu", -3, 0.2), 14);
        Assert.Equal(3.0, Value("leaky_relu", 3, 0.2));
    }

    [Fact]
    public void Derivatives_at_zero_are_pytorchs()
    {
        // leaky_relu_backward keeps x > 0 only: the slope at 0.
        Assert.Equal(0.01, Partial("leaky_relu", 0, 0.0), 15);
        Assert.Equal(0.2, Partial("leaky_relu", 0, 0.0, 0.2), 15);
        // elu_backward takes the e^x side at 0: e^0 = 1 (alpha 1, so both sides agree).
        Assert.Equal(1.0, Partial("elu", 0, 0.0));
        Assert.Equal(0.5, Partial("silu", 0, 0.0), 15);
        Assert.Equal(0.5, Partial("gelu", 0, 0.0), 15);
        Assert.Equal(Math.Tanh(Math.Log(2)), Partial("mish", 0, 0.0), 15);
        // d/dslope leaky_relu(x, slope) = x at and below 0, 0 above.
        Assert.Equal(-2.0, Partial("leaky_relu", 1, -2.0, 0.2));
        Assert.Equal(0.0, Partial("leaky_relu", 1, 2.0, 0.2));
    }

    [Fact]
    public void Partials_print_through_existing_functions()
    {
        var f = new ExprFactory();
        string Printed(string name) => SymDiff.Formatting.InfixFormatter.Format(FunctionTable.Lookup(name, 1)!.Partials[0]!(f, [f.Symbol("x")]));
        Assert.Equal("x*sigmoid(x)*(1 - sigmoid(x)) + sigmoid(x)", Printed("silu"));
        Assert.Equal("exp(min(x, 0))", Printed("elu"));
        Assert.Equal("x*sigmoid(x)*(1 - tanh(softplus(x))^2) + tanh(softplus(x))", Printed("mish"));
    }

    [Fact]
    public void Kinks_are_recorded_as_relus_is()
    {
        foreach (var (name, arity) in new[] { ("elu", 1), ("leaky_relu", 1), ("leaky_relu", 2) })
        {
            var row = FunctionTable.Lookup(name, arity)!;
            var kink = Assert.Single(row.Kinks);
            Assert.NotNull(kink.Switch);
            Assert.NotNull(kink.Below);
            Assert.True(kink.IsAt(arity == 1 ? [0.0] : [0.0, 0.3]));
            Assert.NotNull(row.Convention);
        }
        foreach (var smooth in new[] { "silu", "gelu", "mish" }) Assert.Empty(FunctionTable.Lookup(smooth, 1)!.Kinks);
    }

    [Theory]
    [InlineData("leaky_rlu", "leaky_relu")]
    [InlineData("leakyrelu", "leaky_relu")]
    [InlineData("leaky_reul", "leaky_relu")]
    [InlineData("sillu", "silu")]
    [InlineData("geelu", "gelu")]
    [InlineData("mihs", "mish")]
    [InlineData("mishh", "mish")]
    public void Misspellings_of_the_new_names_get_suggestions(string typo, string meant) =>
        Assert.Equal(meant, NameSuggester.Suggest(typo));

    [Fact]
    public void Parser_suggests_leaky_relu()
    {
        var result = Parser.Parse("leakyrelu(x)");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("unknown function 'leakyrelu'; did you mean 'leaky_relu'?", d.Message);
    }
}
