using SymDiff.Expressions;
using SymDiff.Numbers;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Expressions;

/// <summary>
/// Issue 12: the two-operand fast paths of <see cref="ExprFactory.Add(ReadOnlySpan{Expr})"/> and
/// <see cref="ExprFactory.Mul(ReadOnlySpan{Expr})"/> build exactly what the general path builds. The general path is
/// reached by adding an operand pair that cancels (w - w, w*w^-1, w a variable nothing else uses): it takes more than
/// four operands to the grouping code, and the pair vanishes there without touching the rest.
/// </summary>
public class FastPathTests
{
    public static TheoryData<bool> InterningModes() => [true, false];

    [Theory]
    [MemberData(nameof(InterningModes))]
    public void Two_operand_sums_and_products_match_the_general_path(bool intern)
    {
        var f = new ExprFactory(intern);
        var w = f.Symbol("w_unused");
        var operands = Operands(f);
        foreach (var a in operands)
            foreach (var b in operands)
            {
                AssertSame(f.Add(a, b), f.Add(a, b, w, f.Neg(w), f.Zero), $"({a}) + ({b})");
                AssertSame(f.Mul(a, b), f.Mul(a, b, w, f.Pow(w, -1), f.One), $"({a}) * ({b})");
                // The identities are dropped before the fast paths: the same again with them in the middle.
                AssertSame(f.Add(a, f.Zero, b), f.Add(a, b, w, f.Neg(w)), $"({a}) + 0 + ({b})");
                AssertSame(f.Mul(a, f.One, b), f.Mul(a, b, w, f.Pow(w, -1)), $"({a}) * 1 * ({b})");
            }
    }

    [Fact]
    public void Interned_leaves_and_nodes_are_one_object_per_value_past_the_table_growing()
    {
        var f = new ExprFactory();
        var first = Enumerable.Range(0, 500).Select(i => f.Add(f.Symbol($"v{i}"), f.Number(Rational.Create(i, 7)))).ToArray();
        var again = Enumerable.Range(0, 500).Select(i => f.Add(f.Symbol($"v{i}"), f.Number(Rational.Create(i, 7)))).ToArray();
        for (var i = 0; i < first.Length; i++) Assert.Same(first[i], again[i]);
        Assert.Same(f.Number(3), new ExprFactory().Number(3)); // small integers are shared by every interning factory
        Assert.Same(f.Zero, f.Number(Rational.Zero));
        Assert.NotSame(new ExprFactory(intern: false).Number(3), new ExprFactory(intern: false).Number(3));
    }

    // Seeded random canonical expressions, plus the shapes the fast paths single out: numbers (0, 1, fractions),
    // like terms and equal bases, sums and products with and without a coefficient, and undefined constants.
    private static List<Expr> Operands(ExprFactory f)
    {
        var (x, y) = (f.Symbol("x"), f.Symbol("y"));
        var list = new List<Expr>
        {
            f.Zero, f.One, f.MinusOne, f.Number(Rational.Create(3, 2)), f.Number(-2), x, y, f.Pow(x, 2), f.Mul(f.Number(2), x),
            f.Mul(f.Number(-3), x, y), f.Mul(x, y), f.Add(x, f.One), f.Add(x, y), f.Add(f.Number(2), f.Mul(f.Number(-1), x)),
            f.Mul(f.Number(2), f.Fn("sin", x)), f.Fn("cos", x), f.Pow(f.Add(x, f.One), -1), f.Mul(f.Pow(x, -1), y),
            f.Div(f.One, f.Zero), f.Fn("log", f.MinusOne), f.Mul(x, f.Fn("log", f.MinusOne)),
        };
        for (var seed = 0; seed < 25; seed++) list.Add(RandomExpressions.Build(seed, f, maxDepth: 3, variableCount: 2));
        return list;
    }

    private static void AssertSame(Expr fast, Expr general, string what)
    {
        Assert.True(general.Equals(fast), $"{what}: fast path {fast}, general path {general}");
        Assert.Equal(general.ToString(), fast.ToString());
    }
}
