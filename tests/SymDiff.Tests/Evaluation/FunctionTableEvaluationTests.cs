using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;

namespace SymDiff.Tests.Evaluation;

public class FunctionTableEvaluationTests
{
    public static TheoryData<string, int> Rows()
    {
        var rows = new TheoryData<string, int>();
        foreach (var row in FunctionTable.All) rows.Add(row.Name, row.Arity);
        return rows;
    }

    private static string[] ArgumentNames(int arity) => [.. new[] { "a", "b", "c" }.Take(arity)];

    private static IEnumerable<double[]> PointsInDomain(FunctionInfo row)
    {
        var random = new Random(FunctionTable.All.IndexOf(row) * 7919 + 17);
        var (low, high) = row.TestDomain;
        for (var p = 0; p < 5; p++)
            yield return [.. Enumerable.Range(0, row.Arity).Select(_ => low + (high - low) * random.NextDouble())];
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row_evaluates_exactly_as_its_Eval(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        var names = ArgumentNames(arity);
        var f = new ExprFactory();
        // The node is built directly, bypassing Canonicalize: rows the factory rewrites away (sqrt, pow, log/2)
        // must still evaluate and compile.
        var call = new Call(row, [.. names.Select(f.Symbol)]);
        foreach (var args in PointsInDomain(row))
        {
            var expected = row.Evaluate(args);
            var actual = EvalAssert.ValueAt(call, [.. names.Zip(args)]);
            EvalAssert.AssertSame(expected, actual, $"{row} at ({string.Join(", ", args)})");
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Canonical_form_of_a_row_evaluates_close_to_its_Eval(string name, int arity)
    {
        // sqrt(a) = a^(1/2), log(a, b) = log(a)/log(b), pow(a, b) = a^b: equal up to rounding.
        var row = FunctionTable.Lookup(name, arity)!;
        var names = ArgumentNames(arity);
        var f = new ExprFactory();
        var e = f.Call(row, [.. names.Select(f.Symbol)]);
        foreach (var args in PointsInDomain(row))
        {
            var expected = row.Evaluate(args);
            var actual = EvalAssert.ValueAt(e, [.. names.Zip(args)]);
            Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Max(1, Math.Abs(expected)),
                $"{e} at ({string.Join(", ", args)}): {actual:R}, Eval gives {expected:R}");
        }
    }

    [Fact]
    public void Every_row_is_a_direct_static_call_when_compiled()
    {
        foreach (var row in FunctionTable.All)
        {
            Assert.True(row.EvalMethod.IsStatic && row.Eval.Target is null, $"{row} is not a static method");
            Assert.Equal(row.Arity, row.EvalMethod.GetParameters().Length);
        }
    }

    [Fact]
    public void Log1p_has_no_value_below_minus_one_and_does_not_overflow_near_the_top()
    {
        Assert.True(double.IsNaN(SymDiff.Functions.ElementaryFunctions.Log1p(double.NegativeInfinity)));
        Assert.True(double.IsNaN(SymDiff.Functions.ElementaryFunctions.Log1p(-2)));
        Assert.Equal(double.NegativeInfinity, SymDiff.Functions.ElementaryFunctions.Log1p(-1));
        Assert.Equal(Math.Log(1e306), SymDiff.Functions.ElementaryFunctions.Log1p(1e306), 12);
    }
}
