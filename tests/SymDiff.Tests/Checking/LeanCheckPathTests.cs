using SymDiff.Checking;
using SymDiff.Evaluation;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Issue 12, a lean check path: a prepared case is lowered once (the function and its derivatives in one program) and
/// reused at every point; <see cref="CaseStats.LowerUs"/> reports that lowering. Verdicts are unchanged (the corpus
/// comparison is in the report; the verdict tests pin them one by one).
/// </summary>
public class LeanCheckPathTests
{
    private static Dictionary<string, double> Point(params (string Name, double Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public void A_case_is_lowered_once_for_all_its_points_and_runs()
    {
        var c = DerivativeCheck.Prepare("x*y + sin(x*y)", new CheckOptions());
        var first = DerivativeCheck.Run(c, [Point(("x", 1), ("y", 2)), Point(("x", 0.5), ("y", -1))], oracle: null);
        var programs = c.Programs;
        var again = DerivativeCheck.Run(c, [Point(("x", 1), ("y", 2))], oracle: null);
        Assert.Same(programs, c.Programs);
        Assert.Equal(first[0].Derivatives.Select(d => d.Symbolic), again[0].Derivatives.Select(d => d.Symbolic));
        Assert.Equal(first[0].Derivatives.Select(d => d.Numeric), again[0].Derivatives.Select(d => d.Numeric));
    }

    [Fact]
    public void The_canonical_program_computes_the_function_first_then_each_derivative()
    {
        var c = DerivativeCheck.Prepare("sin(x^2)*y", new CheckOptions());
        var programs = c.Programs;
        var slots = Interpreter.EvaluateSlots(programs.Canonical, [0.5, 3.0]);
        Assert.Equal(Math.Sin(0.25) * 3, slots[programs.Canonical.OutputSlots[0]], 15);
        Assert.Equal(programs.Canonical.OutputSlots[0] + 1, programs.FunctionSlots);
        Assert.Equal(c.Derivatives.Length, programs.Derivatives.OutputSlots.Length);
        Assert.Equal(2 * 0.5 * Math.Cos(0.25) * 3, slots[programs.Derivatives.OutputSlots[0]], 15);
        Assert.Equal(Math.Sin(0.25), slots[programs.Derivatives.OutputSlots[1]], 15);
    }

    [Fact]
    public void Stats_report_the_lowering_of_the_written_form_and_of_the_derivatives()
    {
        var options = new CheckOptions { CollectStats = true };
        var c = DerivativeCheck.Prepare("exp(-x^2/2)/sqrt(2*pi)", options);
        var described = DerivativeCheck.Describe(c).Stats!;
        Assert.True(described.LowerUs > 0, "the written form is lowered in Prepare");
        var checkedAt = DerivativeCheck.Run(c, [Point(("x", 0.3))], oracle: null)[0].Stats!;
        Assert.True(checkedAt.LowerUs >= described.LowerUs + c.Programs.LowerUs - 1e-9);
        Assert.True(c.Programs.LowerUs > 0);
    }

    [Fact]
    public void Third_order_differences_use_the_lowered_second_order()
    {
        var c = DerivativeCheck.Prepare("x^4*y", new CheckOptions { Order = 3, Wrt = ["x"] });
        Assert.True(c.Programs.LowerOrders.ContainsKey("x,x"));
        var r = DerivativeCheck.Run(c, [Point(("x", 2), ("y", 0.5))], oracle: null)[0];
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(24.0, r.Derivatives[0].Symbolic);
        Assert.Equal(24.0, r.Derivatives[0].Numeric!.Value, 6);
    }

    [Fact]
    public void A_function_without_kink_rows_is_never_on_a_kink_and_one_with_them_is_found()
    {
        Assert.False(DerivativeCheck.Prepare("sin(x)*exp(x)", new CheckOptions()).Programs.HasKinkSites);
        var abs = DerivativeCheck.Prepare("abs(x)", new CheckOptions());
        Assert.True(abs.Programs.HasKinkSites);
        var r = DerivativeCheck.Run(abs, [Point(("x", 0))], oracle: null)[0];
        // Without autograd, finite differences across the kink agree with abs'(0) = 0: a pass, with the kink's note.
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Contains(r.Notes, n => n.StartsWith("abs(x) has a kink where x = 0: d/dx from the left -1, from the right 1", StringComparison.Ordinal));
    }
}
