using SymDiff.Functions;
using SymDiff.Tests.Evaluation;

namespace SymDiff.Tests.Functions;

/// <summary>The table's SpanEval column against its Eval column: the bound each row's comment and MaxUlps state.</summary>
public class SpanKernelTests
{
    public static TheoryData<string, int> Rows() => Data(FunctionTable.All);

    public static TheoryData<string, int> KernelRows() => Data(FunctionTable.All.Where(r => r.SpanEval is not null));

    private static TheoryData<string, int> Data(IEnumerable<FunctionInfo> rows)
    {
        var data = new TheoryData<string, int>();
        foreach (var row in rows) data.Add(row.Name, row.Arity);
        return data;
    }

    private static readonly double[] Edges =
    [
        0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 1e-310, -1e-310,
        1e-300, 1, -1, 0.5, 2, 710, -745, 800, -800, 1e300, -1e300, double.MaxValue, double.MinValue,
    ];

    // Seeded arguments: the row's test domain, [-10, 10], and magnitudes e^[-30, 14] (1e-13 to 1.2e6) of either sign.
    private static double[] Arguments(FunctionInfo row, int seed, int count)
    {
        var rng = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (i % 3) switch
            {
                0 => row.TestDomain.Low + (row.TestDomain.High - row.TestDomain.Low) * rng.NextDouble(),
                1 => rng.NextDouble() * 20 - 10,
                _ => (rng.Next(2) == 0 ? -1 : 1) * Math.Exp(rng.NextDouble() * 44 - 30),
            };
        }
        return values;
    }

    [Theory]
    [MemberData(nameof(KernelRows))]
    public void A_kernel_has_its_rows_arity(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        Assert.IsType(arity == 1 ? typeof(UnarySpanKernel) : typeof(BinarySpanKernel), row.SpanEval!.Kernel);
    }

    [Theory]
    [MemberData(nameof(KernelRows))]
    public void A_kernel_is_within_its_ulp_bound_of_Eval(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        var bound = row.SpanEval!.MaxUlps;
        var xs = Arguments(row, 1, 100_000).Concat(Edges.SelectMany(e => arity == 1 ? [e] : Edges.Select(_ => e))).ToArray();
        var ys = arity == 1 ? xs : Arguments(row, 2, 100_000).Concat(Edges.SelectMany(_ => Edges)).ToArray();
        var columns = new double[xs.Length];
        row.EvaluateColumn(xs, ys, columns, allowApproximate: true);
        var worst = 0L;
        for (var i = 0; i < xs.Length; i++)
        {
            double[] args = arity == 1 ? [xs[i]] : [xs[i], ys[i]];
            var expected = row.Evaluate(args);
            if (!Ulps.Within(expected, columns[i], bound))
                Assert.Fail($"{name}({string.Join(", ", args.Select(a => a.ToString("R")))}): Eval {expected:R}, kernel {columns[i]:R}, " +
                            $"{Ulps.Between(expected, columns[i])} ulps, bound {bound}");
            worst = Math.Max(worst, Ulps.Between(expected, columns[i]));
        }
        // The bound is tight, not padded: a kernel that became exact should say so.
        if (bound > 0) Assert.True(worst > 0, $"{name}'s kernel agreed bit for bit on every value; its bound says {bound} ulps");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_column_without_approximation_is_Eval_bit_for_bit(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        var xs = Arguments(row, 3, 3_000).Concat(Edges).ToArray();
        var ys = Arguments(row, 4, xs.Length);
        var columns = new double[xs.Length];
        row.EvaluateColumn(xs, ys, columns, allowApproximate: false);
        for (var i = 0; i < xs.Length; i++)
        {
            double[] args = arity switch { 0 => [], 1 => [xs[i]], _ => [xs[i], ys[i]] };
            EvalAssert.AssertSame(row.Evaluate(args), columns[i], $"{name}({string.Join(", ", args.Select(a => a.ToString("R")))})");
        }
    }
}
