using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Review 9: a matrix claim is judged only by an entrywise comparison with the whole derivative. A derivative with
/// three or more indices (a Jacobian by a matrix, or of a matrix function) has no matrix notation, so a claim about
/// it cannot be written: refused as bad input, never CORRECT. Judged without autograd.
/// </summary>
public class TensorClaimShapeTests
{
    private static (TensorPoint Point, TensorExpr Written, TensorCheckResult Result) Prepare(string function, string shapes, string wrt)
    {
        var parsed = Parser.ParseSyntax(function);
        var (point, errors) = TensorPoint.Read(null, shapes, parsed.Variables);
        Assert.Empty(errors);
        var (written, canonical, factory, bindErrors) = TensorCheck.Bind(parsed, point!);
        Assert.Empty(bindErrors);
        var result = TensorCheck.Run(function, written!, canonical!, factory, point!, [wrt], Tolerance.Float64, oracle: null);
        return (point!, written!, result);
    }

    [Theory]
    [InlineData("tanh(W@x)", "W=3x2, x=2", "W", "W", "d/dW has 3 indices")]
    [InlineData("tanh(W@x)", "W=3x2, x=2", "W", "2*outer(1 - tanh(W@x)^2, x)", "d/dW has 3 indices")]
    [InlineData("outer(x, x)", "x=2", "x", "2*x", "d/dx has 3 indices")]
    [InlineData("W@X", "W=2x2, X=2x2", "X", "W", "d/dX has 4 indices")]
    public void A_claim_about_a_derivative_with_more_than_two_indices_is_refused(string function, string shapes, string wrt, string claim, string message)
    {
        var (point, written, _) = Prepare(function, shapes, wrt);
        var (claims, error) = TensorClaims.Parse($"d/d{wrt}: {claim}", point, [wrt], written.Shape);
        Assert.Empty(claims);
        Assert.NotNull(error);
        Assert.Contains(message, error);
        Assert.Contains("matrix notation", error);
    }

    [Fact]
    public void A_claim_is_never_correct_without_a_comparison()
    {
        // Judged with no truth anywhere (as for a derivative with no value at any point tried): unknown, not correct.
        var (point, written, _) = Prepare("sum(W@x)", "W=3x2, x=2", "W");
        var (claims, error) = TensorClaims.Parse("d/dW: outer(ones_like(W@x), x)", point, ["W"], written.Shape);
        Assert.Null(error);
        var r = Assert.Single(TensorClaims.Judge(claims, point, written, (_, _) => null));
        Assert.False(r.Correct);
        Assert.True(r.Unknown);
        Assert.Contains("nothing to compare", r.Counterexample);
    }

    [Fact]
    public void A_jacobian_claim_is_compared_entry_by_entry()
    {
        var (point, written, result) = Prepare("tanh(A@x)", "A=3x2, x=2", "x");
        var (claims, error) = TensorClaims.Parse("d/dx: diag(1 - tanh(A@x)^2)@A; d/dx: A", point, ["x"], written.Shape);
        Assert.Null(error);
        var judged = TensorClaims.Judge(claims, point, written, (v, at) => TensorClaims.Truth(result, v, at, written));
        Assert.True(judged[0].Correct, judged[0].Counterexample);
        Assert.False(judged[1].Correct);
        Assert.False(judged[1].Unknown);
    }

    [Fact]
    public void In_check_a_claim_about_a_three_index_jacobian_is_the_lines_error()
    {
        var r = Assert.Single(SdxFile.Parse("shape: W=3x2, x=2\ntanh(W@x) => d/dW: 0*W").SelectMany(c => SdxRunner.Check(c, new CheckOptions())));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Contains("3 indices", r.Error!.Message);
    }

    [Fact]
    public void A_claim_about_a_vector_function_by_a_scalar_has_the_functions_shape()
    {
        var (point, written, result) = Prepare("c*x", "x=3", "c");
        var (claims, error) = TensorClaims.Parse("d/dc: x; d/dc: 2*x", point, ["c"], written.Shape);
        Assert.Null(error);
        var judged = TensorClaims.Judge(claims, point, written, (v, at) => TensorClaims.Truth(result, v, at, written));
        Assert.True(judged[0].Correct, judged[0].Counterexample);
        Assert.False(judged[1].Correct);
    }
}
