using System.Collections.Immutable;
using SymDiff.Functions;
using SymDiff.Numbers;

namespace SymDiff.Expressions;

/// <summary>The kinds of node, in the order <see cref="ExprOrder"/> ranks them.</summary>
public enum ExprKind { Num, Sym, Call, Pow, Mul, Add }

/// <summary>
/// An immutable node of a symbolic expression. Nodes are built only through <see cref="ExprFactory"/>,
/// which keeps them canonical; equality is structural and the hash is computed once, at construction.
/// </summary>
/// <example><code>var f = new ExprFactory();
/// Expr e = f.Add(f.Pow(f.Symbol("x"), f.Number(2)), f.Number(1)); // x^2 + 1</code></example>
public abstract partial class Expr : IEquatable<Expr>
{
    private readonly int _hash;

    private protected Expr(int hash, int depth, long treeSize, ImmutableSortedSet<string> freeSymbols, ConstantFacts facts,
        ImmutableArray<Expr> children, ulong symbolMask = 0)
    {
        _hash = hash;
        Depth = depth;
        TreeSize = treeSize;
        FreeSymbols = freeSymbols;
        Facts = facts;
        var contains = facts.Undefined;
        foreach (var c in children)
        {
            contains |= c.ContainsUndefinedConstant;
            symbolMask |= c.SymbolMask;
        }
        ContainsUndefinedConstant = contains;
        SymbolMask = symbolMask;
    }

    // PERF (issue 12): a 64-bit Bloom filter of FreeSymbols, one bit per name (SymbolBit): a clear bit proves a name
    // absent without searching the set, which is most of what differentiation and symbol unions ask.
    internal readonly ulong SymbolMask;

    /// <summary>The bit of <see cref="SymbolMask"/> that <paramref name="name"/> sets.</summary>
    internal static ulong SymbolBit(string name) => 1UL << (StringComparer.Ordinal.GetHashCode(name) & 63);

    // What this node knows about itself as a constant (value, sign, undefined), from its children's facts.
    internal readonly ConstantFacts Facts;

    /// <summary>
    /// True for a constant that is undefined in real arithmetic: 0^negative (1/0, 0/0), a negative base with a
    /// non-integer exponent ((-8)^(1/3), sqrt(-4)), a function at a constant argument outside its real domain
    /// (log(-1), asin(2), log(0)), or anything built from one. Computed once, at construction (constants are
    /// judged in double precision; overflow is not undefined).
    /// </summary>
    /// <example><code>f.Div(f.One, f.Zero).IsUndefinedConstant // true
    /// f.Fn("exp", f.Number(1000)).IsUndefinedConstant // false: it overflows a double, but it is defined</code></example>
    public bool IsUndefinedConstant => Facts.Undefined;

    /// <summary>
    /// True when some subexpression is an undefined constant, so the whole expression is undefined everywhere
    /// (<c>x + log(-1)</c>). Canonical construction never folds such a subexpression away.
    /// </summary>
    public bool ContainsUndefinedConstant { get; }

    /// <summary>Which node type this is, for switches and for <see cref="ExprOrder"/>.</summary>
    public abstract ExprKind Kind { get; }

    // PERF: ExprOrder's polynomial degree, computed on first use. Computing it afresh walked the printed tree,
    // which is exponential for DAGs such as the derivative of u*sin(u) nested 40 deep. Idempotent, so a race
    // between threads only computes it twice.
    internal double CachedDegree = double.NaN;

    /// <summary>Direct children, in canonical order.</summary>
    public abstract ImmutableArray<Expr> Children { get; }

    /// <summary>Longest path from this node to a leaf, counting this node (a leaf has depth 1).</summary>
    public int Depth { get; }

    /// <summary>Node count of the printed tree (shared subtrees counted every time), saturating at <see cref="long.MaxValue"/>.</summary>
    public long TreeSize { get; }

    /// <summary>Variables that occur in this expression, sorted by name.</summary>
    public ImmutableSortedSet<string> FreeSymbols { get; }

    /// <summary>True when <paramref name="variable"/> occurs in this expression (its derivative by it may be nonzero).</summary>
    public bool DependsOn(string variable) => FreeSymbols.Contains(variable);

