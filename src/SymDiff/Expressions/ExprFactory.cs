using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using SymDiff.Functions;
using SymDiff.Numbers;

namespace SymDiff.Expressions;

/// <summary>
/// Builds every node and keeps it canonical, so equal expressions are equal objects (with interning) or at
/// least structurally equal. Invariants, established here and nowhere else:
/// <list type="bullet">
/// <item>Add: at least 2 terms, no nested Add, no zero terms, like terms merged (2*x + 3*x = 5*x); the numeric
/// term first, the rest sorted by <see cref="ExprOrder.Terms"/>.</item>
/// <item>Mul: at least 2 factors, no nested Mul, no 1s, a 0 makes the whole product 0; equal bases merged into
/// one power (x*x^2 = x^3); the numeric coefficient first, the rest sorted by <see cref="ExprOrder.Factors"/>;
/// a number times a single sum is distributed (2*(x + 1) = 2*x + 2).</item>
/// <item>Pow: x^0 = 1, x^1 = x, 1^x = 1, rational^rational folded when exact and cheap (4^(1/2) = 2, 8^(1/3) = 2),
/// (x^a)^n = x^(a*n) and (x*y)^n = x^n*y^n only for integer n, exp(a)^b = exp(a*b); 0^-n (n &gt; 0) is 1/0, and so
/// is c^-n for any constant c that is 0.</item>
/// <item>a - b is a + (-1)*b and a/b is a*b^-1; sqrt(x) is x^(1/2).</item>
/// <item>Call: the row's <see cref="FunctionInfo.Canonicalize"/> identities (sin(0) = 0, log(exp(x)) = x, ...).</item>
/// <item>Constants are honest (issue 8): an undefined constant (<see cref="Expr.IsUndefinedConstant"/>: 0^-n, a
/// negative base with a non-integer exponent, a function outside its real domain) is never folded into a defined
/// value. Every rule above yields to this one: 0 times it stays a product (0/0 is 0*0^-1, printed 0/0), like terms
/// holding it that cancel stay (1/0 - 1/0), powers of it stay as written ((1/0)^0, ((-8)^(1/3))^3, 1/(1/0)), and so
/// do products whose merged power would be defined ((-8)^(1/2)*(-8)^(1/2)). (-8)^(1/3) is not -2: PyTorch's
/// real-valued rule, under which x^(1/3) is NaN at x = -8, applies to constants too.</item>
/// </list>
/// Construction is O(n log n) in the number of children (issue 8: sums of 10^5 terms): like terms and equal bases
/// are grouped by hash, numeric coefficients summed in balanced pairs (<see cref="Rational.Sum"/>).
/// One factory owns one intern table; it is thread-safe and can be dropped after an operation (interning:
/// <see cref="ExprFactory"/>.Interning.cs).
/// </summary>
/// <example><code>var f = new ExprFactory();
/// var x = f.Symbol("x");
/// var e = f.Add(f.Mul(f.Number(2), x), f.Mul(f.Number(3), x)); // 5*x</code></example>
public sealed partial class ExprFactory
{
    /// <summary>The constant π, <c>pi()</c>.</summary>
    public Expr Pi => Fn("pi");

    /// <summary>Euler's number, <c>exp(1)</c>.</summary>
    public Expr E => Fn("exp", One);

    /// <summary>-a, canonical: <c>(-1)*a</c>.</summary>
    public Expr Neg(Expr a) => Mul(MinusOne, a);

    /// <summary>a - b, canonical: <c>a + (-1)*b</c>.</summary>
    public Expr Sub(Expr a, Expr b) => Add(a, Neg(b));

    /// <summary>a / b, canonical: <c>a*b^-1</c>.</summary>
    public Expr Div(Expr a, Expr b) => Mul(a, Pow(b, MinusOne));

    /// <summary>The square root, canonical: <c>a^(1/2)</c>.</summary>
    public Expr Sqrt(Expr a) => Pow(a, Rational.Half);

    /// <summary><paramref name="base"/> to the exact power <paramref name="exponent"/>.</summary>
    public Expr Pow(Expr @base, Rational exponent) => Pow(@base, Number(exponent));

    /// <summary>The canonical sum of <paramref name="terms"/> (one term is itself; none is 0).</summary>
    public Expr Add(IEnumerable<Expr> terms) => Add([.. terms]);

