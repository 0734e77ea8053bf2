using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Syntax;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Hints for the classic backpropagation mistakes in matrix claims (issue 9): a forgotten activation derivative
/// and a quadratic form differentiated as if its matrix were symmetric. Judged without autograd.
/// </summary>
public class TensorClaimHintTests
{
    private static TensorClaimResult Judge(string function, string? at, string? shapes, string wrt, string claim)
    {
        var parsed = Parser.ParseSyntax(function);
        var (point, errors) = TensorPoint.Read(at, shapes, parsed.Variables);
        Assert.Empty(errors);
        var (written, canonical, factory, bindErrors) = TensorCheck.Bind(parsed, point!);
        Assert.Empty(bindErrors);
        var result = TensorCheck.Run(function, written!, canonical!, factory, point!, [wrt], Tolerance.Float64, oracle: null);
        var (claims, claimError) = TensorClaims.Parse(claim, point!, [wrt], written!.Shape);
        Assert.Null(claimError);
        return TensorClaims.Judge(claims, point!, written!, (v, p) => TensorClaims.Truth(result, v, p, written!))[0];
    }

    private const string Network = "mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)";
    private const string NetworkShapes = "X=4x3, W1=5x3, b1=5, W2=2x5, b2=2, Y=4x2";

    [Fact]
    public void A_forgotten_tanh_derivative_is_named()
    {
        var r = Judge(Network, null, NetworkShapes, "W1", "d/dW1: 0.25*((tanh(X@W1.T + b1)@W2.T + b2 - Y)@W2).T@X");
        Assert.False(r.Correct);
        Assert.Equal("missing the derivative of tanh (1 - tanh(u)^2) at tanh(X@W1.T + b1)?", r.Hint);
    }

    [Fact]
    public void The_right_backprop_claim_is_correct()
    {
        var r = Judge(Network, null, NetworkShapes, "W1", "d/dW1: 0.25*(((tanh(X@W1.T + b1)@W2.T + b2 - Y)@W2)*(1 - tanh(X@W1.T + b1)^2)).T@X");
        Assert.True(r.Correct, r.Counterexample);
    }

    [Theory]
    [InlineData("sum(sigmoid(W@x) - y)", "d/dW: outer(ones_like(y), x)", "missing the derivative of sigmoid (sigmoid(u)*(1 - sigmoid(u))) at sigmoid(W@x)?")]
    [InlineData("sum(sin(W@x)^2)", "d/dW: outer(2*sin(W@x), x)", "missing the derivative of sin (cos(u)) at sin(W@x)?")]
    public void Other_forgotten_activation_derivatives_are_named(string function, string claim, string hint)
    {
        var r = Judge(function, null, "W=3x2, x=2, y=3", "W", claim);
        Assert.False(r.Correct);
        Assert.Equal(hint, r.Hint);
    }

    [Fact]
    public void A_wrong_claim_that_is_no_forgotten_derivative_gets_no_such_hint()
    {
        var r = Judge(Network, null, NetworkShapes, "W1", "d/dW1: W1");
        Assert.False(r.Correct);
        Assert.DoesNotContain("missing the derivative", r.Hint ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.5*x@A@x", "d/dx: A@x")]
    [InlineData("x@A@x", "d/dx: 2*A@x")]
    [InlineData("x@A@x", "d/dx: 2*A.T@x")]
    public void A_quadratic_form_differentiated_as_if_symmetric_is_named(string function, string claim)
    {
        var r = Judge(function, "x=[1, -1], A=[[2, 1], [0, 3]]", null, "x", claim);
        Assert.False(r.Correct);
        Assert.Equal("right only for a symmetric A: the derivative of x@A@x is (A + A.T)@x", r.Hint);
    }

    [Fact]
    public void The_symmetric_assumption_is_named_without_a_quadratic_form()
    {
        // d/dx y@A@B@x = B.T@A.T@y; the claim B@A@y is right when both A and B are symmetric, not one alone.
        var r = Judge("y@A@B@x", null, "A=3x3, B=3x3, x=3, y=3", "x", "d/dx: B@A@y");
        Assert.False(r.Correct);
        Assert.Equal("right only for symmetric A and B (A.T = A, B.T = B)", r.Hint);
    }

    [Fact]
    public void The_symmetric_claim_of_a_quadratic_form_is_correct()
    {
        var r = Judge("0.5*x@A@x", "x=[1, -1], A=[[2, 1], [0, 3]]", null, "x", "d/dx: 0.5*(A + A.T)@x");
        Assert.True(r.Correct, r.Counterexample);
    }
}
