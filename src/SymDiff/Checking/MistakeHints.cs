using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Checking;

/// <summary>
/// Names the likely mistake in a wrong hand-written derivative by building the usual wrong derivatives (a
/// missing chain-rule factor, a missing product-rule term, a sign error, an exponent off by one, a constant
/// factor) and testing which one matches the claim numerically. A hint is given only on such a match.
/// </summary>
public static class MistakeHints
{
    private const string Fresh = "__s";
    private static readonly Tolerance Match = new(1e-8, 1e-10);

    public static string? Find(Expr function, Expr truth, Claim claim, int order, ExprFactory f, IReadOnlyList<Dictionary<string, double>> samples)
    {
        var v = claim.Variable;
        if (Matches(f.Neg(truth), claim.Expression, samples)) return "matches the derivative with the opposite sign: sign error?";
        if (order == 1)
        {
            foreach (var (variant, hint) in Variants(function, v, f))
                if (Matches(variant, claim.Expression, samples)) return hint;
        }
        if (ConstantRatio(truth, claim.Expression, samples) is { } k)
            return $"the claim is {PointAnalysis.Show(k)} times the derivative: a constant factor is off";
        return null;
    }

    private static IEnumerable<(Expr Variant, string Hint)> Variants(Expr function, string v, ExprFactory f)
    {
        foreach (var node in ExprMetrics.TopologicalOrder([function]))
        {
            if (!node.DependsOn(v)) continue;
            switch (node)
            {
                case Call c when c.Args.FirstOrDefault(a => a.DependsOn(v)) is { } inner && inner is not Sym:
                {
                    // Chain rule forgotten: g(u)' written as g'(u) without the factor u'.
                    var s = f.Symbol(Fresh + "0");
                    var replaced = f.Call(c.Function, [.. c.Args.Select(a => ReferenceEquals(a, inner) || a.Equals(inner) ? s : a)]);
                    yield return (WithInnerDerivativeOne(function, node, replaced, s, inner, v, f),
                        $"matches the derivative without the inner factor {Differentiator.Differentiate(inner, v, f)} of {node}: chain rule?");
                    break;
                }
                case Pow { Base: var u, Exponent: Num n } p:
                {
                    if (u is not Sym)
                    {
                        var s = f.Symbol(Fresh + "0");
                        yield return (WithInnerDerivativeOne(function, node, f.Pow(s, p.Exponent), s, u, v, f),
                            $"matches the derivative without the inner factor {Differentiator.Differentiate(u, v, f)} of {node}: chain rule?");
                    }
                    // n*u^n*u' instead of n*u^(n-1)*u': replace u^n by n/(n+1)*u^(n+1).
                    if (!(n.Value + 1).IsZero)
                        yield return (Derive(Replace(function, node, f.Mul(f.Number(n.Value / (n.Value + 1)), f.Pow(u, n.Value + 1)), f), v, f),
                            $"matches {n.Value}*{f.Pow(u, n.Value)} where the power rule gives {n.Value}*{f.Pow(u, n.Value - 1)}: exponent off by one?");
                    // u^(n-1)*u' without the factor n: replace u^n by u^n/n.
                    yield return (Derive(Replace(function, node, f.Mul(f.Number(1 / n.Value), node), f), v, f),
                        $"matches the derivative without the factor {n.Value} that the power rule brings down");
                    break;
                }
                case Mul m when m.Factors.Count(x => x.DependsOn(v)) >= 2:
                {
                    var dependent = m.Factors.Where(x => x.DependsOn(v)).ToList();
                    foreach (var kept in dependent)
                    {
                        // Product rule with only one term: the other dependent factors frozen as constants.
                        var frozen = new Dictionary<string, Expr>();
                        var factors = m.Factors.Select((x, i) =>
                        {
                            if (!x.DependsOn(v) || ReferenceEquals(x, kept)) return x;
                            var name = $"{Fresh}{i + 1}";
                            frozen[name] = x;
                            return f.Symbol(name);
                        }).ToList();
                        var variant = Derive(Replace(function, node, f.Mul(factors), f), v, f);
                        yield return (ExprRebuilder.Substitute(variant, f, frozen), ProductHint(m, kept, dependent, f));
                    }
                    // Quotient rule over v instead of v^2: (u'v - uv')/v, the true derivative times v.
                    if (node.Equals(function) && dependent.Count(IsDenominator) == 1 && dependent.Any(x => !IsDenominator(x))
                        && dependent.First(IsDenominator) is Pow { Exponent: Num { Value: var k } } denominator && (k + 1).IsZero)
                    {
                        var w = denominator.Base;
                        yield return (f.Mul(Derive(function, v, f), w),
                            $"matches the quotient rule divided by {w} instead of {f.Pow(w, 2)}: in (u'v - uv')/v^2 the denominator is squared");
                    }
                    break;
                }
            }
        }
    }

