namespace SymDiff.Expressions;

/// <summary>Sizes of expression DAGs: how big a derivative really is in memory, shared subtrees counted once.</summary>
/// <example><code>ExprMetrics.DistinctNodes([f]); // 6 for x^2 + 2*x + 1</code></example>
public static class ExprMetrics
{
    /// <summary>Distinct nodes reachable from the roots (structurally equal nodes counted once).</summary>
    public static int DistinctNodes(IEnumerable<Expr> roots) => Walk(roots).Nodes;

    /// <summary>
    /// Distinct nodes plus their child references: flattening a shared product into a fresh n-ary node
    /// costs its n references here, which a plain node count would hide.
    /// </summary>
    public static int DagSize(IEnumerable<Expr> roots)
    {
        var (nodes, references) = Walk(roots);
        return nodes + references;
    }

    /// <summary>Every distinct node, children before parents (iterative, so safe on any depth).</summary>
    public static List<Expr> TopologicalOrder(IEnumerable<Expr> roots)
    {
        var seen = new HashSet<Expr>();
        var order = new List<Expr>();
        var stack = new Stack<(Expr Node, bool Expanded)>();
        foreach (var root in roots) stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded) { order.Add(node); continue; }
            if (!seen.Add(node)) continue;
            stack.Push((node, true));
            var children = node.Children;
            for (var i = children.Length - 1; i >= 0; i--)
                if (!seen.Contains(children[i])) stack.Push((children[i], false));
        }
        return order;
    }

    private static (int Nodes, int References) Walk(IEnumerable<Expr> roots)
    {
        var order = TopologicalOrder(roots);
        return (order.Count, order.Sum(n => n.Children.Length));
    }
}