    /// <summary>The canonical sum of <paramref name="terms"/>: flattened, like terms merged, sorted.</summary>
    public Expr Add(params ReadOnlySpan<Expr> terms)
    {
        if (terms.Length == 1) return terms[0];
        if (terms.Length == 2 && TryAddPair(terms[0], terms[1]) is { } pair) return pair;
        if (terms.Length is > 2 and <= 4 && Nontrivial(terms, sum: true, out var t0, out var t1) is var kept and <= 2)
            return kept switch { 0 => Zero, 1 => t0!, _ => Add(t0!, t1!) };
        List<Rational>? constants = null;
        var like = new Groups<Rational>(terms.Length);

        void Accumulate(Expr term)
        {
            switch (term)
            {
                case Add nested:
                    foreach (var t in nested.Terms) Accumulate(t);
                    break;
                case Num n:
                    if (!n.Value.IsZero) (constants ??= []).Add(n.Value);
                    break;
                default:
                    var (c, rest) = SplitCoefficient(term);
                    like.Add(rest, term, c);
                    break;
            }
        }

        foreach (var t in terms) Accumulate(t);

        var result = new List<Expr>(like.Count + 1);
        for (var i = 0; i < like.Count; i++)
        {
            ref var group = ref like[i];
            if (group.More is null) { result.Add(group.First); continue; } // seen once: already canonical
            var c = Rational.Sum(CollectionsMarshal.AsSpan(group.More));
            // Like terms that cancel vanish, unless they hold an undefined constant: 1/0 - 1/0 stays (issue 8).
            if (c.IsZero) { if (group.Undefined) result.AddRange(group.Originals!); }
            else result.Add(c.IsOne ? group.Key : WithCoefficient(c, group.Key));
        }
        SortNearlySorted(result, ExprOrder.Terms);
        var constant = Rational.Sum(CollectionsMarshal.AsSpan(constants));
        if (!constant.IsZero) result.Insert(0, Number(constant));
        return result.Count switch
        {
            0 => Zero,
            1 => result[0],
            _ => Intern(new Add([.. result])),
        };
    }

    /// <summary>The canonical product of <paramref name="factors"/> (one factor is itself; none is 1).</summary>
    public Expr Mul(IEnumerable<Expr> factors) => Mul([.. factors]);

    /// <summary>The canonical product of <paramref name="factors"/>: flattened, equal bases merged, sorted.</summary>
    public Expr Mul(params ReadOnlySpan<Expr> factors)
    {
        if (factors.Length == 1) return factors[0];
        // PERF: a number times a single factor that is not a number, product or sum (2*x, x/3, -sin(x)): nothing
        // to merge or sort.
        if (factors.Length == 2 && (factors[0] as Num ?? factors[1] as Num) is { } c)
        {
            var single = ReferenceEquals(c, factors[0]) ? factors[1] : factors[0];
            if (single is Num other) return Number(c.Value * other.Value);
            if (single is not (Expressions.Mul or Expressions.Add))
                return c.Value.IsZero ? (single.ContainsUndefinedConstant ? Intern(new Mul([c, single])) : Zero)
                    : c.Value.IsOne ? single
                    : Intern(new Mul([c, single]));
        }
        if (factors.Length == 2 && TryMulPair(factors[0], factors[1]) is { } pair) return pair;
        if (factors.Length is > 2 and <= 4 && Nontrivial(factors, sum: false, out var f0, out var f1) is var kept and <= 2)
            return kept switch { 0 => One, 1 => f0!, _ => Mul(f0!, f1!) };
        List<Rational>? numbers = null;
        var zero = false;
        var bases = new Groups<Expr>(factors.Length);
        List<Expr>? undefined = null; // every factor that contains an undefined constant, for 0*...

        void Accumulate(Expr factor)
        {
            switch (factor)
            {
                case Mul nested:
                    foreach (var f in nested.Factors) Accumulate(f);
                    break;
                case Num n:
                    if (n.Value.IsZero) zero = true;
                    else if (!n.Value.IsOne) (numbers ??= []).Add(n.Value);
                    break;
                default:
                    if (factor.ContainsUndefinedConstant) (undefined ??= []).Add(factor);
                    if (factor is Pow p) bases.Add(p.Base, factor, p.Exponent);
                    else bases.Add(factor, factor, One);
                    break;
            }
        }

        foreach (var f in factors) Accumulate(f);
        if (zero) return ZeroTimes(undefined);
        var coefficient = Rational.Product(CollectionsMarshal.AsSpan(numbers));

        var result = new List<Expr>(bases.Count + 1);
        var remerge = false;
        for (var i = 0; i < bases.Count; i++)
        {
            ref var group = ref bases[i];
            // A base seen once keeps its (already canonical) factor; merged bases get a new power.
            var merged = group.More is null ? group.First : Pow(group.Key, Add(CollectionsMarshal.AsSpan(group.More)));
            // Unless merging would define the undefined: (-8)^(1/2)*(-8)^(1/2) is not (-8)^1 (issue 8).
            if (group.Undefined && !merged.ContainsUndefinedConstant) { result.AddRange(group.Originals!); continue; }
            switch (merged)
            {
                case Num n: coefficient *= n.Value; break;
                case Mul m: result.AddRange(m.Factors); remerge = true; break;
                default: result.Add(merged); break;
            }
        }
        if (coefficient.IsZero) return ZeroTimes(undefined);
        if (remerge)
        {
            // A merged power expanded into a product ((2*x)^2 = 4*x^2): merge once more, it cannot expand again.
            result.Add(Number(coefficient));
            return Mul([.. result]);
        }

        SortNearlySorted(result, ExprOrder.Factors);
        if (result.Count == 0) return Number(coefficient);
        if (coefficient.IsOne) return result.Count == 1 ? result[0] : Intern(new Mul([.. result]));
        if (result.Count == 1 && result[0] is Add sum)
        {
            // c*(a + b) = c*a + c*b: a number times a single sum is distributed, as SymPy does.
            var distributed = new Expr[sum.Terms.Length];
            for (var i = 0; i < distributed.Length; i++) distributed[i] = Mul(Number(coefficient), sum.Terms[i]);
            return Add(distributed);
        }
        result.Insert(0, Number(coefficient));
        return Intern(new Mul([.. result]));
    }

