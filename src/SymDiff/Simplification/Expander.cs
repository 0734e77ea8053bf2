using SymDiff.Expressions;

namespace SymDiff.Simplification;

/// <summary>
/// Expansion, an explicit operation (never the default): products over sums and positive integer powers of
/// sums multiplied out, (x + 1)^2 = x^2 + 2*x + 1. A term limit keeps it from exploding.
/// </summary>
/// <example><code>Expander.Expand(e, factory);</code></example>
public static class Expander
{
    public const int MaxTerms = 10_000;

    public static Expr Expand(Expr e, ExprFactory f) => ExprRebuilder.Rebuild(e, f, (node, factory) => node switch
    {
        Mul m => Distribute(m.Factors.Select(x => Expand(x, factory)).ToList(), factory),
        Pow { Exponent: Num { Value: { IsInteger: true, Sign: > 0 } n }, Base: Add } p when n.Numerator <= 64 =>
            Distribute(Enumerable.Repeat(Expand(p.Base, factory), (int)n.Numerator).ToList(), factory),
        _ => null,
    });

    private static Expr Distribute(List<Expr> factors, ExprFactory f)
    {
        var terms = new List<Expr> { f.One };
        foreach (var factor in factors)
        {
            var parts = factor is Add a ? a.Terms.ToList() : [factor];
            if ((long)terms.Count * parts.Count > MaxTerms) return f.Mul(factors);
            terms = [.. terms.SelectMany(t => parts.Select(p => f.Mul(t, p)))];
        }
        return f.Add(terms);
    }
}
