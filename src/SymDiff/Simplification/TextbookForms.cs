using System.Collections.Immutable;
using SymDiff.Expressions;
using SymDiff.Numbers;

namespace SymDiff.Simplification;

/// <summary>
/// The forms a textbook writes a sum in, tried as candidates for one <see cref="Add"/> node: expanded and collected
/// (products of sums multiplied out, non-polynomial subterms such as sigmoid(w*x + b) kept whole as atoms, like
/// terms merged by the factory), factored (the factors every term shares pulled out: x*s - x*y = x*(s - y)), and
/// over a common denominator (1 - exp(a)/(exp(a) + exp(b)) = exp(b)/(exp(a) + exp(b))). <see cref="Smallest"/>
/// returns the candidate of least <see cref="Cost"/>, or null when none is smaller than the sum itself.
/// </summary>
/// <remarks>
/// Every candidate is an identity wherever the sum is defined. Pulling a factor out and cancelling it against a
/// denominator goes through <see cref="ExprFactory.Mul(System.ReadOnlySpan{Expr})"/>, which merges x*x^-1 into 1:
/// the canonical form's policy (it may extend the domain of a derivative; values and domains are always taken from
/// the written function). Bounded so big gradients stay fast: sums of at most <see cref="MaxTerms"/> terms and
/// <see cref="MaxTreeSize"/> printed nodes, at most
/// <see cref="MaxExpandedTerms"/> terms after expansion, powers of sums expanded up to <see cref="MaxExpandedPower"/>.
/// </remarks>
/// <example><code>TextbookForms.Smallest(sum, factory); // x*s*(1 - y) - x*y*(1 - s) gives x*(s - y)</code></example>
public static class TextbookForms
{
    public const int MaxTerms = 12;
    /// <summary>Sums larger than this when printed are left alone: their candidates cost more than they save
    /// (a product rule over 30 factors, a deep chain), and no textbook prints them anyway.</summary>
    public const long MaxTreeSize = 400;
    public const int MaxExpandedTerms = 16;
    public const int MaxExpandedPower = 3;
    // A factored remainder or a combined numerator is itself a sum worth one more round (x*(s*(1 - y) - y*(1 - s))
    // is x*(s - y) only once the remainder is expanded); one level is enough and keeps the work linear.
    private const int Depth = 1;

    /// <summary>The smallest textbook form of <paramref name="e"/> (an <see cref="Add"/>), or null when none is smaller.</summary>
    public static Expr? Smallest(Expr e, ExprFactory f)
    {
        // No HasCandidate here: the rule's screen has run it, and Best finds no candidate by itself anyway.
        if (e is not Add sum || !WithinBounds(sum)) return null;
        var best = Best(sum, f, Depth);
        return ReferenceEquals(best, sum) ? null : best;
    }

    // A sum holding an undefined constant (x + 0/0) keeps its form: its terms are not numbers to be combined.
    private static bool WithinBounds(Add sum) =>
        sum.Terms.Length <= MaxTerms && sum.TreeSize <= MaxTreeSize && !sum.ContainsUndefinedConstant;

    /// <summary>
    /// False when <see cref="Smallest"/> surely returns null, found without building anything: the sum is out of
    /// bounds, or it has no candidate at all (nothing to multiply out, no factor every term shares, no term that
    /// divides). Most sums in a derivative are like that (2*x + 2), and building candidates only to drop them was
    /// the dearest part of simplification.
    /// </summary>
    public static bool HasCandidate(Expr e)
    {
        if (e is not Add sum || !WithinBounds(sum)) return false;
        return MayExpand(sum) || MayHaveCommonDenominator(sum) || SharesFactor(sum);
    }

    // Expand's first test: a product of sums to open. Its term count is left to Expand (counting walks every nested
    // sum; counting twice cost more than the screen saves, prod30).
    private static bool MayExpand(Add sum)
    {
        foreach (var term in sum.Terms)
            if (HasSumFactor(term)) return true;
        return false;
    }

    // Factor's test, without building: some factor of the first term that every other term holds at a shared power.
    private static bool SharesFactor(Add sum)
    {
        var terms = sum.Terms;
        foreach (var x in terms[0] is Mul m ? m.Factors : [terms[0]])
            if (x is not Num && IsShared(terms, x, out _, out _)) return true;
        return false;
    }