    // DependsOn with the variable's SymbolBit worked out once by the caller.
    internal bool DependsOn(string variable, ulong bit) => (SymbolMask & bit) != 0 && FreeSymbols.Contains(variable);

    /// <summary>True when no variable occurs in this expression.</summary>
    public bool IsConstant => FreeSymbols.IsEmpty;

    public sealed override int GetHashCode() => _hash;
    public sealed override bool Equals(object? obj) => obj is Expr e && Equals(e);

    /// <summary>Structural equality: the same canonical tree, whichever factory built each side.</summary>
    public bool Equals(Expr? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._hash != _hash || other.Kind != Kind) return false;
        return Depth <= StackGuard.InlineDepth ? EqualsSameKind(other) : DeepEquals(this, other);
    }

    // Iterative, for deep nodes: trees from different factories share no subtrees, so a recursive comparison of two
    // of them would go as deep as they are, and an overflow would end the process.
    private static bool DeepEquals(Expr a, Expr b)
    {
        var pending = new Stack<(Expr, Expr)>();
        pending.Push((a, b));
        while (pending.Count > 0)
        {
            var (x, y) = pending.Pop();
            if (ReferenceEquals(x, y)) continue;
            if (x._hash != y._hash || x.Kind != y.Kind || x.Depth != y.Depth) return false;
            switch (x)
            {
                case Num or Sym:
                    if (!x.EqualsSameKind(y)) return false;
                    continue;
                case Call c when !ReferenceEquals(c.Function, ((Call)y).Function):
                    return false;
            }
            var (xs, ys) = (x.Children, y.Children);
            if (xs.Length != ys.Length) return false;
            for (var i = xs.Length - 1; i >= 0; i--) pending.Push((xs[i], ys[i]));
        }
        return true;
    }

    private protected abstract bool EqualsSameKind(Expr other);

    /// <summary>Structural equality, as <see cref="Equals(Expr?)"/>.</summary>
    public static bool operator ==(Expr? a, Expr? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(Expr? a, Expr? b) => !(a == b);

    /// <summary>The canonical infix form, e.g. <c>2*x + 2</c>.</summary>
    public override string ToString() => Formatting.InfixFormatter.Format(this);

    private protected static long SaturatingSum(long seed, ImmutableArray<Expr> children)
    {
        var total = seed;
        foreach (var c in children)
        {
            total += c.TreeSize;
            if (total < 0) return long.MaxValue;
        }
        return total;
    }

    private protected static int MaxDepth(ImmutableArray<Expr> children)
    {
        var depth = 0;
        foreach (var c in children) depth = Math.Max(depth, c.Depth);
        return depth + 1;
    }

    // Names compare ordinally (PERF: the default comparer goes through culture-aware comparison, which the
    // invariant globalization mode makes ordinal anyway, at several times the cost).
    private protected static readonly ImmutableSortedSet<string> NoSymbols = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    private protected static ImmutableSortedSet<string> UnionSymbols(ImmutableArray<Expr> children)
    {
        // Reuse the largest child's set: most unions add nothing (x*sin(x)), so no allocation happens.
        var result = NoSymbols;
        var mask = 0UL;
        foreach (var c in children)
            if (c.FreeSymbols.Count > result.Count) (result, mask) = (c.FreeSymbols, c.SymbolMask);
        List<ImmutableSortedSet<string>>? extra = null;
        var extraCount = 0;
        foreach (var c in children)
        {
            if (ReferenceEquals(c.FreeSymbols, result) || c.FreeSymbols.IsEmpty) continue;
            // PERF: a bit the largest set lacks proves a new symbol; otherwise look each one up (no enumerator boxed).
            if ((c.SymbolMask & ~mask) == 0 && ContainsAll(result, c.FreeSymbols)) continue;
            (extra ??= []).Add(c.FreeSymbols);
            extraCount += c.FreeSymbols.Count;
        }
        if (extra is null) return result;
        if (extraCount <= 16) return result.Union(extra.SelectMany(e => e));
        // PERF: many new symbols (x1 + ... + xn): sort them once and build the tree in one go; a union per child
        // copied a path of the tree per symbol.
        var all = new List<string>(result.Count + extraCount);
        all.AddRange(result);
        foreach (var e in extra) all.AddRange(e);
        return ImmutableSortedSet.CreateRange(result.KeyComparer, all);
    }

    private static bool ContainsAll(ImmutableSortedSet<string> set, ImmutableSortedSet<string> items)
    {
        foreach (var item in items)
            if (!set.Contains(item)) return false;
        return true;
    }

    private protected static bool SameChildren(ImmutableArray<Expr> a, ImmutableArray<Expr> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (!a[i].Equals(b[i])) return false;
        return true;
    }

    private protected static int HashChildren(int seed, ImmutableArray<Expr> children)
    {
        var h = new HashCode();
        h.Add(seed);
        foreach (var c in children) h.Add(c._hash);
        return h.ToHashCode();
    }
}

