using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Simplification;

/// <summary>
/// The identity rules the simplifier tries beyond canonical construction, which already collects like terms,
/// merges powers and folds constants. Each rule is kept only where it lowers <see cref="Cost"/>.
/// </summary>
public static class Rules
{
    public static ImmutableArray<Rule> All { get; } =
    [
        // c*sin(u)^2 + c*cos(u)^2 = c
        new("pythagorean-trig", ExprKind.Add, (e, f) => MergeSquares((Add)e, f, "sin", "cos", sameSign: true)),
        // c*cosh(u)^2 - c*sinh(u)^2 = c
        new("pythagorean-hyperbolic", ExprKind.Add, (e, f) => MergeSquares((Add)e, f, "cosh", "sinh", sameSign: false)),
        // exp(a)*exp(b) = exp(a + b)
        new("exp-product", ExprKind.Mul, ExpProduct),
        // sign(u)*abs(u) = u
        new("sign-times-abs", ExprKind.Mul, SignTimesAbs),
    ];

    private static Expr? ExpProduct(Expr e, ExprFactory f)
    {
        var m = (Mul)e;
        var exps = m.Factors.Where(IsExp).ToList();
        if (exps.Count < 2) return null;
        var rest = m.Factors.Where(x => !IsExp(x));
        return f.Mul([.. rest, f.Fn("exp", f.Add(exps.Select(x => ((Call)x).Args[0])))]);

        static bool IsExp(Expr x) => x is Call { Function.Name: "exp" };
    }

    private static Expr? SignTimesAbs(Expr e, ExprFactory f)
    {
        var m = (Mul)e;
        foreach (var factor in m.Factors)
        {
            if (factor is not Call { Function.Name: "sign" } sign) continue;
            var abs = f.Fn("abs", sign.Args[0]);
            var index = m.Factors.IndexOf(abs);
            if (index < 0) continue;
            return f.Mul([.. m.Factors.Where(x => !ReferenceEquals(x, factor) && !x.Equals(abs)), sign.Args[0]]);
        }
        return null;
    }

    // Finds a pair of terms k*g(u)^2 and ±k*h(u)^2 and replaces them by k.
    private static Expr? MergeSquares(Add sum, ExprFactory f, string g, string h, bool sameSign)
    {
        var terms = sum.Terms;
        for (var i = 0; i < terms.Length; i++)
        {
            if (!TrySplitSquare(terms[i], g, f, out var k, out var u)) continue;
            for (var j = 0; j < terms.Length; j++)
            {
                if (j == i || !TrySplitSquare(terms[j], h, f, out var k2, out var u2) || !u.Equals(u2)) continue;
                if (!(sameSign ? k.Equals(k2) : f.Neg(k).Equals(k2))) continue;
                var rest = terms.Where((_, index) => index != i && index != j);
                return f.Add([.. rest, k]);
            }
        }
        return null;
    }

    // term = k*fn(u)^2 gives k and u.
    private static bool TrySplitSquare(Expr term, string fn, ExprFactory f, out Expr k, out Expr u)
    {
        k = f.One;
        u = f.Zero;
        var factors = term is Mul m ? m.Factors : [term];
        for (var i = 0; i < factors.Length; i++)
        {
            if (factors[i] is Pow { Exponent: Num { Value: var two }, Base: Call c } && two == 2 && c.Function.Name == fn)
            {
                u = c.Args[0];
                k = f.Mul(factors.Where((_, index) => index != i));
                return true;
            }
        }
        return false;
    }
}
