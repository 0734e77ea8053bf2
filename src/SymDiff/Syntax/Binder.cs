using SymDiff.Expressions;

namespace SymDiff.Syntax;

/// <summary>
/// Turns the function as written (<see cref="SyntaxNode"/>) into the canonical DAG through an <see cref="ExprFactory"/>:
/// a - b becomes a + (-1)*b, a/b becomes a*b^-1, and the factory's canonical forms apply (x/x is 1). The canonical
/// DAG is for differentiating and printing derivatives only; values and domains come from the written form.
/// Iterative, so any depth the parser accepts binds on any thread.
/// </summary>
/// <example><code>var r = Parser.Parse("x/x");
/// Expr canonical = Binder.Bind(r.Syntax!, new ExprFactory()); // 1</code></example>
public static class Binder
{
    public static Expr Bind(SyntaxNode root, ExprFactory factory)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(factory);
        var f = factory;
        var bound = new Dictionary<SyntaxNode, Expr>(ReferenceEqualityComparer.Instance);
        // PERF: one negation per distinct bound term, so repetitive input (x - y + x - y ...) costs little.
        var negations = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
        Expr Negated(Expr e)
        {
            if (!negations.TryGetValue(e, out var n)) negations.Add(e, n = f.Neg(e));
            return n;
        }

        foreach (var node in SyntaxWalk.PostOrder(root))
        {
            bound[node] = node switch
            {
                NumberSyntax n => f.Number(n.Value),
                VariableSyntax v => f.Symbol(v.Name),
                ConstantSyntax c => c.Name == "pi" ? f.Pi : f.E,
                CallSyntax c => f.Call(c.Function, [.. c.Arguments.Select(a => bound[a])]),
                NegationSyntax n => Negated(bound[n.Operand]),
                SumSyntax s => f.Add([.. s.Terms.Select((t, i) => s.Subtracted[i] ? Negated(bound[t]) : bound[t])]),
                ProductSyntax p => f.Mul([.. p.Factors.Select((x, i) => p.Divided[i] ? f.Pow(bound[x], f.MinusOne) : bound[x])]),
                PowerSyntax p => f.Pow(bound[p.Base], bound[p.Exponent]),
                GroupSyntax g => bound[g.Inner],
                // Parser.Parse refuses these; only Parser.ParseSyntax returns them, for the tensor binder.
                MatMulSyntax or TransposeSyntax or TensorCallSyntax or ListSyntax or IndexSyntax => throw new ArgumentException(
                    $"{node.Kind} is vector/matrix syntax, which the scalar binder cannot handle.", nameof(root)),
                _ => throw new System.Diagnostics.UnreachableException($"Unknown syntax kind {node.Kind}."),
            };
        }
        return bound[root];
    }
}
