using System.Runtime.CompilerServices;

namespace SymDiff.Expressions;

/// <summary>
/// Total orders on canonical expressions. They make construction deterministic (so golden strings are stable)
/// and put terms and factors in the order a person writes them: <c>x^2 + 2*x + 1</c>, <c>2*x*cos(x^2)</c>.
/// </summary>
/// <example><code>terms.Sort(ExprOrder.Terms);</code></example>
public static class ExprOrder
{
    /// <summary>Kind rank (numbers, variables, calls, powers, products, sums), then content.</summary>
    public static IComparer<Expr> General { get; } = Comparer<Expr>.Create(Compare);

    /// <summary>Sum terms: higher polynomial degree first, then by the term without its coefficient.</summary>
    public static IComparer<Expr> Terms { get; } = Comparer<Expr>.Create(CompareTerms);

    /// <summary>Product factors: by base, then by exponent, so x^2*y and x*y^2 sort alike.</summary>
    public static IComparer<Expr> Factors { get; } = Comparer<Expr>.Create(CompareFactors);

    public static int Compare(Expr a, Expr b)
    {
        if (ReferenceEquals(a, b)) return 0;
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var byKind = ((int)a.Kind).CompareTo((int)b.Kind);
        if (byKind != 0) return byKind;
        switch (a, b)
        {
            case (Num x, Num y): return x.Value.CompareTo(y.Value);
            case (Sym x, Sym y): return NaturalCompare(x.Name, y.Name);
            case (Call x, Call y):
                var byName = string.CompareOrdinal(x.Function.Name, y.Function.Name);
                if (byName != 0) return byName;
                break;
        }
        // PERF: the cached depth decides most comparisons of deep nodes without recursing (sin(sin(...)) chains
        // made sorting cubic); equal nodes have equal depths, so the order stays total and deterministic.
        var byDepth = a.Depth.CompareTo(b.Depth);
        if (byDepth != 0) return byDepth;
        return (a, b) switch
        {
            (Pow x, Pow y) => FirstNonZero(Compare(x.Base, y.Base), Compare(x.Exponent, y.Exponent)),
            _ => CompareLists(a.Children.AsSpan(), b.Children.AsSpan()),
        };
    }

    private static int CompareTerms(Expr a, Expr b)
    {
        if (ReferenceEquals(a, b)) return 0;
        var byDegree = Degree(b).CompareTo(Degree(a));
        if (byDegree != 0) return byDegree;
        // Compare the factors after the coefficient, then the coefficients, without allocating (PERF: sorting
        // 10^5 terms allocated a one-element array per comparison).
        var fa = WithoutCoefficient(in a, out var ca);
        var fb = WithoutCoefficient(in b, out var cb);
        for (var i = 0; i < fa.Length && i < fb.Length; i++)
        {
            var c = Compare(fa[i], fb[i]);
            if (c != 0) return c;
        }
        var byLength = fa.Length.CompareTo(fb.Length);
        return byLength != 0 ? byLength : ca.CompareTo(cb);
    }

    // A term's factors after its coefficient, and the coefficient (1 when there is none).
    internal static ReadOnlySpan<Expr> WithoutCoefficient(ref readonly Expr e, out Numbers.Rational coefficient)
    {
        coefficient = Numbers.Rational.One;
        if (e is not Mul m) return new ReadOnlySpan<Expr>(in e);
        if (m.Factors[0] is not Num c) return m.Factors.AsSpan();
        coefficient = c.Value;
        return m.Factors.AsSpan()[1..];
    }

    private static int CompareFactors(Expr a, Expr b)
    {
        if (ReferenceEquals(a, b)) return 0;
        var (ba, ea) = a is Pow p ? (p.Base, p.Exponent) : (a, null);
        var (bb, eb) = b is Pow q ? (q.Base, q.Exponent) : (b, null);
        var byBase = Compare(ba, bb);
        if (byBase != 0) return byBase;
        if (ea is null || eb is null) return (ea is null ? 0 : 1) - (eb is null ? 0 : 1);
        return Compare(ea, eb);
    }

    /// <summary>Polynomial degree of a term, counting any non-polynomial factor as degree 1.</summary>
    public static double Degree(Expr e)
    {
        if (double.IsNaN(e.CachedDegree)) e.CachedDegree = ComputeDegree(e);
        return e.CachedDegree;
    }

    private static double ComputeDegree(Expr e) => e switch
    {
        Num => 0,
        Sym or Call => e.IsConstant ? 0 : 1,
        Pow { Exponent: Num n } p => Degree(p.Base) * n.Value.ToDouble(),
        Pow p => p.IsConstant ? 0 : 1,
        Mul m => SumOfDegrees(m.Factors),
        Add a => MaxDegree(a.Terms),
        _ => 0,
    };

    private static double SumOfDegrees(System.Collections.Immutable.ImmutableArray<Expr> factors)
    {
        var sum = 0.0;
        foreach (var f in factors) sum += Degree(f);
        return sum;
    }

    private static double MaxDegree(System.Collections.Immutable.ImmutableArray<Expr> terms)
    {
        // As Enumerable.Max: NaN only when every degree is NaN.
        var max = double.NaN;
        foreach (var t in terms)
            if (Degree(t) is var d && (double.IsNaN(max) || d > max)) max = d;
        return max;
    }

    private static int CompareLists(ReadOnlySpan<Expr> a, ReadOnlySpan<Expr> b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }

    private static int FirstNonZero(int a, int b, int c = 0) => a != 0 ? a : b != 0 ? b : c;

    /// <summary>Orders names as a person counts: w2 before w10.</summary>
    public static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                // PERF: spans, not substrings: sorting x1 + ... + x100000 compared names 1.7 million times.
                var da = a.AsSpan(si, i - si).TrimStart('0');
                var db = b.AsSpan(sj, j - sj).TrimStart('0');
                var c = da.Length != db.Length ? da.Length.CompareTo(db.Length) : da.SequenceCompareTo(db);
                if (c != 0) return c;
            }
            else
            {
                if (a[i] != b[j]) return a[i].CompareTo(b[j]);
                i++; j++;
            }
        }
        var byLength = (a.Length - i).CompareTo(b.Length - j);
        return byLength != 0 ? byLength : string.CompareOrdinal(a, b);
    }
}
