using System.Runtime.InteropServices;

namespace SymDiff.Expressions;

// PERF (issue 12): the two-operand sums and products that differentiation builds by the thousand (a factor times a
// product, a term plus a sum, a number plus a term) without the general path's groups, lists and sorts. Each returns
// exactly what the general path would, or null where it would merge, cancel, distribute or meet an undefined
// constant; the general path then decides. Why they agree: with nothing to merge, the general path keeps every
// factor (term) as it is and sorts them by a total order, and a canonical product (sum) is sorted already, so the
// result is the old children with the new one inserted where the order puts it.
public sealed partial class ExprFactory
{
    private Expr? TryMulPair(Expr a, Expr b)
    {
        if (a.ContainsUndefinedConstant || b.ContainsUndefinedConstant) return null;
        switch (a, b)
        {
            case (Num, _) or (_, Num):
                var (n, other) = a is Num na ? (na, b) : ((Num)b, a);
                return other is Expressions.Mul scaled ? TryScale(n, scaled) : null;
            case (Expressions.Mul, Expressions.Mul):
                return null;
            case (Expressions.Mul left, _):
                return TryInsertFactor(b, left);
            case (_, Expressions.Mul right):
                return TryInsertFactor(a, right);
            default:
                // Two single factors (neither a number nor a product): x*cos(x).
                if (BaseOf(a).Equals(BaseOf(b))) return null;
                return ExprOrder.Factors.Compare(a, b) <= 0 ? Intern(new Mul([a, b])) : Intern(new Mul([b, a]));
        }
    }

    // n*(c*f1*...*fk) = (n*c)*f1*...*fk: -(x*y), 2*(x*sin(x)).
    private Expr? TryScale(Num n, Mul product)
    {
        if (n.Value.IsZero) return null;
        if (n.Value.IsOne) return product;
        var factors = product.Factors.AsSpan();
        var coefficient = n.Value;
        if (factors[0] is Num c)
        {
            coefficient *= c.Value;
            factors = factors[1..];
        }
        if (coefficient.IsOne) return factors.Length == 1 ? factors[0] : Intern(new Mul([.. factors]));
        if (factors.Length == 1 && factors[0] is Expressions.Add) return null; // a number times a sum is distributed
        return Intern(new Mul([Number(coefficient), .. factors]));
    }

    // f*(c*f1*...*fk) with f's base none of the fi's: f joins the others where the order puts it.
    private Expr? TryInsertFactor(Expr factor, Mul product)
    {
        var factors = product.Factors.AsSpan();
        var first = factors[0] is Num ? 1 : 0;
        var @base = BaseOf(factor);
        for (var i = first; i < factors.Length; i++)
            if (BaseOf(factors[i]).Equals(@base)) return null;
        var at = InsertionPoint(factors, first, factor, ExprOrder.Factors);
        return Intern(new Mul(Inserted(factors, at, factor)));
    }

    private Expr? TryAddPair(Expr a, Expr b)
    {
        if (a.ContainsUndefinedConstant || b.ContainsUndefinedConstant) return null;
        switch (a, b)
        {
            case (Num x, Num y):
                return Number(x.Value + y.Value);
            case (Num, _) or (_, Num):
                var (n, other) = a is Num na ? (na, b) : ((Num)b, a);
                if (n.Value.IsZero) return other;
                return other is Expressions.Add shifted ? TryShift(n, shifted) : Intern(new Add([n, other]));
            case (Expressions.Add, Expressions.Add):
                return null;
            case (Expressions.Add left, _):
                return TryInsertTerm(b, left);
            case (_, Expressions.Add right):
                return TryInsertTerm(a, right);
            default:
                // Two terms (neither a number nor a sum): x + cos(x), 2*x + y.
                if (SameRest(a, b)) return null;
                return ExprOrder.Terms.Compare(a, b) <= 0 ? Intern(new Add([a, b])) : Intern(new Add([b, a]));
        }
    }

    // n + (c + t1 + ... + tk) = (n + c) + t1 + ... + tk.
    private Expr? TryShift(Num n, Add sum)
    {
        var terms = sum.Terms.AsSpan();
        var constant = n.Value;
        if (terms[0] is Num c)
        {
            constant += c.Value;
            terms = terms[1..];
        }
        if (constant.IsZero) return terms.Length == 1 ? terms[0] : Intern(new Add([.. terms]));
        return Intern(new Add([Number(constant), .. terms]));
    }

    // t + (c + t1 + ... + tk) with t like none of the ti: t joins the others where the order puts it.
    private Expr? TryInsertTerm(Expr term, Add sum)
    {
        var terms = sum.Terms.AsSpan();
        var first = terms[0] is Num ? 1 : 0;
        for (var i = first; i < terms.Length; i++)
            if (SameRest(terms[i], term)) return null;
        var at = InsertionPoint(terms, first, term, ExprOrder.Terms);
        return Intern(new Add(Inserted(terms, at, term)));
    }

    // How many operands are not the identity (0 in a sum, 1 in a product), and the first two of them. The general path
    // skips the identities, so dropping them first changes nothing but the cost: n*x^(n-1)*u' with u' = 1, c + u' + 0.
    private static int Nontrivial(ReadOnlySpan<Expr> items, bool sum, out Expr? first, out Expr? second)
    {
        (first, second) = (null, null);
        var count = 0;
        foreach (var e in items)
        {
            if (e is Num n && (sum ? n.Value.IsZero : n.Value.IsOne)) continue;
            if (count == 0) first = e;
            else if (count == 1) second = e;
            count++;
        }
        return count;
    }

    // What a product groups a factor by: x^2 and x share the base x.
    private static Expr BaseOf(Expr factor) => factor is Pow p ? p.Base : factor;

    // Like terms: the same factors after the coefficient (2*x*y and x*y), what the general path groups by.
    private static bool SameRest(Expr a, Expr b)
    {
        var ra = ExprOrder.WithoutCoefficient(in a, out _);
        var rb = ExprOrder.WithoutCoefficient(in b, out _);
        if (ra.Length != rb.Length) return false;
        for (var i = 0; i < ra.Length; i++)
            if (!ra[i].Equals(rb[i])) return false;
        return true;
    }

    // The first index from `first` on whose item the order puts after `item` (items are sorted, none equal to it).
    private static int InsertionPoint(ReadOnlySpan<Expr> items, int first, Expr item, IComparer<Expr> order)
    {
        var (low, high) = (first, items.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (order.Compare(items[middle], item) < 0) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private static System.Collections.Immutable.ImmutableArray<Expr> Inserted(ReadOnlySpan<Expr> items, int at, Expr item)
    {
        var result = new Expr[items.Length + 1];
        items[..at].CopyTo(result);
        result[at] = item;
        items[at..].CopyTo(result.AsSpan(at + 1));
        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }
}
