using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Formatting;
using SymDiff.Functions;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Functions;

public class FunctionTableTests
{
    public static TheoryData<string, int> Rows()
    {
        var data = new TheoryData<string, int>();
        foreach (var row in FunctionTable.All) data.Add(row.Name, row.Arity);
        return data;
    }

    private static FunctionInfo Row(string name, int arity) => FunctionTable.Lookup(name, arity)!;

    /// <summary>Every partial of every row matches central finite differences at seeded points of its domain.</summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_partial_matches_finite_differences(string name, int arity)
    {
        var row = Row(name, arity);
        var f = new ExprFactory();
        var names = new[] { "a", "b" }[..arity];
        var args = names.Select(f.Symbol).ToArray();
        // A stable seed (string.GetHashCode differs per process), and points kept off the kinks at 0 and at ties.
        var rng = new Random(name.Sum(ch => ch) * 31 + arity);
        for (var trial = 0; trial < 8; trial++)
        {
            var point = names.ToDictionary(n => n, _ => row.TestDomain.Low + rng.NextDouble() * (row.TestDomain.High - row.TestDomain.Low));
            if (point.Values.Any(v => Math.Abs(v) < 0.01) || (arity == 2 && Math.Abs(point["a"] - point["b"]) < 0.01)) continue;
            for (var i = 0; i < arity; i++)
            {
                var partial = row.Partials[i];
                Assert.NotNull(partial);
                var symbolic = Evaluator.Evaluate(partial(f, [.. args]), point);
                var values = names.Select(n => point[n]).ToArray();
                var index = i;
                var numeric = NumericDerivative.Central(t =>
                {
                    var shifted = (double[])values.Clone();
                    shifted[index] = t;
                    return row.Evaluate(shifted);
                }, values[i]);
                Assert.True(NumericDerivative.Close(symbolic, numeric, 1e-7),
                    $"d{name}/d{names[i]} at ({string.Join(", ", values)}): symbolic {symbolic}, numeric {numeric}");
            }
        }
    }

    /// <summary>The differentiator's chain rule and the row agree: d/dx f(x) built from a parsed call.</summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_row_differentiates_evaluates_and_prints(string name, int arity)
    {
        var row = Row(name, arity);
        var f = new ExprFactory();
        var x = f.Symbol("x");
        var args = Enumerable.Range(0, arity).Select(i => i == 0 ? x : f.Number(2)).ToArray();
        var call = f.Call(row, args);
        var infix = InfixFormatter.Format(call);
        var latex = LatexFormatter.Format(call);
        Assert.False(string.IsNullOrWhiteSpace(infix));
        Assert.False(string.IsNullOrWhiteSpace(latex));
        Assert.Equal(call, Parse.Expr(infix, f));
        // Off-centre: the middle of a symmetric domain is the kink of abs, relu, sign and heaviside.
        var at = row.TestDomain.Low + 0.37 * (row.TestDomain.High - row.TestDomain.Low);
        var point = new Dictionary<string, double> { ["x"] = at };
        var expected = row.Evaluate([.. args.Select((_, i) => i == 0 ? at : 2.0)]);
        Assert.True(NumericDerivative.Close(expected, Evaluator.Evaluate(call, point), 1e-12));
        if (arity > 0)
        {
            var derivative = Differentiator.Differentiate(call, "x", f);
            var numeric = NumericDerivative.Central(t => Evaluator.Evaluate(call, new Dictionary<string, double> { ["x"] = t }), at);
            Assert.True(NumericDerivative.Close(Evaluator.Evaluate(derivative, point), numeric, 1e-7), $"{name}: {derivative}");
        }
        Assert.False(string.IsNullOrEmpty(row.TorchName));
    }

    // PyTorch's conventions at kinks, so symbolic values agree with autograd there.
    [Theory]
    [InlineData("abs(x)", 0, 0)]
    [InlineData("relu(x)", 0, 0)]
    [InlineData("sign(x)", 0, 0)]
    [InlineData("heaviside(x)", 0, 0)]
    [InlineData("max(x, 1)", 1, 0.5)]
    [InlineData("min(x, 1)", 1, 0.5)]
    [InlineData("max(x, 1)", 2, 1)]
    [InlineData("min(x, 1)", 2, 0)]
    [InlineData("sqrt(x)", 0, double.PositiveInfinity)]
    [InlineData("relu(x)", 2, 1)]
    [InlineData("abs(x)", -2, -1)]
    public void Conventions_at_kinks_follow_PyTorch(string input, double at, double expected)
    {
        var f = new ExprFactory();
        var d = Differentiator.Differentiate(Parse.Expr(input, f), "x", f);
        Assert.Equal(expected, Evaluator.Evaluate(d, new Dictionary<string, double> { ["x"] = at }));
    }

    [Fact]
    public void Non_smooth_rows_document_their_convention()
    {
        foreach (var name in new[] { "abs", "sign", "relu", "heaviside", "min", "max", "sqrt" })
            Assert.False(string.IsNullOrEmpty(FunctionTable.All.First(r => r.Name == name).Convention), name);
    }

    [Fact]
    public void Every_name_the_issue_lists_is_in_the_table()
    {
        var required = "sin cos tan sec csc cot asin acos atan atan2 sinh cosh tanh asinh acosh atanh exp log ln log2 log10 log1p expm1 sqrt cbrt abs sign pow sigmoid softplus relu erf erfc min max".Split(' ');
        foreach (var name in required) Assert.True(FunctionTable.IsFunctionName(name), name);
    }
}