    private static bool IsDenominator(Expr e) => e is Pow { Exponent: Num { Value.IsNegative: true } };

    // A factor u^-k is a denominator as the user wrote it (u/w is u*w^-1): name the quotient rule then.
    private static string ProductHint(Mul m, Expr kept, List<Expr> dependent, ExprFactory f)
    {
        if (!dependent.Any(IsDenominator) || dependent.All(IsDenominator))
            return $"matches only the product-rule term that differentiates {kept} in {m}: the product rule needs a term for every factor";
        var denominator = f.Mul([.. dependent.Where(IsDenominator).Select(d => f.Pow(((Pow)d).Base, f.Neg(((Pow)d).Exponent)))]);
        var numerator = f.Mul([.. dependent.Where(d => !IsDenominator(d))]);
        return IsDenominator(kept)
            ? $"matches only the term that differentiates the denominator {denominator} of {m}: the quotient rule differentiates the numerator {numerator} too, (u'v - uv')/v^2"
            : $"matches only the term that differentiates the numerator {numerator} of {m}: the quotient rule differentiates the denominator {denominator} too, (u'v - uv')/v^2";
    }

    // d/dv F(v, s) + dF/ds * 1 at s = inner: the derivative as if inner' were 1.
    private static Expr WithInnerDerivativeOne(Expr function, Expr node, Expr replacement, Expr s, Expr inner, string v, ExprFactory f)
    {
        var name = ((Sym)s).Name;
        var outer = Replace(function, node, replacement, f);
        var variant = f.Add(Derive(outer, v, f), Derive(outer, name, f));
        return ExprRebuilder.Substitute(variant, f, new Dictionary<string, Expr> { [name] = inner });
    }

    private static Expr Derive(Expr e, string v, ExprFactory f) => Differentiator.Differentiate(e, v, f);

    private static Expr Replace(Expr root, Expr node, Expr replacement, ExprFactory f) =>
        ExprRebuilder.Rebuild(root, f, (e, _) => e.Equals(node) ? replacement : null);

    private static bool Matches(Expr variant, Expr claim, IReadOnlyList<Dictionary<string, double>> samples)
    {
        var compared = 0;
        foreach (var point in samples)
        {
            var a = Evaluator.Evaluate(variant, point);
            var b = Evaluator.Evaluate(claim, point);
            if (!double.IsFinite(a) || !double.IsFinite(b)) continue;
            if (!Match.Agrees(a, b)) return false;
            compared++;
        }
        return compared >= 5;
    }

    private static double? ConstantRatio(Expr truth, Expr claim, IReadOnlyList<Dictionary<string, double>> samples)
    {
        double? ratio = null;
        var compared = 0;
        foreach (var point in samples)
        {
            var t = Evaluator.Evaluate(truth, point);
            var c = Evaluator.Evaluate(claim, point);
            if (!double.IsFinite(t) || !double.IsFinite(c) || Math.Abs(t) < 1e-9) continue;
            var r = c / t;
            if (ratio is null) ratio = r;
            else if (!Match.Agrees(ratio.Value, r)) return null;
            compared++;
        }
        return compared >= 5 && ratio is { } k && Math.Abs(k - 1) > 1e-9 && Math.Abs(k + 1) > 1e-9 ? Math.Round(k, 9) : null;
    }
}
