using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Syntax;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Review 9, findings 12 and 13: with a point given, a variable with no value and no declared shape is an error
/// (SD1110, as for scalars), not a random scalar; in check, a scalar value for a variable a shape: line declares
/// a vector or matrix is refused (SD1250), as grad refuses it.
/// </summary>
public class TensorPointValueTests
{
    [Fact]
    public void A_variable_with_no_value_and_no_shape_is_missing_when_a_point_is_given()
    {
        // --at: 1:1: error SD1110: no value for variable 'y' at this point: write "x=[1,2], y=..." (or declare its shape with --shape)
        var (point, errors) = TensorPoint.Read("x=[1,2]", null, ["x", "y"]);
        Assert.Null(point);
        var e = Assert.Single(errors);
        Assert.Equal(DiagnosticCode.MissingPointValue, e.Diagnostic.Code);
        Assert.Contains("no value for variable 'y'", e.Diagnostic.Message);
        Assert.Contains("x=[1,2], y=...", e.Diagnostic.Message);
    }

    [Fact]
    public void Without_a_point_or_with_a_declared_shape_a_variable_is_drawn()
    {
        Assert.NotNull(TensorPoint.Read(null, "x=2", ["x", "y"]).Point);
        Assert.NotNull(TensorPoint.Read("x=[1,2]", "y=3", ["x", "y"]).Point);
        // A variable only named by --wrt needs no value (its derivative is 0).
        Assert.NotNull(TensorPoint.Read("x=[1,2]", null, ["x", "q"], required: ["x"]).Point);
    }

    [Fact]
    public void In_check_a_scalar_value_for_a_declared_vector_is_refused()
    {
        var r = Assert.Single(SdxFile.Parse("shape: x=2\nx^2 @ 2 => 2*x").SelectMany(c => SdxRunner.Check(c, new CheckOptions())));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal(DiagnosticCode.ShapeMismatch, r.Error!.Code);
        Assert.Contains("declared 2", r.Error.Message);
    }

    [Fact]
    public void In_check_a_bracketed_value_still_overrides_a_declared_shape()
    {
        var results = SdxFile.Parse("shape: W=3x2\nsum(W@x) @ W=[[1, 2]], x=[3, 4]").SelectMany(c => SdxRunner.Check(c, new CheckOptions())).ToList();
        Assert.Equal(CaseStatus.Pass, Assert.Single(results).Status);
    }
}