    // PERF: the children mostly arrive sorted (a canonical product or sum extended by one factor or term: each level
    // of the chain rule on sin(sin(...)) adds one cosine to a product of hundreds), so one pass that finds them
    // sorted, or sorted but for the first or last one, and a binary insertion replace the sort there.
    private static void SortNearlySorted(List<Expr> items, IComparer<Expr> order)
    {
        var n = items.Count;
        if (n < 2) return;
        var descents = 0;
        var at = 0;
        for (var i = 1; i < n && descents < 2; i++)
            if (order.Compare(items[i - 1], items[i]) > 0) { descents++; at = i; }
        if (descents == 0) return;
        if (descents == 1 && (at == 1 || at == n - 1))
        {
            // One descent, after the first item or before the last: the others are sorted, that one is out of place.
            var index = at == 1 ? 0 : n - 1;
            var item = items[index];
            items.RemoveAt(index);
            var position = items.BinarySearch(item, order);
            items.Insert(position < 0 ? ~position : position, item);
            return;
        }
        items.Sort(order);
    }

    // 0*x = 0 for every defined x (the canonical form may drop x's domain: 0*log(x) is 0), but 0 times an undefined
    // constant stays undefined: 0/0 is 0*0^-1, printed 0/0, not 0 (issue 8).
    private Expr ZeroTimes(List<Expr>? undefined)
    {
        if (undefined is null) return Zero;
        undefined.Sort(ExprOrder.Factors);
        return Intern(new Mul([Zero, .. undefined]));
    }

    // Terms (or factors) grouped by what they share: a sum's terms by the term without its coefficient (values:
    // the coefficients), a product's factors by their base (values: the exponents). Groups keep the order of first
    // appearance, and one seen once keeps its original node, which is canonical already.
    // PERF: a dictionary only past a few groups (most products and sums are short, and it cost more than the rest);
    // sized from the number of children when there are many (growing a list of 10^5 groups copied it 17 times).
    private struct Groups<T>(int children)
    {
        private const int LinearSearchLimit = 8;
        private Dictionary<Expr, int>? _index;
        private readonly List<Group> _groups = children > LinearSearchLimit ? new(children) : [];

        public readonly int Count => _groups.Count;
        public readonly ref Group this[int i] => ref CollectionsMarshal.AsSpan(_groups)[i];