/// <summary>An exact rational constant.</summary>
public sealed class Num : Expr
{
    internal Num(Rational value)
        : base(HashCode.Combine(ExprKind.Num, value), 1, 1, NoSymbols, ConstantFacts.OfNumber(value), [])
        => Value = value;

    /// <summary>The exact value.</summary>
    public Rational Value { get; }
    public override ExprKind Kind => ExprKind.Num;
    public override ImmutableArray<Expr> Children => [];
    public void Deconstruct(out Rational value) => value = Value;
    private protected override bool EqualsSameKind(Expr other) => Value == ((Num)other).Value;
}

/// <summary>A variable.</summary>
public sealed class Sym : Expr
{
    internal Sym(string name)
        : base(HashCode.Combine(ExprKind.Sym, name), 1, 1, NoSymbols.Add(name), ConstantFacts.Variable, [], SymbolBit(name)) => Name = name;

    /// <summary>The variable's name, as written.</summary>
    public string Name { get; }
    public override ExprKind Kind => ExprKind.Sym;
    public override ImmutableArray<Expr> Children => [];
    public void Deconstruct(out string name) => name = Name;
    private protected override bool EqualsSameKind(Expr other) => Name == ((Sym)other).Name;
}

/// <summary>An n-ary sum (at least two terms; see <see cref="ExprFactory"/> for its invariants).</summary>
public sealed class Add : Expr
{
    internal Add(ImmutableArray<Expr> terms)
        : base(HashChildren((int)ExprKind.Add, terms), MaxDepth(terms), SaturatingSum(1, terms), UnionSymbols(terms),
               ConstantFacts.OfSum(terms), terms)
        => Terms = terms;

    /// <summary>The terms: the numeric one (if any) first, the rest in <see cref="ExprOrder.Terms"/> order.</summary>
    public ImmutableArray<Expr> Terms { get; }
    public override ExprKind Kind => ExprKind.Add;
    public override ImmutableArray<Expr> Children => Terms;
    private protected override bool EqualsSameKind(Expr other) => SameChildren(Terms, ((Add)other).Terms);

    // PERF: the positions of the terms that depend on each variable, built on first use (issue 8: the gradient of
    // x1 + ... + xn scanned all n terms for each of the n variables): one array of positions, grouped by variable,
    // and where each group starts. Built whole, then published, so a race between threads only builds it twice.
    private TermIndex? _termsBySymbol;

    private sealed record TermIndex(Dictionary<string, (int Start, int Count)> Groups, int[] Positions);

    // How often a scan of every term was chosen over building the index: the index pays only from the second
    // variable on (a gradient), so the first differentiation scans (one d/dx of 10^5 terms: 25 ms, not 200).
    internal int Scans;

    internal bool HasTermIndex => _termsBySymbol is not null;

    /// <summary>Indices of the terms whose <see cref="Expr.FreeSymbols"/> contain <paramref name="variable"/>, ascending.</summary>
    internal ReadOnlySpan<int> TermsDependingOn(string variable)
    {
        var index = _termsBySymbol ??= BuildTermIndex();
        return index.Groups.TryGetValue(variable, out var g) ? index.Positions.AsSpan(g.Start, g.Count) : [];
    }