    // Whether every other term holds the base of x (a factor of the first term), and the power all of them share: the
    // lowest, see TryLowerPower. A bare factor is its base to the power 1, written null.
    private static bool IsShared(ImmutableArray<Expr> terms, Expr x, out Expr @base, out Expr? power)
    {
        (@base, power) = x is Pow p ? (p.Base, p.Exponent) : (x, null);
        for (var i = 1; i < terms.Length; i++)
            if (!TryPowerOf(terms[i], @base, out var other) || !TryLowerPower(ref power, other)) return false;
        return true;
    }

    // The exponent base b has in term (null for a bare factor); false when the term does not hold it.
    private static bool TryPowerOf(Expr term, Expr b, out Expr? power)
    {
        foreach (var x in term is Mul m ? m.Factors : [term])
        {
            if (x is Num) continue;
            if (x is Pow p ? p.Base.Equals(b) : x.Equals(b))
            {
                power = (x as Pow)?.Exponent;
                return true;
            }
        }
        power = null;
        return false;
    }

    // The power two terms both hold, null standing for 1: the lower of two numeric exponents of one sign (x^2 and x^3
    // share x^2, 1/x^2 and 1/x share 1/x), or the exponent itself when both are equal (x^n and x^n). The running power
    // becomes it; false when they share none.
    private static bool TryLowerPower(ref Expr? running, Expr? other)
    {
        Rational? a = running is null ? Rational.One : (running as Num)?.Value;
        Rational? b = other is null ? Rational.One : (other as Num)?.Value;
        if (a is { } x && b is { } y)
        {
            if (x.Sign != y.Sign) return false;
            if (x.Sign > 0 ? y < x : y > x) running = other;
            return true;
        }
        return a is null && b is null && running!.Equals(other);
    }

    // CommonDenominator's first loop, in place: a term that divides, and at most one that does not.
    private static bool MayHaveCommonDenominator(Add sum)
    {
        var (divides, whole) = (false, 0);
        foreach (var term in sum.Terms)
        {
            var d = false;
            foreach (var factor in term is Mul m ? m.Factors : [term])
                d |= factor is Pow { Exponent: Num { Value.IsNegative: true } } p && p.Base is not Num;
            if (!d && ++whole > 1) return false;
            divides |= d;
        }
        return divides;
    }

    private static Expr Best(Add sum, ExprFactory f, int depth)
    {
        Expr best = sum;
        void Consider(Expr? candidate)
        {
            if (candidate is not null && Cost.Of(candidate) < Cost.Of(best)) best = candidate;
        }

        // On a tie the factored form wins (considered first): s*(1 - s), as the table writes sigmoid', not s - s^2.
        var expanded = Expand(sum, f);
        Consider(Factor(sum, f, depth));
        if (expanded is Add expandedSum) Consider(Factor(expandedSum, f, depth));
        if (CommonDenominator(sum, f) is var (numerator, denominator))
            Consider(f.Mul([Refine(numerator, f, depth), .. denominator]));
        Consider(expanded);
        return best;
    }

    // A part built from a candidate (a remainder, a numerator), itself put in its best form while depth lasts.
    private static Expr Refine(Expr part, ExprFactory f, int depth) =>
        depth > 0 && part is Add sum && sum.Terms.Length <= MaxTerms ? Best(sum, f, depth - 1) : part;

    // ---- expanded and collected ----

    /// <summary>The sum with every product of sums multiplied out, or null when nothing expands or it grows past the bound.</summary>
    public static Expr? Expand(Add sum, ExprFactory f)
    {
        if (!sum.Terms.Any(HasSumFactor)) return null;
        // PERF: count the terms first; building products only to drop them past the bound cost more than the
        // rest of the simplification (a product rule over 30 factors opens 2^7 products at one node).
        var count = 0L;
        foreach (var term in sum.Terms)
            if ((count += Count(term, MaxExpandedTerms)) > MaxExpandedTerms) return null;
        var terms = new List<Expr>();
        foreach (var term in sum.Terms)
        {
            if (ExpandTerm(term, f, MaxExpandedTerms - terms.Count) is not { } parts) return null;
            terms.AddRange(parts);
        }
        var expanded = f.Add(terms);
        // Multiplying out s*(1 - s)*(2*s - y) into powers of a call (22*s^2 - 24*s^3 ...) cancels in floating point
        // where s is near 1 (a saturated sigmoid): values must not get worse for a shorter print, so not that.
        return expanded is Add e && HighestCallPower(e) > HighestCallPower(sum) ? null : expanded;
    }

