using System.Diagnostics;
using System.Runtime.CompilerServices;
using SymDiff.Expressions;

namespace SymDiff.Simplification;

/// <summary>
/// Optional, bounded simplification after canonical construction: bottom-up passes of <see cref="Rules"/>,
/// each rewrite kept only if it lowers <see cref="Cost"/> (or, for a normalising rule, keeps it), until nothing changes or the <see cref="Budget"/>
/// runs out. It never hangs and never grows an expression.
/// </summary>
/// <example><code>var result = Simplifier.Simplify(derivative, factory);
/// Console.WriteLine(result.Value); // sin(x)^2 + cos(x)^2 gives 1</code></example>
public static class Simplifier
{
    /// <summary>
    /// Simplifies <paramref name="e"/> within <paramref name="budget"/> (<see cref="Budget.Default"/> when null) using
    /// <paramref name="rules"/> (<see cref="Rules.All"/> when null); safe on trees of any depth.
    /// </summary>
    /// <returns>The simplest form found, why the run stopped, how often each rule applied, and the passes made.</returns>
    public static SimplifyResult Simplify(Expr e, ExprFactory f, Budget? budget = null, IReadOnlyList<Rule>? rules = null)
    {
        var all = SimplifyAll([e], f, budget, rules);
        return new SimplifyResult(all.Values[0], all.StopReason, all.RuleCounts, all.Passes);
    }

    /// <summary>
    /// Simplifies several expressions that share subtrees (a gradient's partials) in one run: each shared node is
    /// visited once per pass, and one budget covers them all.
    /// </summary>
    public static MultiSimplifyResult SimplifyAll(IReadOnlyList<Expr> roots, ExprFactory f, Budget? budget = null, IReadOnlyList<Rule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(f);
        // Deep trees continue on a thread with a stack to match (StackGuard): safe from a default 1 MiB stack.
        return StackGuard.Run(roots, () => SimplifyAllInline(roots, f, budget, rules));
    }

    private static MultiSimplifyResult SimplifyAllInline(IReadOnlyList<Expr> roots, ExprFactory f, Budget? budget, IReadOnlyList<Rule>? rules)
    {
        var values = roots.ToArray();
        budget ??= Budget.Default;
        rules ??= Rules.All;
        var counts = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var visited = 0;
        var stop = StopReason.Saturated;
        var passes = 0;
        // PERF: nodes a pass left as they were; the rules are deterministic, so a later pass would leave them too
        // and need not try every rule on them again (the textbook forms are the dearest to try).
        var settled = new HashSet<Expr>(ReferenceEqualityComparer.Instance);

        while (true)
        {
            if (passes == budget.MaxPasses) { stop = StopReason.PassLimit; break; }
            passes++;
            var memo = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
            var changed = false;
            var outOfBudget = false;

            Expr Visit(Expr node)
            {
                if (memo.TryGetValue(node, out var done)) return done;
                if (outOfBudget || node.Children.IsEmpty || settled.Contains(node)) return node;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                if (++visited > budget.MaxNodes) { stop = StopReason.NodeLimit; outOfBudget = true; return node; }
                if (budget.Deadline is { } limit && (visited & 255) == 0 && clock.Elapsed > limit)
                {
                    stop = StopReason.Deadline;
                    outOfBudget = true;
                    return node;
                }
                var rebuilt = RebuildChildren(node, f, Visit);
                for (var r = 0; r < rules.Count; r++)
                {
                    var rule = rules[r];
                    if (rule.AppliesTo != rebuilt.Kind) continue;
                    if (rule.Apply(rebuilt, f) is not { } candidate) continue;
                    var (cost, before) = (Cost.Of(candidate), Cost.Of(rebuilt));
                    if (cost > before || cost == before && !rule.KeepOnTie) continue;
                    // Never simplify an undefined constant away (sin(log(-1))^2 + cos(log(-1))^2 is not 1; issue 8).
                    if (rebuilt.ContainsUndefinedConstant && !candidate.ContainsUndefinedConstant) continue;
                    counts[rule.Name] = counts.GetValueOrDefault(rule.Name) + 1;
                    // A rewrite into another kind of node (a sum factored into a product) starts over with the rules
                    // of that kind; the cost falls strictly at each rewrite, so this ends.
                    if (candidate.Kind != rebuilt.Kind && cost < before) r = -1;
                    rebuilt = candidate;
                    if (rebuilt.Children.IsEmpty) break;
                }
                if (!ReferenceEquals(rebuilt, node) && !rebuilt.Equals(node)) changed = true;
                else settled.Add(node);
                memo[node] = rebuilt;
                return rebuilt;
            }

            for (var i = 0; i < values.Length && !outOfBudget; i++) values[i] = Visit(values[i]);
            if (outOfBudget) break;
            if (!changed) { stop = StopReason.Saturated; break; }
        }
        return new MultiSimplifyResult(values, stop, counts, passes);
    }

    private static Expr RebuildChildren(Expr node, ExprFactory f, Func<Expr, Expr> visit)
    {
        var children = node.Children;
        Expr[]? next = null;
        for (var i = 0; i < children.Length; i++)
        {
            var c = visit(children[i]);
            if (ReferenceEquals(c, children[i])) continue;
            next ??= [.. children];
            next[i] = c;
        }
        if (next is null) return node;
        return node switch
        {
            Add => f.Add(next),
            Mul => f.Mul(next),
            Pow => f.Pow(next[0], next[1]),
            Call c => f.Call(c.Function, next),
            _ => node,
        };
    }
}
