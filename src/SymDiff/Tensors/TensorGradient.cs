using System.Collections.Immutable;
using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Functions;

namespace SymDiff.Tensors;

/// <summary>
/// The gradient of a scalar tensor expression with respect to each of its variables, in matrix notation, by
/// reverse-mode adjoints (backpropagation written down): each node's adjoint G has the node's shape, and each
/// operation passes adjoints to its operands (for <c>A@B</c>: <c>G@B.T</c> and <c>A.T@G</c>; for
/// <c>W@x</c>: <c>outer(G, x)</c> and <c>W.T@G</c>). Built in a simplifying factory, so the printed gradient is
/// what a textbook prints and the forward pass is shared by every variable's gradient.
/// </summary>
/// <example><code>var g = TensorGradient.Of(f, loss, ["W"]); // d/dW sum((W@x + b - y)^2) = 2*outer(W@x + b - y, x)</code></example>
public static class TensorGradient
{
    /// <summary>
    /// The gradients of <paramref name="root"/> (a scalar built by <paramref name="f"/>) with respect to
    /// <paramref name="variables"/>; each has its variable's shape, or is the scalar 0 where root does not depend on it.
    /// </summary>
    public static ImmutableDictionary<string, TensorExpr> Of(TensorFactory f, TensorExpr root, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(root);
        if (!root.Shape.IsScalar)
            throw new ShapeException($"a gradient needs a scalar function, but this one is {root.Shape.Describe()} (its derivative is a Jacobian)");
        var wanted = variables.ToHashSet(StringComparer.Ordinal);
        var adjoints = new Dictionary<TensorExpr, TensorExpr>(ReferenceEqualityComparer.Instance) { [root] = f.One };
        var order = PostOrder(root);
        for (var k = order.Count - 1; k >= 0; k--)
        {
            var node = order[k];
            if (!adjoints.TryGetValue(node, out var g)) continue;
            foreach (var (child, contribution) in Contributions(f, node, g))
            {
                if (!child.FreeVariables.Overlaps(wanted)) continue;
                var c = contribution.Shape == child.Shape ? contribution : Fit(f, contribution, child);
                adjoints[child] = adjoints.TryGetValue(child, out var before) ? Accumulate(f, before, c) : c;
            }
        }
        var result = ImmutableDictionary.CreateBuilder<string, TensorExpr>(StringComparer.Ordinal);
        foreach (var v in variables)
            result[v] = order.FirstOrDefault(n => n is TensorVariable tv && tv.Name == v) is { } leaf && adjoints.TryGetValue(leaf, out var a) ? a : f.Zero;
        return result.ToImmutable();
    }

    // The list of shape's rows (entries of a vector) with g at index and zeros elsewhere.
    private static TensorExpr Scatter(TensorFactory f, TensorExpr g, int index, Shape shape)
    {
        var zero = shape.IsVector ? f.Zero : f.List([.. Enumerable.Repeat(f.Zero, shape.Columns)]);
        return f.List([.. Enumerable.Range(0, shape.Rows).Select(k => k == index ? g : zero)]);
    }

    // Adjoints add up; two lists (the scatters of x[0] + x[1]) add entry by entry, so d/dx prints [1, 1, 0].
    private static TensorExpr Accumulate(TensorFactory f, TensorExpr a, TensorExpr b) =>
        a.Shape != b.Shape ? f.Add(a, b)
        : IsZeroList(a) ? b
        : IsZeroList(b) ? a
        : a is TensorList la && b is TensorList lb ? f.List([.. la.Children.Zip(lb.Children, (x, y) => Accumulate(f, x, y))])
        : f.Add(a, b);

    private static bool IsZeroList(TensorExpr e) =>
        e is TensorList l && l.Children.All(c => c is TensorNumber { Value.IsZero: true } || IsZeroList(c));

    // A contribution smaller than its operand (a scalar for a vector) stretches to the operand's shape.
    private static TensorExpr Fit(TensorFactory f, TensorExpr contribution, TensorExpr child) =>
        Shape.Broadcast(contribution.Shape, child.Shape) == child.Shape ? f.Multiply(contribution, f.OnesLike(child))
        : f.SumTo(contribution, child.Shape);