    private static Rational HighestCallPower(Add sum)
    {
        var highest = Rational.Zero;
        foreach (var term in sum.Terms)
            foreach (var factor in term is Mul m ? m.Factors : [term])
            {
                if (factor is Call) highest = highest > Rational.One ? highest : Rational.One;
                else if (factor is Pow { Base: Call, Exponent: Num n } && n.Value > highest) highest = n.Value;
            }
        return highest;
    }

    // How many terms multiplying out gives before collecting (at most a little past the limit: it stops there).
    private static long Count(Expr term, long limit)
    {
        var factors = term is Mul m ? m.Factors : [term];
        var count = 1L;
        foreach (var factor in factors)
        {
            var parts = factor switch
            {
                Add a => CountTerms(a, limit),
                Pow { Base: Add b, Exponent: Num n } when IsExpandablePower(factor) => (long)Math.Pow(Math.Min(Count(b, limit), limit + 1), (int)n.Value.Numerator),
                _ => 1,
            };
            count = Math.Min(count * Math.Min(parts, limit + 1), limit + 1);
            if (count > limit) return count;
        }
        return count;
    }

    private static long CountTerms(Add a, long limit)
    {
        var total = 0L;
        foreach (var t in a.Terms) total += Count(t, limit);
        return total;
    }

    private static bool HasSumFactor(Expr term)
    {
        if (term is not Mul m) return IsExpandablePower(term);
        foreach (var x in m.Factors)
            if (x is Add || IsExpandablePower(x)) return true;
        return false;
    }

    private static bool IsExpandablePower(Expr e) =>
        e is Pow { Base: Add, Exponent: Num { Value: { IsInteger: true, Sign: > 0 } n } } && n.Numerator <= MaxExpandedPower;

    // The terms of one product multiplied out: (a + b)*(c + d)*x gives a*c*x, a*d*x, b*c*x, b*d*x. Only sums that
    // are factors are opened (and, recursively, the sums inside their terms); arguments of calls are atoms.
    private static List<Expr>? ExpandTerm(Expr term, ExprFactory f, int limit)
    {
        var factors = term is Mul m ? m.Factors : [term];
        var products = new List<Expr> { f.One };
        foreach (var factor in factors)
        {
            List<Expr>? parts = factor switch
            {
                Add a => ExpandSum(a, f, limit),
                Pow { Base: Add b, Exponent: Num n } when IsExpandablePower(factor) => Power(b, (int)n.Value.Numerator, f, limit),
                _ => [factor],
            };
            if (parts is null || (long)products.Count * parts.Count > limit) return null;
            products = [.. products.SelectMany(p => parts.Select(q => Product(p, q, f)))];
        }
        return products;
    }

    // p*q with exponentials merged (exp(a)*exp(-a) = 1), so terms that cancel once multiplied out do cancel.
    private static Expr Product(Expr p, Expr q, ExprFactory f)
    {
        var product = f.Mul(p, q);
        return product is Mul && Rules.ExpProduct(product, f) is { } merged ? merged : product;
    }

    private static List<Expr>? ExpandSum(Add sum, ExprFactory f, int limit)
    {
        var parts = new List<Expr>();
        foreach (var t in sum.Terms)
        {
            if (ExpandTerm(t, f, limit - parts.Count) is not { } each) return null;
            parts.AddRange(each);
        }
        return parts;
    }

    private static List<Expr>? Power(Add b, int n, ExprFactory f, int limit)
    {
        var terms = ExpandSum(b, f, limit);
        if (terms is null) return null;
        var products = new List<Expr> { f.One };
        for (var i = 0; i < n; i++)
        {
            if ((long)products.Count * terms.Count > limit) return null;
            // Collected after each round, so (1 - s)^3 has 4 terms, not 8.
            var next = f.Add([.. products.SelectMany(p => terms.Select(q => Product(p, q, f)))]);
            products = next is Add a ? [.. a.Terms] : [next];
        }
        return products;
    }

