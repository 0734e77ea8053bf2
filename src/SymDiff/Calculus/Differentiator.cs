using System.Runtime.CompilerServices;
using SymDiff.Expressions;
using SymDiff.Functions;

namespace SymDiff.Calculus;

/// <summary>
/// Analytic differentiation with respect to one variable: one switch over the node kinds plus the generic chain
/// rule through the <see cref="FunctionTable"/>. Every result is built through the factory, so it is canonical
/// (no 0*, *1 or +0), and each shared subtree is differentiated once, so derivatives of deep compositions
/// and long products stay linear (or n log n for products) in size.
/// </summary>
/// <example><code>var d = Differentiator.Differentiate(expr, "x", factory); // d/dx</code></example>
public sealed class Differentiator
{
    private readonly ExprFactory _f;
    private readonly string _variable;
    private readonly ulong _bit; // the variable's Expr.SymbolBit
    // Created on the first rule that needs it: a leaf or a constant needs none (PERF, issue 12).
    private Dictionary<Expr, Expr>? _memo;
    private readonly IDerivationObserver? _observer;
    private int _depth;

    private Differentiator(ExprFactory factory, string variable, IDerivationObserver? observer)
    {
        _f = factory;
        _variable = variable;
        _bit = Expr.SymbolBit(variable);
        _observer = observer;
    }

    /// <summary>d<paramref name="e"/>/d<paramref name="variable"/>, canonical but not further simplified.</summary>
    public static Expr Differentiate(Expr e, string variable, ExprFactory factory, IDerivationObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrEmpty(variable);
        ArgumentNullException.ThrowIfNull(factory);
        // Deep trees continue on a thread with a stack to match (StackGuard): safe from a default 1 MiB stack.
        // PERF: shallow ones run here without the closure.
        if (StackGuard.CanRunInline(e.Depth)) return new Differentiator(factory, variable, observer).D(e);
        return StackGuard.Run(e.Depth, () => new Differentiator(factory, variable, observer).D(e));
    }

    private Expr D(Expr e)
    {
        // Fast path first: a subtree free of the variable has derivative 0, unless it holds an undefined constant:
        // then so does its derivative, 0*c (d/dx log(-1) is not 0; issue 8).
        if (!e.DependsOn(_variable, _bit))
        {
            var zero = e.ContainsUndefinedConstant ? _f.Mul(_f.Zero, ExprFactory.FindUndefinedConstant(e)!) : _f.Zero;
            _observer?.Derived(e, DerivativeRule.Constant, zero, _depth);
            return zero;
        }
        // dx/dx = 1, without the memo (PERF: its lookup costs more than the rule), unless someone watches the steps.
        if (e is Sym && _observer is null) return _f.One;
        if (_memo is not null && _memo.TryGetValue(e, out var known))
        {
            _observer?.Reused(e, known, _depth);
            return known;
        }
        RuntimeHelpers.EnsureSufficientExecutionStack();
        _observer?.Entering(e, _depth);
        _depth++;
        var (rule, result) = Apply(e);
        _depth--;
        (_memo ??= [])[e] = result;
        _observer?.Derived(e, rule, result, _depth);
        return result;
    }

    /// <summary>
    /// One rule applied at the top of <paramref name="e"/>, with <paramref name="derivativeOf"/> standing for the
    /// derivatives of the subexpressions that depend on <paramref name="variable"/>: how a derivation step is written
    /// on paper, d/dx sin(u) = cos(u)*[d/dx u]. The same rules as <see cref="Differentiate"/>, not a copy of them.
    /// </summary>
    internal static Expr OneStep(Expr e, string variable, ExprFactory factory, Func<Expr, Expr> derivativeOf) =>
        e.DependsOn(variable) ? new Differentiator(factory, variable, null) { _given = derivativeOf }.Apply(e).Result : factory.Zero;

    // Set only by OneStep: the derivatives of the subexpressions are given, not derived.
    private Func<Expr, Expr>? _given;

    // The derivative of a subexpression a rule needs.
    private Expr DerivativeOf(Expr e) => _given is { } given && e.DependsOn(_variable, _bit) ? given(e) : D(e);

    private (DerivativeRule Rule, Expr Result) Apply(Expr e)
    {
        return e switch
        {
            // dx/dx = 1
            Sym => (DerivativeRule.Variable, _f.One),
            // (u + v)' = u' + v'
            Add a => (DerivativeRule.Sum, SumRule(a)),
            // (c*u*v)' = c*(u'*v + u*v')
            Mul m => ProductRule(m),
            Pow p => PowerRule(p),
            // f(u, v)' = f_u(u, v)*u' + f_v(u, v)*v'
            Call c => (DerivativeRule.Chain, ChainRule(c)),
            _ => throw new System.Diagnostics.UnreachableException($"No derivative rule for {e.Kind}."),
        };
    }

