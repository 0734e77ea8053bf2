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
        new("pythagorean-trig", ExprKind.Add, (e, f) => MergeSquares((Add)e, f, "sin", "cos", sameSign: true),
            MayApply: e => HasSquaresOf((Add)e, "sin", "cos")),
        // c*cosh(u)^2 - c*sinh(u)^2 = c
        new("pythagorean-hyperbolic", ExprKind.Add, (e, f) => MergeSquares((Add)e, f, "cosh", "sinh", sameSign: false),
            MayApply: e => HasSquaresOf((Add)e, "cosh", "sinh")),
        // exp(a)*exp(b) = exp(a + b), also where it costs the same: one form, so a Hessian's mirrored entries read alike
        new("exp-product", ExprKind.Mul, ExpProduct, KeepOnTie: true, MayApply: e => CountCalls((Mul)e, "exp") >= 2),
        // sign(u)*abs(u) = u
        new("sign-times-abs", ExprKind.Mul, SignTimesAbs,
            MayApply: e => CountCalls((Mul)e, "abs") > 0 && CountCalls((Mul)e, "sign") > 0),
        // a sum expanded and collected, factored, or over a common denominator, whichever is smallest
        new("textbook-form", ExprKind.Add, TextbookForms.Smallest, MayApply: TextbookForms.HasCandidate),
    ];

    // ---- screens: read the factors in place, build nothing ----

    private static int CountCalls(Mul m, string name)
    {
        var count = 0;
        foreach (var x in m.Factors)
            if (x is Call c && c.Function.Name == name) count++;
        return count;
    }

    // Some term holds g(u)^2 and some term h(v)^2: the least a pair needs.
    private static bool HasSquaresOf(Add sum, string g, string h)
    {
        var (hasG, hasH) = (false, false);
        foreach (var term in sum.Terms)
        {
            if (term is Mul m)
                foreach (var x in m.Factors) Note(x);
            else Note(term);
            if (hasG && hasH) return true;
        }
        return false;

        void Note(Expr x)
        {
            if (x is not Pow { Exponent: Num { Value: var two }, Base: Call c } || two != 2) return;
            hasG |= c.Function.Name == g;
            hasH |= c.Function.Name == h;
        }
    }

    internal static Expr? ExpProduct(Expr e, ExprFactory f)
    {
        var m = (Mul)e;
        // PERF: count before collecting; almost no product has two exponentials, and every product is tried.
        var count = 0;
        foreach (var x in m.Factors) if (IsExp(x)) count++;
        if (count < 2) return null;
        var exps = m.Factors.Where(IsExp).ToList();
        if (exps.Count < 2) return null;
        var rest = m.Factors.Where(x => !IsExp(x));
        return f.Mul([.. rest, f.Fn("exp", f.Add(exps.Select(x => ((Call)x).Args[0])))]);

        static bool IsExp(Expr x) => x is Call { Function.Name: "exp" };
    }

    // Every pair sign(u), abs(u) in one pass over the factors (a scan per sign factor was quadratic).
    private static Expr? SignTimesAbs(Expr e, ExprFactory f)
    {
        var m = (Mul)e;
        Dictionary<Expr, int>? abs = null; // abs(u) factors by u, with their positions
        for (var i = 0; i < m.Factors.Length; i++)
            if (m.Factors[i] is Call { Function.Name: "abs" } a) (abs ??= [])[a.Args[0]] = i;
        if (abs is null) return null;
        var dropped = new HashSet<int>();
        var kept = new List<Expr>();
        for (var i = 0; i < m.Factors.Length; i++)
        {
            if (m.Factors[i] is not Call { Function.Name: "sign" } sign || !abs.Remove(sign.Args[0], out var j)) continue;
            dropped.Add(i);
            dropped.Add(j);
            kept.Add(sign.Args[0]);
        }
        if (kept.Count == 0) return null;
        return f.Mul([.. m.Factors.Where((_, index) => !dropped.Contains(index)), .. kept]);
    }

    // Every disjoint pair of terms k*g(u)^2 and ±k*h(u)^2 replaced by k, in one pass: the h-terms are looked up by
    // (u, k) (a scan for each g-term was quadratic in the number of terms).
    private static Expr? MergeSquares(Add sum, ExprFactory f, string g, string h, bool sameSign)
    {
        var terms = sum.Terms;
        Dictionary<(Expr U, Expr K), Queue<int>>? partners = null;
        for (var j = 0; j < terms.Length; j++)
        {
            if (!TrySplitSquare(terms[j], h, f, out var k2, out var u2)) continue;
            var key = (u2, sameSign ? k2 : f.Neg(k2));
            partners ??= [];
            if (!partners.TryGetValue(key, out var queue)) partners.Add(key, queue = new Queue<int>());
            queue.Enqueue(j);
        }
        if (partners is null) return null;
        var dropped = new HashSet<int>();
        var merged = new List<Expr>();
        for (var i = 0; i < terms.Length; i++)
        {
            // Each term takes part in one pair at most (a term can hold both squares: k*sin(u)^2*cos(v)^2).
            if (dropped.Contains(i) || !TrySplitSquare(terms[i], g, f, out var k, out var u)) continue;
            if (!partners.TryGetValue((u, k), out var queue)) continue;
            while (queue.Count > 0 && dropped.Contains(queue.Peek())) queue.Dequeue();
            if (queue.Count == 0 || queue.Peek() == i) continue;
            dropped.Add(i);
            dropped.Add(queue.Dequeue());
            merged.Add(k);
        }
        if (merged.Count == 0) return null;
        return f.Add([.. terms.Where((_, index) => !dropped.Contains(index)), .. merged]);
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