    // ---- factored ----

    /// <summary>
    /// The factors every term shares pulled out (with the lowest power each term holds, and the numbers and sign the
    /// remainder's terms share): x^2*s*y + x*s = x*s*(x*y + 1). Null when the terms share no factor.
    /// </summary>
    public static Expr? Factor(Add sum, ExprFactory f, int depth = 0)
    {
        var terms = sum.Terms;
        // The factors of the first term whose base every term holds, each at the power they all share.
        var pulled = new List<Expr>();
        foreach (var x in terms[0] is Mul m ? m.Factors : [terms[0]])
            if (x is not Num && IsShared(terms, x, out var b, out var power)) pulled.Add(power is null ? b : f.Pow(b, power));
        if (pulled.Count == 0) return null;

        var inverse = pulled.Select(p => f.Pow(p, f.MinusOne)).ToArray();
        var rest = Refine(f.Add(terms.Select(t => f.Mul([t, .. inverse]))), f, depth);
        // The numbers every term of the remainder shares come out too (x*(4*s - 2*y) = 2*x*(2*s - y)); on their own
        // they would not, the factory distributes a number over a single sum.
        if (rest is Add remainder && Content(remainder, f) is { IsInteger: true, IsOne: false } content)
        {
            pulled.Add(f.Number(content));
            rest = f.Mul(f.Number(content.Reciprocal()), rest);
        }
        return f.Mul([.. pulled, rest]);
    }

    // The largest rational that divides every coefficient, negative when every term is: 4*s - 6*y gives 2,
    // -2*s - 4*y gives -2.
    private static Rational Content(Add sum, ExprFactory f)
    {
        var numerator = System.Numerics.BigInteger.Zero;
        var denominator = System.Numerics.BigInteger.One;
        var negative = true;
        foreach (var t in sum.Terms)
        {
            var c = f.SplitCoefficient(t).Coefficient;
            if (c.IsZero) return Rational.One; // 0 times an undefined constant (0*(1/0)) shares nothing
            numerator = System.Numerics.BigInteger.GreatestCommonDivisor(numerator, c.Numerator);
            denominator = denominator / System.Numerics.BigInteger.GreatestCommonDivisor(denominator, c.Denominator) * c.Denominator;
            negative &= c.IsNegative;
        }
        var content = Rational.Create(numerator, denominator);
        return negative ? -content : content;
    }

    // ---- common denominator ----

    /// <summary>
    /// The sum over the product of its denominators, each base with the highest power any term divides by:
    /// a/d + b/d^2 = (a*d + b)/d^2. Null when no term divides, or more than one term does not.
    /// </summary>
    public static (Expr Numerator, Expr[] Denominator)? CommonDenominator(Add sum, ExprFactory f)
    {
        List<(Expr Base, Rational Power)>? denominators = null;
        var whole = 0; // terms that divide by nothing
        foreach (var term in sum.Terms)
        {
            // PERF: read the factors in place; most sums divide by nothing, and every sum is tried.
            var factors = term is Mul m ? m.Factors : [term];
            var divides = false;
            foreach (var factor in factors)
            {
                if (factor is not Pow { Base: var b, Exponent: Num { Value.IsNegative: true } n } || b is Num) continue;
                divides = true;
                denominators ??= [];
                var at = denominators.FindIndex(d => d.Base.Equals(b));
                if (at < 0) denominators.Add((b, -n.Value));
                else if (-n.Value > denominators[at].Power) denominators[at] = (b, -n.Value);
            }
            // A sum of fractions, or one whole and fractions (1 - p), is one fraction in a textbook; y*z + cos(y) + 2*x/s
            // is not, and building its numerator only to drop it is the dearest candidate of all.
            if (!divides && ++whole > 1) return null;
        }
        if (denominators is null) return null;
        var times = denominators.Select(d => f.Pow(d.Base, f.Number(d.Power))).ToArray();
        var numerator = f.Add(sum.Terms.Select(t => f.Mul([t, .. times])));
        return (numerator, [.. denominators.Select(d => f.Pow(d.Base, f.Number(-d.Power)))]);
    }
}
