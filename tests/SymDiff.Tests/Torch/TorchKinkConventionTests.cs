using SymDiff.Checking;
using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Tests.Torch;

/// <summary>
/// What PyTorch's autograd gives where a function is not smooth (libtorch 2.10 through TorchSharp 0.107). The
/// <see cref="SymDiff.Functions.FunctionTable"/> follows the same conventions, so symbolic and autograd values agree:
/// <list type="bullet">
/// <item>abs'(0) = 0: the backward is grad * sgn(x).</item>
/// <item>relu'(0) = 0: threshold_backward passes the gradient only where x &gt; 0.</item>
/// <item>sign'(x) = 0 everywhere, 0 included.</item>
/// <item>heaviside'(x) = 0: SymDiff lowers it to where(x &gt; 0, 1, 0) over constants (libtorch's heaviside has no
/// backward and would abort the process), so nothing requires grad.</item>
/// <item>maximum/minimum split the gradient 1/2 and 1/2 at a tie.</item>
/// <item>sqrt'(0) = +inf (0.5 * 0^(-1/2)).</item>
/// <item>d/dy x^y = 0 at x = 0 (y &gt;= 0): torch masks x^y * log(x), which would be 0 * -inf = NaN.</item>
/// </list>
/// </summary>
[Trait("Category", "Torch")]
[Collection("Torch")]
public class TorchKinkConventionTests
{
    private readonly ExprFactory _f = new();
    private Expr X => _f.Symbol("x");

    private double[] FirstDerivative(Expr e, params double[] xs)
    {
        using var oracle = TorchAssert.Oracle();
        return oracle.Derivatives(e, ["x"], [ImmutableArray.Create("x")], [.. xs.Select(x => new[] { x })])[0];
    }

    [Fact]
    public void Abs_has_derivative_zero_at_zero() =>
        Assert.Equal([0.0, -1.0, 1.0], FirstDerivative(_f.Fn("abs", X), 0, -2, 2));

    [Fact]
    public void Relu_has_derivative_zero_at_zero() =>
        Assert.Equal([0.0, 0.0, 1.0], FirstDerivative(_f.Fn("relu", X), 0, -2, 2));

    [Fact]
    public void Sign_has_derivative_zero_everywhere() =>
        Assert.Equal([0.0, 0.0, 0.0], FirstDerivative(_f.Fn("sign", X), 0, -2, 2));

    [Fact]
    public void Heaviside_has_derivative_zero_and_never_aborts()
    {
        Assert.Equal([0.0, 0.0, 0.0], FirstDerivative(_f.Fn("heaviside", X), 0, -2, 2));
        // Inside a product autograd does reach it: x*H(x) has derivative H(x) (+ x*0).
        Assert.Equal([0.0, 0.0, 1.0], FirstDerivative(_f.Mul(X, _f.Fn("heaviside", X)), 0, -2, 2));
    }

    [Fact]
    public void Second_derivatives_through_kinks_are_zero()
    {
        using var oracle = TorchAssert.Oracle();
        foreach (var name in new[] { "abs", "relu", "sign", "heaviside" })
        {
            var result = oracle.Derivatives(_f.Fn(name, X), ["x"], [["x", "x"], ["x", "x", "x"]], [[0.0], [-1.5], [1.5]]);
            Assert.All(result, row => Assert.Equal([0.0, 0.0, 0.0], row));
        }
    }

    [Fact]
    public void Max_and_min_split_the_gradient_at_a_tie()
    {
        Assert.Equal([0.5, 0.0, 1.0], FirstDerivative(_f.Fn("max", X, _f.One), 1, 0, 2));
        Assert.Equal([0.5, 1.0, 0.0], FirstDerivative(_f.Fn("min", X, _f.One), 1, 0, 2));
    }

    [Fact]
    public void Sqrt_has_infinite_derivative_at_zero() =>
        Assert.Equal([double.PositiveInfinity, 0.25], FirstDerivative(_f.Sqrt(X), 0, 4));

    [Fact]
    public void Pow_derivative_in_the_exponent_is_zero_where_the_base_is_zero()
    {
        var y = _f.Symbol("y");
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(_f.Pow(X, y), ["x", "y"], [["y"], ["x"]], [[0.0, 2.0], [0.0, 0.0]]);
        Assert.Equal([0.0, 0.0], result[0]);
        Assert.Equal([0.0, 0.0], result[1]); // 2*0^1 = 0; and 0*0^-1 is masked to 0 where the exponent is 0
    }
}
