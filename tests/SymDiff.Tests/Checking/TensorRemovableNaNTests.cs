using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Syntax;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Review 9, finding 2: det(X)*inv(X).T, the printed gradient of det, is NaN at a singular X while det is a
/// polynomial. The report says the printed form is undefined there although f is differentiable, gives what
/// finite differences find (the adjugate transposed), and blames no kink; a real kink (norm at 0) still is one.
/// </summary>
public class TensorRemovableNaNTests
{
    private static TensorCheckResult Run(string function, string at)
    {
        var parsed = Parser.ParseSyntax(function);
        var (point, errors) = TensorPoint.Read(at, null, parsed.Variables);
        Assert.Empty(errors);
        var (written, canonical, factory, bindErrors) = TensorCheck.Bind(parsed, point!);
        Assert.Empty(bindErrors);
        return TensorCheck.Run(function, written!, canonical!, factory, point!, parsed.Variables, Tolerance.Float64, oracle: null);
    }

    [Fact]
    public void Det_at_a_singular_matrix_is_a_removable_problem_of_the_printed_form_not_a_kink()
    {
        var r = Run("det(X)", "X=[[1, 2], [2, 4]]");
        var notes = string.Join("\n", r.Notes);
        Assert.DoesNotContain("kink", notes);
        Assert.DoesNotContain("convention", notes);
        Assert.Contains("every entry", notes);
        Assert.Contains("although f is differentiable here", notes);
        Assert.Contains("adj(X).T", notes);
        Assert.Contains("[[4, -2], [-2, 1]]", notes);
    }

    [Fact]
    public void Norm_at_zero_is_still_a_kink_and_names_every_entry()
    {
        var r = Run("norm(x)", "x=[0, 0]");
        var notes = string.Join("\n", r.Notes);
        Assert.Contains("kink", notes);
        Assert.Contains("every entry", notes);
        Assert.DoesNotContain("at [1]", notes);
    }
}
