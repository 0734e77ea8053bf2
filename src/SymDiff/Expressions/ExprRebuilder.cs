using System.Runtime.CompilerServices;

namespace SymDiff.Expressions;

/// <summary>
/// Bottom-up rebuilding of a DAG through a factory, each shared node visited once. The substitution hook may
/// replace a node before its children are visited (returning null keeps going down).
/// </summary>
public static class ExprRebuilder
{
    public static Expr Rebuild(Expr root, ExprFactory f, Func<Expr, ExprFactory, Expr?> replace)
    {
        var memo = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);

        Expr Visit(Expr e)
        {
            if (memo.TryGetValue(e, out var done)) return done;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            var result = replace(e, f) ?? e switch
            {
                Num n => f.Number(n.Value),
                Sym s => f.Symbol(s.Name),
                Add a => f.Add(a.Terms.Select(Visit)),
                Mul m => f.Mul(m.Factors.Select(Visit)),
                Pow p => f.Pow(Visit(p.Base), Visit(p.Exponent)),
                Call c => f.Call(c.Function, [.. c.Args.Select(Visit)]),
                _ => throw new System.Diagnostics.UnreachableException(),
            };
            memo[e] = result;
            return result;
        }

        // Deep trees continue on a thread with a stack to match (StackGuard): safe from a default 1 MiB stack.
        return StackGuard.Run(root.Depth, () => Visit(root));
    }

    /// <summary>Replaces every occurrence of the variables in <paramref name="bindings"/>.</summary>
    public static Expr Substitute(Expr root, ExprFactory f, IReadOnlyDictionary<string, Expr> bindings) =>
        Rebuild(root, f, (e, _) => e is Sym s && bindings.TryGetValue(s.Name, out var value) ? value
                                   : e.FreeSymbols.Overlaps(bindings.Keys) ? null : e);
}
