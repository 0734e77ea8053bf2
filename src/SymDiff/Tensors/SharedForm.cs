using System.Collections.Immutable;

namespace SymDiff.Tensors;

/// <summary>
/// Derivatives written as a textbook writes backprop: subexpressions that several derivatives (or one, several
/// times) repeat get a name (<c>u1 = tanh(X@W1.T + b1)</c>) and are written once, in the order the forward pass
/// computes them; the derivatives then read <c>d/dW2 = 0.25*u2.T@u1</c>.
/// </summary>
/// <param name="Definitions">Each name and its definition, later ones using earlier ones.</param>
/// <param name="Derivatives">Each derivative written with the names.</param>
public sealed record SharedForm(ImmutableArray<(string Name, string Definition)> Definitions, ImmutableArray<string> Derivatives)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>Repeated parts smaller than this many nodes are left in place.</summary>
    public const int MinimumSize = 4;

    /// <summary>Names the repeated parts of <paramref name="roots"/>, avoiding <paramref name="taken"/> names.</summary>
    public static SharedForm Of(IReadOnlyList<TensorExpr> roots, IReadOnlyCollection<string> taken)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var named = new Dictionary<TensorExpr, string>(ReferenceEqualityComparer.Instance);
        var order = new List<TensorExpr>();
        var number = 1;
        for (var round = 0; round < 32; round++)
        {
            var counts = Count(roots, named);
            var pick = counts.Where(p => p.Value >= 2 && p.Key.TreeSize >= MinimumSize && !named.ContainsKey(p.Key))
                .OrderByDescending(p => p.Key.TreeSize).Select(p => p.Key).FirstOrDefault();
            if (pick is null) break;
            string name;
            do name = $"u{number++}"; while (taken.Contains(name));
            named[pick] = name;
            order.Add(pick);
        }
        // Forward order: a definition comes after the names it uses; numbered in that order.
        var forward = order.OrderBy(n => n.TreeSize).ToList();
        number = 1;
        foreach (var n in forward)
        {
            string name;
            do name = $"u{number++}"; while (taken.Contains(name));
            named[n] = name;
        }
        var definitions = forward.Select(n => (named[n], TensorFormatter.Format(n, named, top: n))).ToImmutableArray();
        return new SharedForm(definitions, [.. roots.Select(r => TensorFormatter.Format(r, named, top: null))]);
    }

    // How often each node is printed when named nodes print as their names (and their definitions once each).
    private static Dictionary<TensorExpr, int> Count(IReadOnlyList<TensorExpr> roots, Dictionary<TensorExpr, string> named)
    {
        var counts = new Dictionary<TensorExpr, int>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(TensorExpr Node, bool Top)>();
        foreach (var r in roots) stack.Push((r, true));
        foreach (var n in named.Keys) stack.Push((n, true));
        var budget = 200_000;
        while (stack.Count > 0 && budget-- > 0)
        {
            var (node, top) = stack.Pop();
            counts[node] = counts.GetValueOrDefault(node) + 1;
            if (!top && named.ContainsKey(node)) continue;
            if (node is TensorOnesLike) continue;
            foreach (var c in node.Children) stack.Push((c, false));
        }
        return counts;
    }
}
