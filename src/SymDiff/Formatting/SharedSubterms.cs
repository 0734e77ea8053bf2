using System.Collections.Immutable;
using SymDiff.Expressions;
using SymDiff.Functions;

namespace SymDiff.Formatting;

/// <summary>A subterm shown once under the derivatives: <c>where s = sigmoid(w*x + b)</c>.</summary>
/// <param name="Name">The short name printed in its place.</param>
/// <param name="Value">What it stands for (itself in terms of the names chosen before it).</param>
public sealed record SharedSubterm(string Name, Expr Value)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>Expressions for display with their repeated subterms replaced by names, and what each name stands for.</summary>
/// <param name="Values">The expressions, in the order given, written with the names.</param>
/// <param name="Where">The names, in the order chosen; empty when nothing is worth naming.</param>
public sealed record Abbreviation(ImmutableArray<Expr> Values, ImmutableArray<SharedSubterm> Where)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// Finds the sizeable subterms that occur several times across expressions shown together (a gradient, a Hessian)
/// so reports print them once: <c>df/dw = x*(s - y)</c>, <c>df/db = s - y</c>, <c>where s = sigmoid(w*x + b)</c>.
/// Display only: what is evaluated and checked is always the full expression.
/// </summary>
/// <remarks>
/// A call with a compound argument (sigmoid(w*x + b), exp(-x^2)) is named when it is printed twice or more; any
/// other subtree only when it is larger (<see cref="MinSubtreeSize"/> nodes printed) and repeated, so that small
/// pieces (exp(a) + exp(b)) stay in place. The largest calls go first, then the largest other subtrees; occurrences
/// are counted again after each choice, in the expressions as they then read. A whole expression is never named.
/// The names are listed each after those its value uses.
/// Names: a call is named after its function's first letter (s for sigmoid, t for tanh) when that letter is free,
/// otherwise the first free letter of <see cref="FallbackNames"/>; a letter is free when no variable of the
/// function has that name, and it is not the constant e nor a name chosen before.
/// </remarks>
/// <example><code>var shown = SharedSubterms.Abbreviate(derivatives, variables);
/// foreach (var w in shown.Where) Console.WriteLine($"where {w.Name} = {w.Value}");</code></example>
public static class SharedSubterms
{
    public const int MaxNames = 4;
    public const int MinCallSize = 4;
    public const int MinSubtreeSize = 8;
    /// <summary>Beyond this many distinct nodes the expressions are shown as they are (the search is linear, but so is patience).</summary>
    public const int MaxDistinctNodes = 20_000;
    public const string FallbackNames = "uvpqrghkmnabcdz";

    public static Abbreviation Abbreviate(IReadOnlyList<Expr> expressions, IEnumerable<string> variables)
    {
        var values = expressions.ToArray();
        var where = new List<SharedSubterm>();
        var taken = new HashSet<string>(variables) { "e", "pi" };
        foreach (var e in expressions) taken.UnionWith(e.FreeSymbols);
        var factory = new ExprFactory();

        while (where.Count < MaxNames)
        {
            var shown = values.Concat(where.Select(w => w.Value)).ToList();
            if (Pick(shown, values) is not { } subterm) break;
            var name = NameFor(subterm, taken);
            taken.Add(name);
            var symbol = factory.Symbol(name);
            Expr Replace(Expr e) => ExprRebuilder.Rebuild(e, factory, (node, _) =>
                node.Equals(subterm) ? symbol : node.TreeSize < subterm.TreeSize ? node : null);
            for (var i = 0; i < values.Length; i++) values[i] = Replace(values[i]);
            for (var i = 0; i < where.Count; i++) where[i] = where[i] with { Value = Replace(where[i].Value) };
            where.Add(new SharedSubterm(name, subterm));
        }
        return new Abbreviation([.. values], [.. DefinedBeforeUse(where)]);
    }

    // Each name after the names its value uses (names are chosen largest first, so a later one can sit inside an
    // earlier one's value: t = tanh(u*w2 + b2), u = tanh(w1*x + b1) reads u first).
    private static List<SharedSubterm> DefinedBeforeUse(List<SharedSubterm> where)
    {
        var names = where.Select(w => w.Name).ToHashSet();
        var ordered = new List<SharedSubterm>(where.Count);
        var pending = new List<SharedSubterm>(where);
        while (pending.Count > 0)
        {
            var ready = pending.FindIndex(w => !w.Value.FreeSymbols.Any(v => names.Contains(v) && pending.Any(p => p.Name == v)));
            // The names never refer to each other in a cycle (each value was taken from the expressions before its
            // own name existed), so some name is always ready; the guard only keeps a bug from looping.
            if (ready < 0) ready = 0;
            ordered.Add(pending[ready]);
            pending.RemoveAt(ready);
        }
        return ordered;
    }

    // The subterm to name next, or null: the largest repeated call, else the largest repeated sizeable subtree.
    private static Expr? Pick(List<Expr> shown, Expr[] roots)
    {
        var order = ExprMetrics.TopologicalOrder(shown);
        if (order.Count > MaxDistinctNodes) return null;
        // How often each node is printed: once per root, then each parent passes its count to its children.
        var printed = new Dictionary<Expr, long>(ReferenceEqualityComparer.Instance);
        foreach (var root in shown) printed[root] = printed.GetValueOrDefault(root) + 1;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            var count = printed.GetValueOrDefault(node);
            if (count == 0) continue;
            foreach (var child in node.Children)
                printed[child] = Math.Min(long.MaxValue / 2, printed.GetValueOrDefault(child) + count);
        }
        // Structurally equal nodes from different factories are one subterm: sum their counts.
        var counts = new Dictionary<Expr, long>();
        foreach (var (node, count) in printed) counts[node] = counts.GetValueOrDefault(node) + count;

        Expr? bestCall = null, bestTree = null;
        foreach (var (node, count) in counts)
        {
            if (count < 2 || node.Children.IsEmpty || roots.Any(r => r.Equals(node))) continue;
            if (node is Call && node.TreeSize >= MinCallSize && Larger(node, bestCall)) bestCall = node;
            else if (node.TreeSize >= MinSubtreeSize && Larger(node, bestTree)) bestTree = node;
        }
        return bestCall ?? bestTree;
    }

    // Larger first; equal sizes in the canonical order, so the choice never depends on hashing.
    private static bool Larger(Expr node, Expr? best) =>
        best is null || node.TreeSize > best.TreeSize || node.TreeSize == best.TreeSize && ExprOrder.Terms.Compare(node, best) < 0;

    private static string NameFor(Expr subterm, HashSet<string> taken)
    {
        if (subterm is Call c && c.Function.Name[..1] is var letter && !taken.Contains(letter) && IsPlainName(letter)) return letter;
        foreach (var ch in FallbackNames)
            if (!taken.Contains(ch.ToString())) return ch.ToString();
        for (var i = 1; ; i++)
            if (!taken.Contains($"u{i}")) return $"u{i}";
    }

    // A name that reads back as a variable: not the constant e, not a function's name.
    private static bool IsPlainName(string name) => name is not ("e" or "pi") && !FunctionTable.IsFunctionName(name);
}