    private static IEnumerable<(TensorExpr Child, TensorExpr Adjoint)> Contributions(TensorFactory f, TensorExpr node, TensorExpr g)
    {
        switch (node)
        {
            case TensorElementwise e:
                foreach (var c in Elementwise(f, e, g)) yield return c;
                break;
            case TensorNegate n:
                yield return (n.Operand, f.Negate(g));
                break;
            case TensorCall c:
                for (var i = 0; i < c.Children.Length; i++)
                {
                    var arg = c.Children[i];
                    var partial = c.Function.Partials[i] ?? throw new NotDifferentiableException(c.Function, i);
                    yield return (arg, f.SumTo(f.Multiply(g, LiftedPartial(f, c, i)), arg.Shape));
                }
                break;
            case TensorMatMul m:
                foreach (var c in MatMul(f, m, g)) yield return c;
                break;
            case TensorApply a:
                foreach (var c in TensorAdjoints.Of(f, a, g)) yield return c;
                break;
            case TensorList l:
                for (var i = 0; i < l.Children.Length; i++) yield return (l.Children[i], f.Index(g, i));
                break;
            case TensorSumTo s:
                yield return (s.Operand, f.Multiply(g, f.OnesLike(s.Operand)));
                break;
            case TensorIndex i:
                // x[i] passes its adjoint to entry (or row) i and zeros elsewhere: [0, ..., g, ..., 0].
                yield return (i.Operand, Scatter(f, g, i.Index, i.Operand.Shape));
                break;
        }
    }

    private static IEnumerable<(TensorExpr, TensorExpr)> Elementwise(TensorFactory f, TensorElementwise e, TensorExpr g)
    {
        var (a, b) = (e.Left, e.Right);
        switch (e.Op)
        {
            case ElementwiseOp.Add:
                yield return (a, f.SumTo(g, a.Shape));
                yield return (b, f.SumTo(g, b.Shape));
                break;
            case ElementwiseOp.Subtract:
                yield return (a, f.SumTo(g, a.Shape));
                yield return (b, f.SumTo(f.Negate(g), b.Shape));
                break;
            case ElementwiseOp.Multiply:
                yield return (a, f.SumTo(f.Multiply(g, b), a.Shape));
                yield return (b, f.SumTo(f.Multiply(g, a), b.Shape));
                break;
            case ElementwiseOp.Divide:
                yield return (a, f.SumTo(f.Divide(g, b), a.Shape));
                yield return (b, f.SumTo(f.Negate(f.Divide(f.Multiply(g, a), f.Power(b, f.Number(2)))), b.Shape));
                break;
            default:
                // (a^b)' = b*a^(b - 1) in a; a^b*log(a) in b.
                yield return (a, f.SumTo(f.Multiply(g, f.Multiply(b, f.Power(a, f.Subtract(b, f.One)))), a.Shape));
                yield return (b, f.SumTo(f.Multiply(g, f.Multiply(e, f.Call("log", a))), b.Shape));
                break;
        }
    }

    private static IEnumerable<(TensorExpr, TensorExpr)> MatMul(TensorFactory f, TensorMatMul m, TensorExpr g)
    {
        var (a, b) = (m.Left, m.Right);
        switch (a.Shape.Rank, b.Shape.Rank)
        {
            case (2, 2):
                yield return (a, f.MatMul(g, f.Transpose(b)));
                yield return (b, f.MatMul(f.Transpose(a), g));
                break;
            case (2, 1):
                yield return (a, f.Apply(TensorOp.Outer, g, b));
                yield return (b, f.MatMul(f.Transpose(a), g));
                break;
            case (1, 2):
                yield return (a, f.MatMul(b, g));
                yield return (b, f.Apply(TensorOp.Outer, a, g));
                break;
            default:
                yield return (a, f.Multiply(g, b));
                yield return (b, f.Multiply(g, a));
                break;
        }
    }

    // The table's partial derivative of row c.Function in argument i, applied entry by entry to c's arguments.
    private static TensorExpr LiftedPartial(TensorFactory f, TensorCall c, int i)
    {
        var scalar = new ExprFactory();
        var placeholders = Enumerable.Range(0, c.Children.Length).Select(k => scalar.Symbol(ScalarLift.ArgumentName(k))).ToImmutableArray();
        var partial = c.Function.Partials[i]!(scalar, placeholders);
        return ScalarLift.Lift(f, partial, c.Children);
    }

    /// <summary>Every node once, operands before the operations that use them, without recursion.</summary>
    public static List<TensorExpr> PostOrder(TensorExpr root) => PostOrder([root], n => n.Children);

    /// <summary>
    /// The nodes of several roots, each once, operands (as <paramref name="operands"/> names them) before the nodes
    /// that use them, without recursion: one walk for the gradient, the checks and the evaluation plan.
    /// </summary>
    internal static List<TensorExpr> PostOrder(IReadOnlyList<TensorExpr> roots, Func<TensorExpr, IEnumerable<TensorExpr>> operands)
    {
        var order = new List<TensorExpr>();
        var seen = new HashSet<TensorExpr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(TensorExpr Node, bool Expanded)>();
        foreach (var root in roots)
        {
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (node, expanded) = stack.Pop();
                if (expanded) { order.Add(node); continue; }
                if (!seen.Add(node)) continue;
                stack.Push((node, true));
                foreach (var c in operands(node).Reverse()) stack.Push((c, false));
            }
        }
        return order;
    }
}