    private TermIndex BuildTermIndex()
    {
        var groups = new Dictionary<string, (int Start, int Count)>(StringComparer.Ordinal);
        var total = 0;
        foreach (var t in Terms)
            foreach (var symbol in t.FreeSymbols)
            {
                groups[symbol] = (0, groups.GetValueOrDefault(symbol).Count + 1);
                total++;
            }
        var start = 0;
        foreach (var symbol in groups.Keys.ToList())
        {
            var count = groups[symbol].Count;
            groups[symbol] = (start, 0);
            start += count;
        }
        var positions = new int[total];
        for (var i = 0; i < Terms.Length; i++)
            foreach (var symbol in Terms[i].FreeSymbols)
            {
                var (s, c) = groups[symbol];
                positions[s + c] = i;
                groups[symbol] = (s, c + 1);
            }
        return new TermIndex(groups, positions);
    }
}

/// <summary>An n-ary product (at least two factors; the numeric coefficient, if any, first).</summary>
public sealed class Mul : Expr
{
    internal Mul(ImmutableArray<Expr> factors)
        : base(HashChildren((int)ExprKind.Mul, factors), MaxDepth(factors), SaturatingSum(1, factors), UnionSymbols(factors),
               ConstantFacts.OfProduct(factors), factors)
        => Factors = factors;

    /// <summary>The factors: the numeric coefficient (if any) first, the rest in <see cref="ExprOrder.Factors"/> order.</summary>
    public ImmutableArray<Expr> Factors { get; }
    public override ExprKind Kind => ExprKind.Mul;
    public override ImmutableArray<Expr> Children => Factors;
    private protected override bool EqualsSameKind(Expr other) => SameChildren(Factors, ((Mul)other).Factors);
}

/// <summary>A power <c>Base^Exponent</c>; roots and reciprocals are powers too (sqrt(x) = x^(1/2), 1/x = x^-1).</summary>
public sealed class Pow : Expr
{
    internal Pow(Expr @base, Expr exponent) : this([@base, exponent]) { }

    private Pow(ImmutableArray<Expr> children)
        : base(HashChildren((int)ExprKind.Pow, children), MaxDepth(children), SaturatingSum(1, children),
               UnionSymbols(children), ConstantFacts.OfPower(children[0], children[1]), children)
    {
        Base = children[0];
        Exponent = children[1];
        _children = children;
    }

    // PERF: built once; walks ask for children of every node they visit.
    private readonly ImmutableArray<Expr> _children;

    /// <summary>What is raised to the power.</summary>
    public Expr Base { get; }

    /// <summary>The power it is raised to.</summary>
    public Expr Exponent { get; }
    public override ExprKind Kind => ExprKind.Pow;
    public override ImmutableArray<Expr> Children => _children;
    public void Deconstruct(out Expr @base, out Expr exponent) { @base = Base; exponent = Exponent; }
    private protected override bool EqualsSameKind(Expr other) =>
        Base.Equals(((Pow)other).Base) && Exponent.Equals(((Pow)other).Exponent);
}

/// <summary>An application of a row of the <see cref="FunctionTable"/> (sin, tanh, max, pi, ...).</summary>
public sealed class Call : Expr
{
    internal Call(FunctionInfo function, ImmutableArray<Expr> args)
        : base(HashChildren(HashCode.Combine(ExprKind.Call, function.Name), args), MaxDepth(args),
               SaturatingSum(1, args), UnionSymbols(args), ConstantFacts.OfCall(function, args), args)
    {
        Function = function;
        Args = args;
    }

    /// <summary>The row of the <see cref="FunctionTable"/> applied.</summary>
    public FunctionInfo Function { get; }

    /// <summary>The arguments, as many as the row's arity.</summary>
    public ImmutableArray<Expr> Args { get; }
    public override ExprKind Kind => ExprKind.Call;
    public override ImmutableArray<Expr> Children => Args;
    public void Deconstruct(out FunctionInfo function, out ImmutableArray<Expr> args) { function = Function; args = Args; }
    private protected override bool EqualsSameKind(Expr other) =>
        ReferenceEquals(Function, ((Call)other).Function) && SameChildren(Args, ((Call)other).Args);
}