        private readonly int Find(Expr key)
        {
            if (_index is not null) return _index.TryGetValue(key, out var found) ? found : -1;
            for (var i = 0; i < _groups.Count; i++)
                if (_groups[i].Key.Equals(key)) return i;
            return -1;
        }

        public void Add(Expr key, Expr original, T value)
        {
            if (Find(key) is var i and >= 0)
            {
                ref var group = ref this[i];
                (group.More ??= [group.FirstValue]).Add(value);
                (group.Originals ??= [group.First]).Add(original);
                group.Undefined |= original.ContainsUndefinedConstant;
            }
            else
            {
                _index?.Add(key, _groups.Count);
                _groups.Add(new Group { Key = key, First = original, FirstValue = value, Undefined = original.ContainsUndefinedConstant });
                if (_index is null && _groups.Count > LinearSearchLimit)
                {
                    _index = new Dictionary<Expr, int>(Math.Max(children, 2 * _groups.Count));
                    for (var k = 0; k < _groups.Count; k++) _index.Add(_groups[k].Key, k);
                }
            }
        }

        public struct Group
        {
            public Expr Key;
            public Expr First;
            public T FirstValue;
            public List<T>? More;          // every value, the first included, once the key is seen twice
            public List<Expr>? Originals;  // every node, likewise: what stays when merging would define the undefined
            public bool Undefined;         // some node of the group contains an undefined constant
        }
    }

    /// <summary>The canonical power <paramref name="base"/>^<paramref name="exponent"/>.</summary>
    public Expr Pow(Expr @base, Expr exponent)
    {
        if (exponent is Num { Value.IsOne: true }) return @base;
        var folded = FoldPow(@base, exponent);
        // An undefined constant is never folded into a defined value (issue 8): (1/0)^0, 1^log(-1) and
        // ((-8)^(1/3))^3 stay as written; (u^(1/2))^-1 = u^(-1/2) still holds for an undefined u.
        if (folded.ContainsUndefinedConstant || !(@base.ContainsUndefinedConstant || exponent.ContainsUndefinedConstant))
            return folded;
        // (1/0)^-n has one form, 1/(1/0), as 0^-n has one form, 1/0: printing and parsing stay in step.
        if (@base is Pow inner && IsZeroConstant(inner.Base) && exponent is Num { Value: { IsNegative: true, IsInteger: true } })
            exponent = MinusOne;
        return Intern(new Pow(@base, exponent));
    }

    private Expr FoldPow(Expr @base, Expr exponent)
    {
        if (exponent is Num e)
        {
            if (e.Value.IsZero) return One;
            if (@base is Num b && FoldNumericPower(b.Value, e.Value) is { } folded) return Number(folded);
            // 0^-n is a division by zero for every n > 0; one form (1/0) keeps printing and parsing in step. The same
            // for a constant that is 0 (sin(0)^-2 is 1/sin(0)).
            if (IsZeroConstant(@base) && e.Value.IsNegative && !e.Value.IsMinusOne) return Pow(@base, MinusOne);
            if (e.Value.IsInteger)
            {
                // (x^a)^n = x^(a*n) and (x*y)^n = x^n*y^n hold for integer n only: (x^2)^(1/2) is |x|, not x.
                if (@base is Pow inner) return Pow(inner.Base, Mul(inner.Exponent, exponent));
                if (@base is Mul product)
                {
                    var powered = new Expr[product.Factors.Length];
                    for (var i = 0; i < powered.Length; i++) powered[i] = Pow(product.Factors[i], exponent);
                    return Mul(powered);
                }
            }
        }
        if (@base is Num { Value.IsOne: true }) return One;
        // exp(a)^b = exp(a*b) for every real a and b, and e^x becomes exp(x).
        if (@base is Call { Function.Name: "exp" } exp) return Fn("exp", Mul(exp.Args[0], exponent));
        return Intern(new Pow(@base, exponent));
    }

    private static bool IsZeroConstant(Expr e) => e is Num n ? n.Value.IsZero : e.IsConstant && e.Facts.Sign == 0;

