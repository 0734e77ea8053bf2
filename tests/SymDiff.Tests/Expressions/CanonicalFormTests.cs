using SymDiff.Expressions;
using SymDiff.Numbers;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Expressions;

/// <summary>The invariants ExprFactory documents, one test each.</summary>
public class CanonicalFormTests
{
    private readonly ExprFactory f = new();
    private Expr X => f.Symbol("x");
    private Expr Y => f.Symbol("y");

    [Fact]
    public void Sums_are_flat_without_zeros_and_merge_like_terms()
    {
        var e = (Add)f.Add(f.Add(X, f.Number(2)), f.Zero, f.Mul(f.Number(3), X), Y);
        Assert.Equal(3, e.Terms.Length);
        Assert.IsType<Num>(e.Terms[0]);
        Assert.DoesNotContain(e.Terms, t => t is Add);
        Assert.Equal("4*x + y + 2", e.ToString());
    }

    [Fact]
    public void Products_are_flat_merge_bases_and_put_the_coefficient_first()
    {
        var e = (Mul)f.Mul(f.Number(2), f.Mul(X, Y), f.Pow(X, 2), f.One);
        Assert.IsType<Num>(e.Factors[0]);
        Assert.Equal("2*x^3*y", e.ToString());
        Assert.Equal(f.Zero, f.Mul(X, f.Zero, Y));
    }

    [Fact]
    public void Powers_fold_exactly_and_only_where_valid()
    {
        Assert.Equal(f.One, f.Pow(X, 0));
        Assert.Equal(X, f.Pow(X, 1));
        Assert.Equal(f.Number(8), f.Pow(f.Number(2), 3));
        Assert.Equal(f.Number(Rational.Create(1, 2)), f.Pow(f.Number(Rational.Create(1, 4)), Rational.Half));
        Assert.Equal("sqrt(2)", f.Pow(f.Number(2), Rational.Half).ToString());
        Assert.Equal("x^6", f.Pow(f.Pow(X, 2), 3).ToString());
        Assert.Equal("sqrt(x^2)", f.Pow(f.Pow(X, 2), Rational.Half).ToString()); // |x|, not x
        Assert.Equal("x^2*y^2", f.Pow(f.Mul(X, Y), 2).ToString());
        Assert.Equal("exp(3*x)", f.Pow(f.Fn("exp", X), 3).ToString());
    }

    [Fact]
    public void Subtraction_and_division_are_sums_and_powers()
    {
        Assert.IsType<Add>(f.Sub(X, Y));
        Assert.IsType<Mul>(f.Div(X, Y));
        Assert.Equal("x - y", f.Sub(X, Y).ToString());
        Assert.Equal("x/y", f.Div(X, Y).ToString());
    }

    [Fact]
    public void Interning_shares_equal_nodes_and_equality_is_structural_without_it()
    {
        Assert.Same(f.Add(X, Y), f.Add(Y, X));
        var off = new ExprFactory(intern: false);
        var a = off.Add(off.Symbol("x"), off.Symbol("y"));
        var b = off.Add(off.Symbol("y"), off.Symbol("x"));
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a, f.Add(X, Y)); // across factories
    }

    [Fact]
    public void Node_facts_are_computed_at_construction()
    {
        var e = f.Fn("sin", f.Mul(X, Y));
        Assert.Equal(["x", "y"], e.FreeSymbols);
        Assert.Equal(3, e.Depth);
        Assert.Equal(4, e.TreeSize);
        Assert.True(f.Number(3).IsConstant);
    }

    [Fact]
    public void Deep_and_long_inputs_build_in_linear_time_and_share_nodes()
    {
        Expr nest = X;
        for (var i = 0; i < 200; i++) nest = f.Fn("sin", nest);
        Assert.Equal(201, ExprMetrics.DistinctNodes([nest]));
        var d = SymDiff.Calculus.Differentiator.Differentiate(nest, "x", f);
        // 200 cos nodes, the 200 sin arguments they share with the function, x and the product.
        Assert.True(ExprMetrics.DistinctNodes([d]) <= 402, ExprMetrics.DistinctNodes([d]).ToString());
        var sum = f.Add(Enumerable.Range(1, 10_000).Select(i => f.Mul(f.Number(i), f.Pow(X, i))));
        Assert.Equal(10_000, ((Add)sum).Terms.Length);
    }

    [Fact]
    public void Printing_round_trips_through_the_parser()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var e = RandomExpressions.Build(seed, f);
            Assert.Equal(e, Parse.Expr(e.ToString(), f));
        }
    }
}
