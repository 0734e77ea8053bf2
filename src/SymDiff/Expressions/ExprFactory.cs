using System.Collections.Immutable;
using System.Numerics;
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
/// <item>Pow: x^0 = 1, x^1 = x, 1^x = 1, rational^rational folded when exact (4^(1/2) = 2), (x^a)^n = x^(a*n) and
/// (x*y)^n = x^n*y^n only for integer n, exp(a)^b = exp(a*b).</item>
/// <item>a - b is a + (-1)*b and a/b is a*b^-1; sqrt(x) is x^(1/2).</item>
/// <item>Call: the row's <see cref="FunctionInfo.Canonicalize"/> identities (sin(0) = 0, log(exp(x)) = x, ...).</item>
/// </list>
/// One factory owns one intern table; it is thread-safe and can be dropped after an operation.
/// </summary>
/// <example><code>var f = new ExprFactory();
/// var x = f.Symbol("x");
/// var e = f.Add(f.Mul(f.Number(2), x), f.Mul(f.Number(3), x)); // 5*x</code></example>
public sealed class ExprFactory
{
    private readonly Dictionary<Expr, Expr>? _interned;
    private readonly Lock _gate = new();

    /// <param name="intern">Share equal nodes (hash-consing). Off only to test that results do not depend on it.</param>
    public ExprFactory(bool intern = true)
    {
        if (intern) _interned = new Dictionary<Expr, Expr>();
        Zero = Number(Rational.Zero);
        One = Number(Rational.One);
        MinusOne = Number(Rational.MinusOne);
    }

    public bool Interning => _interned is not null;
    public Expr Zero { get; }
    public Expr One { get; }
    public Expr MinusOne { get; }

    /// <summary>Number of distinct nodes this factory has interned.</summary>
    public int InternedCount { get { lock (_gate) return _interned?.Count ?? 0; } }

    private T Intern<T>(T node) where T : Expr
    {
        if (_interned is null) return node;
        lock (_gate)
        {
            if (_interned.TryGetValue(node, out var existing)) return (T)existing;
            _interned.Add(node, node);
            return node;
        }
    }

    public Expr Number(Rational value) => Intern(new Num(value));

    public Expr Symbol(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Intern(new Sym(name));
    }

    public Expr Pi => Fn("pi");
    public Expr E => Fn("exp", One);

    public Expr Neg(Expr a) => Mul(MinusOne, a);
    public Expr Sub(Expr a, Expr b) => Add(a, Neg(b));
    public Expr Div(Expr a, Expr b) => Mul(a, Pow(b, MinusOne));
    public Expr Sqrt(Expr a) => Pow(a, Rational.Half);
    public Expr Pow(Expr @base, Rational exponent) => Pow(@base, Number(exponent));

    public Expr Add(IEnumerable<Expr> terms) => Add([.. terms]);

    public Expr Add(params ReadOnlySpan<Expr> terms)
    {
        if (terms.Length == 1) return terms[0];
        var constant = Rational.Zero;
        var coefficients = new Dictionary<Expr, Rational>();
        var order = new List<Expr>();

        void Accumulate(Expr term)
        {
            switch (term)
            {
                case Add nested:
                    foreach (var t in nested.Terms) Accumulate(t);
                    break;
                case Num n:
                    constant += n.Value;
                    break;
                default:
                    var (c, rest) = SplitCoefficient(term);
                    if (coefficients.TryGetValue(rest, out var old)) coefficients[rest] = old + c;
                    else { coefficients.Add(rest, c); order.Add(rest); }
                    break;
            }
        }

        foreach (var t in terms) Accumulate(t);

        var result = new List<Expr>(order.Count + 1);
        foreach (var rest in order)
        {
            var c = coefficients[rest];
            if (!c.IsZero) result.Add(c.IsOne ? rest : WithCoefficient(c, rest));
        }
        result.Sort(ExprOrder.Terms);
        if (!constant.IsZero) result.Insert(0, Number(constant));
        return result.Count switch
        {
            0 => Zero,
            1 => result[0],
            _ => Intern(new Add([.. result])),
        };
    }

    public Expr Mul(IEnumerable<Expr> factors) => Mul([.. factors]);

    public Expr Mul(params ReadOnlySpan<Expr> factors)
    {
        if (factors.Length == 1) return factors[0];
        var coefficient = Rational.One;
        var exponents = new Dictionary<Expr, List<Expr>>();
        var original = new Dictionary<Expr, Expr>();
        var order = new List<Expr>();

        void Accumulate(Expr factor)
        {
            switch (factor)
            {
                case Mul nested:
                    foreach (var f in nested.Factors) Accumulate(f);
                    break;
                case Num n:
                    coefficient *= n.Value;
                    break;
                default:
                    var (b, e) = factor is Pow p ? (p.Base, p.Exponent) : (factor, One);
                    if (exponents.TryGetValue(b, out var list)) list.Add(e);
                    else { exponents.Add(b, [e]); original.Add(b, factor); order.Add(b); }
                    break;
            }
        }

        foreach (var f in factors) Accumulate(f);
        if (coefficient.IsZero) return Zero;

        var result = new List<Expr>(order.Count + 1);
        var remerge = false;
        foreach (var b in order)
        {
            var list = exponents[b];
            // A base seen once keeps its (already canonical) factor; merged bases get a new power.
            var merged = list.Count == 1 ? original[b] : Pow(b, Add(list));
            switch (merged)
            {
                case Num n: coefficient *= n.Value; break;
                case Mul m: result.AddRange(m.Factors); remerge = true; break;
                default: result.Add(merged); break;
            }
        }
        if (coefficient.IsZero) return Zero;
        if (remerge)
        {
            // A merged power expanded into a product ((2*x)^2 = 4*x^2): merge once more, it cannot expand again.
            result.Add(Number(coefficient));
            return Mul([.. result]);
        }

        result.Sort(ExprOrder.Factors);
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

    public Expr Pow(Expr @base, Expr exponent)
    {
        if (exponent is Num e)
        {
            if (e.Value.IsZero) return One;
            if (e.Value.IsOne) return @base;
            if (@base is Num b && FoldNumericPower(b.Value, e.Value) is { } folded) return Number(folded);
            // 0^-n is a division by zero for every n > 0; one form (1/0) keeps printing and parsing in step.
            if (@base is Num { Value.IsZero: true } && e.Value.IsNegative && !e.Value.IsMinusOne) return Pow(@base, MinusOne);
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

    // Exact only: 2^3 = 8, (1/4)^(1/2) = 1/2; 2^(1/2) and (-1)^(1/2) stay powers; huge results stay powers.
    private static Rational? FoldNumericPower(Rational b, Rational e)
    {
        if (b.IsZero) return e.Sign > 0 ? Rational.Zero : null;
        if (b.IsOne) return Rational.One;
        if (BigInteger.Abs(e.Numerator) > 4096) return null;
        var p = (int)e.Numerator;
        if (Math.Abs(p) * (double)Math.Max(b.Numerator.GetBitLength(), b.Denominator.GetBitLength()) > 65536) return null;
        if (e.IsInteger) return b.Pow(p);
        if (e.Denominator > 64) return null;
        return b.TryRoot((int)e.Denominator, out var root) ? root.Pow(p) : null;
    }

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

    /// <summary>Rebuilds <paramref name="e"/> (from any factory) through this one, re-canonicalising on the way.</summary>
    public Expr Import(Expr e) => ExprRebuilder.Rebuild(e, this, static (_, _) => null);
}