    // Exact and cheap only: 2^3 = 8, (1/4)^(1/2) = 1/2; 2^(1/2) stays a power, and so do huge results. A negative
    // base with a non-integer exponent is undefined (PyTorch's real-valued rule: (-8)^(1/3) is NaN, as x^(1/3) is
    // at x = -8), so it stays a power too, and so does 0^negative.
    private static Rational? FoldNumericPower(Rational b, Rational e)
    {
        if (b.IsZero) return e.Sign > 0 ? Rational.Zero : null;
        if (b.IsOne) return Rational.One;
        if (b.IsNegative && !e.IsInteger) return null;
        if (BigInteger.Abs(e.Numerator) > 4096) return null;
        var p = (int)e.Numerator;
        if (Math.Abs(p) * (double)Math.Max(b.Numerator.GetBitLength(), b.Denominator.GetBitLength()) > 65536) return null;
        if (e.IsInteger) return b.Pow(p);
        if (e.Denominator > 64) return null;
        return b.TryRoot((int)e.Denominator, out var root) ? root.Pow(p) : null;
    }

    /// <summary>The row <paramref name="function"/> applied to <paramref name="args"/>, after the row's identities (sin(0) = 0).</summary>
    /// <exception cref="ArgumentException">The number of arguments is not the row's arity.</exception>
    public Expr Call(FunctionInfo function, params ReadOnlySpan<Expr> args)
    {
        if (args.Length != function.Arity)
            throw new ArgumentException($"{function.Name} takes {function.Arity} argument(s), got {args.Length}.", nameof(args));
        var arguments = args.ToImmutableArray();
        return function.Canonicalize?.Invoke(this, arguments) ?? Intern(new Call(function, arguments));
    }

    /// <summary>Calls a function of the table by name, e.g. <c>Fn("sin", x)</c>.</summary>
    public Expr Fn(string name, params ReadOnlySpan<Expr> args) =>
        Call(FunctionTable.Lookup(name, args.Length)
             ?? throw new ArgumentException($"No function {name} with {args.Length} argument(s).", nameof(name)), args);

    /// <summary>Splits a term into its numeric coefficient and the rest: 3*x*y gives (3, x*y).</summary>
    public (Rational Coefficient, Expr Remainder) SplitCoefficient(Expr term)
    {
        if (term is Mul m && m.Factors[0] is Num c)
            return (c.Value, m.Factors.Length == 2 ? m.Factors[1] : Intern(new Mul(m.Factors[1..])));
        return term is Num n ? (n.Value, One) : (Rational.One, term);
    }

    private Expr WithCoefficient(Rational c, Expr rest) => rest switch
    {
        Mul m => Intern(new Mul([Number(c), .. m.Factors])),
        Expressions.Add => Mul(Number(c), rest),
        _ => Intern(new Mul([Number(c), rest])),
    };

    /// <summary>True when <paramref name="e"/> prints with a leading minus; <paramref name="positive"/> is then -e.</summary>
    public static bool TryStripMinus(Expr e, ExprFactory f, out Expr positive)
    {
        switch (e)
        {
            case Num { Value.IsNegative: true } n:
                positive = f.Number(-n.Value);
                return true;
            case Mul m when m.Factors[0] is Num { Value.IsNegative: true } c:
                positive = c.Value.IsMinusOne && m.Factors.Length == 2
                    ? m.Factors[1]
                    : f.Intern(new Mul(c.Value.IsMinusOne ? m.Factors[1..] : [f.Number(-c.Value), .. m.Factors[1..]]));
                return true;
            default:
                positive = e;
                return false;
        }
    }

    /// <summary>
    /// The innermost undefined constant in <paramref name="e"/> (the <c>1/0</c> of <c>0/0 + x</c>, the
    /// <c>log(-1)</c> of <c>x*log(-1)</c>), or null when it has none: what a note about an undefined function names.
    /// O(depth): it follows the cached <see cref="Expr.ContainsUndefinedConstant"/> facts down.
    /// </summary>
    /// <example><code>ExprFactory.FindUndefinedConstant(f.Add(x, f.Fn("log", f.MinusOne))); // log(-1)</code></example>
    public static Expr? FindUndefinedConstant(Expr e)
    {
        if (!e.ContainsUndefinedConstant) return null;
        while (true)
        {
            Expr? next = null;
            foreach (var c in e.Children)
                if (c.ContainsUndefinedConstant) { next = c; break; }
            if (next is null) return e;
            e = next;
        }
    }

    /// <summary>Rebuilds <paramref name="e"/> (from any factory) through this one, re-canonicalising on the way.</summary>
    public Expr Import(Expr e) => ExprRebuilder.Rebuild(e, this, static (_, _) => null);
}
