using SymDiff.Numbers;

namespace SymDiff.Expressions;

// The intern table and the leaves: how a factory makes equal nodes one object.
public sealed partial class ExprFactory
{
    // PERF (issue 12): a factory is made per operation (the benchmarks make one per gradient), so nothing is allocated
    // before it is needed: the tables appear on first use, and the small integers are nodes shared by every interning
    // factory (immutable, so sharing them is safe; never entered in a table, so each is still the one node of its
    // value in every factory). A fresh factory cost 12.5 µs once, more than the derivative of x^2 + 2*x + 1.
    private const int MinShared = -16;
    private const int MaxShared = 16;

    // A class of its own: the static fields of a partial class initialise in an unspecified order across its files,
    // and the default factory (ExprFactory.Default.cs) needs these first.
    private static class Shared
    {
        public static readonly Num[] Integers = [.. Enumerable.Range(MinShared, MaxShared - MinShared + 1).Select(n => new Num(n))];
    }

    private readonly bool _intern;
    private InternTable? _interned;
    // PERF: leaves by value, so a number or name seen before costs no node (nor the double a number's facts need).
    private Dictionary<Rational, Expr>? _numbers;
    private Dictionary<string, Expr>? _symbols;
    private readonly Lock _gate = new();

    /// <param name="intern">Share equal nodes (hash-consing). Off only to test that results do not depend on it.</param>
    public ExprFactory(bool intern = true)
    {
        _intern = intern;
        Zero = Number(Rational.Zero);
        One = Number(Rational.One);
        MinusOne = Number(Rational.MinusOne);
    }

    /// <summary>True when equal nodes are shared (hash-consing).</summary>
    public bool Interning => _intern;

    /// <summary>The number 0.</summary>
    public Expr Zero { get; }

    /// <summary>The number 1.</summary>
    public Expr One { get; }

    /// <summary>The number -1.</summary>
    public Expr MinusOne { get; }

    // Read without the lock: a torn or stale count only moves when the default factory is renewed.
    internal int UnlockedInternedCount => _interned?.Count ?? 0;

    /// <summary>Number of distinct nodes this factory has interned (the small integers every factory shares not counted).</summary>
    public int InternedCount { get { lock (_gate) return _interned?.Count ?? 0; } }

    private T Intern<T>(T node) where T : Expr
    {
        if (!_intern) return node;
        lock (_gate) return (T)(_interned ??= new InternTable()).GetOrAdd(node);
    }

    /// <summary>The exact number <paramref name="value"/>.</summary>
    public Expr Number(Rational value)
    {
        if (!_intern) return new Num(value);
        if (value.Denominator.IsOne && value.Numerator >= MinShared && value.Numerator <= MaxShared)
            return Shared.Integers[(int)value.Numerator - MinShared];
        lock (_gate)
            if (_numbers is not null && _numbers.TryGetValue(value, out var known)) return known;
        var node = Intern(new Num(value));
        lock (_gate) (_numbers ??= []).TryAdd(value, node);
        return node;
    }

    /// <summary>The variable <paramref name="name"/>.</summary>
    public Expr Symbol(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_intern) return new Sym(name);
        lock (_gate)
            if (_symbols is not null && _symbols.TryGetValue(name, out var known)) return known;
        var node = Intern(new Sym(name));
        lock (_gate) (_symbols ??= []).TryAdd(name, node);
        return node;
    }
}