    private Expr SumRule(Add a)
    {
        // PERF: only the terms that depend on the variable (issue 8: the full gradient of x1 + ... + xn was n^2).
        // Every term when someone watches (a trace shows the constant terms too) or a constant term is undefined.
        // The index pays from the second variable on: the first differentiation of a sum scans its terms.
        if (_observer is not null || a.Terms.Length < 16 || a.ContainsUndefinedConstant
            || (!a.HasTermIndex && Interlocked.Increment(ref a.Scans) == 1))
        {
            var all = new Expr[a.Terms.Length];
            for (var i = 0; i < all.Length; i++) all[i] = DerivativeOf(a.Terms[i]);
            return _f.Add(all);
        }
        var dependent = a.TermsDependingOn(_variable);
        var derivatives = new Expr[dependent.Length];
        for (var i = 0; i < dependent.Length; i++) derivatives[i] = DerivativeOf(a.Terms[dependent[i]]);
        return _f.Add(derivatives);
    }

    private (DerivativeRule, Expr) ProductRule(Mul m)
    {
        // PERF: one array, the constant factors first (in order), then those that depend on the variable (in order).
        var factors = m.Factors;
        var dependent = 0;
        foreach (var factor in factors) if (factor.DependsOn(_variable, _bit)) dependent++;
        var sorted = new Expr[factors.Length];
        var (c, v) = (0, factors.Length - dependent);
        foreach (var factor in factors) sorted[factor.DependsOn(_variable, _bit) ? v++ : c++] = factor;
        var constants = factors.Length - dependent;
        if (dependent == 1)
        {
            // (c*u)' = c*u'
            sorted[constants] = DerivativeOf(sorted[constants]);
            return (DerivativeRule.ConstantMultiple, _f.Mul(sorted));
        }
        var (_, derivative) = SplitProduct(sorted, constants, factors.Length);
        if (constants == 0) return (DerivativeRule.Product, derivative);
        sorted[constants] = derivative;
        return (DerivativeRule.Product, _f.Mul(sorted.AsSpan(0, constants + 1)));
    }

    // (AB)' = A'B + AB' on balanced halves: every factor's derivative appears once and each level of the split
    // costs O(n) child references, so the result is O(n log n) where the pairwise expansion would be O(n^2).
    private (Expr Product, Expr Derivative) SplitProduct(Expr[] factors, int start, int end)
    {
        if (end - start == 1) return (factors[start], DerivativeOf(factors[start]));
        var middle = (start + end) / 2;
        var (a, da) = SplitProduct(factors, start, middle);
        var (b, db) = SplitProduct(factors, middle, end);
        return (_f.Mul(a, b), _f.Add(_f.Mul(da, b), _f.Mul(a, db)));
    }

    private (DerivativeRule, Expr) PowerRule(Pow p)
    {
        var (u, v) = (p.Base, p.Exponent);
        if (!v.DependsOn(_variable, _bit))
            // (u^n)' = n*u^(n-1)*u'
            return (DerivativeRule.Power, _f.Mul(v, _f.Pow(u, _f.Sub(v, _f.One)), DerivativeOf(u)));
        if (!u.DependsOn(_variable, _bit))
            // (a^v)' = a^v*log(a)*v'
            return (DerivativeRule.Exponential, _f.Mul(p, _f.Fn("log", u), DerivativeOf(v)));
        // (u^v)' = u^v*(v'*log(u) + v*u'/u)
        return (DerivativeRule.GeneralPower,
            _f.Mul(p, _f.Add(_f.Mul(DerivativeOf(v), _f.Fn("log", u)), _f.Mul(v, DerivativeOf(u), _f.Pow(u, -1)))));
    }

    private Expr ChainRule(Call c)
    {
        var terms = new Expr[c.Args.Length];
        var count = 0;
        for (var i = 0; i < c.Args.Length; i++)
        {
            if (!c.Args[i].DependsOn(_variable, _bit)) continue;
            var partial = c.Function.Partials[i]
                ?? throw new NotDifferentiableException(c.Function, i);
            terms[count++] = _f.Mul(partial(_f, c.Args), DerivativeOf(c.Args[i]));
        }
        return _f.Add(terms.AsSpan(0, count));
    }
}

/// <summary>The rule a differentiation step applied, as a person names it.</summary>
public enum DerivativeRule { Constant, Variable, Sum, ConstantMultiple, Product, Power, Exponential, GeneralPower, Chain }

/// <summary>
/// Receives each step of a differentiation as it runs (for step-by-step derivations). <see cref="Entering"/>
/// comes before the sub-derivatives a rule needs, <see cref="Derived"/> after (constants get only Derived),
/// <see cref="Reused"/> when a shared subexpression's derivative is taken from the memo.
/// </summary>
public interface IDerivationObserver
{
    void Entering(Expr e, int depth);
    void Derived(Expr e, DerivativeRule rule, Expr derivative, int depth);
    void Reused(Expr e, Expr derivative, int depth);
}

/// <summary>A function of the table has no derivative rule for one of its arguments.</summary>
public sealed class NotDifferentiableException(FunctionInfo function, int argument)
    : Exception($"{function.Name} is not differentiable in its argument {argument + 1}.")
{
    public FunctionInfo Function { get; } = function;
}
