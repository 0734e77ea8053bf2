using System.Collections.Immutable;
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
    private static readonly IReadOnlyDictionary<string, int> NoCounts = ImmutableDictionary<string, int>.Empty;
    // PERF: Rules.All boxed once; boxing it on every call cost an allocation.
    private static readonly IReadOnlyList<Rule> DefaultRules = Rules.All;

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
        budget ??= Budget.Default;
        rules ??= DefaultRules;
        var depth = 0;
        for (var i = 0; i < roots.Count; i++) depth = Math.Max(depth, roots[i].Depth);
        // PERF: most derivatives of small functions offer no rule anything (2*x + 2): screened, they cost a walk.
        if (budget.MaxPasses > 0 && depth <= StackGuard.InlineDepth && RuleScreen.NothingApplies(roots, rules, budget.MaxNodes))
            return new MultiSimplifyResult([.. roots], StopReason.Saturated, NoCounts, 1);
        if (StackGuard.CanRunInline(depth)) return new Run(f, budget, rules).Simplify(roots);
        // Deep trees continue on a thread with a stack to match (StackGuard): safe from a default 1 MiB stack.
        return StackGuard.Run(depth, () => new Run(f, budget, rules).Simplify(roots));
    }

    /// <summary>The state of one simplification run over several roots.</summary>
    private sealed class Run(ExprFactory f, Budget budget, IReadOnlyList<Rule> rules)
    {
        private readonly long _start = Stopwatch.GetTimestamp();
        private Dictionary<string, int>? _counts;
        private int _visited;
        private StopReason _stop = StopReason.Saturated;
        private bool _outOfBudget;
        private bool _changed;
        // Results of this pass, by the node they came from.
        private readonly Dictionary<Expr, Expr> _memo = new(ReferenceEqualityComparer.Instance);
        // PERF: what the run knows of a node; the rules are deterministic, so a later pass would find the same.
        private readonly Dictionary<Expr, Known> _known = new(ReferenceEqualityComparer.Instance);

        [Flags]
        private enum Known : byte
        {
            // Every rule was tried on the node itself and none applied (the textbook forms are the dearest to try).
            RulesFail = 1,
            // Visiting the node gives the node: its rules fail and so do its descendants' (a pass left it as it was,
            // or it was built from such nodes and its rules fail).
            Fixpoint = 2,
        }

        public MultiSimplifyResult Simplify(IReadOnlyList<Expr> roots)
        {
            var values = roots.ToArray();
            var passes = 0;
            while (true)
            {
                if (passes == budget.MaxPasses) { _stop = StopReason.PassLimit; break; }
                passes++;
                _memo.Clear();
                _changed = false;
                for (var i = 0; i < values.Length && !_outOfBudget; i++) values[i] = Visit(values[i]);
                if (_outOfBudget) break;
                if (!_changed) { _stop = StopReason.Saturated; break; }
            }
            return new MultiSimplifyResult(values, _stop, _counts ?? NoCounts, passes);
        }

        private bool Is(Expr node, Known fact) => _known.TryGetValue(node, out var k) && (k & fact) != 0;

        private Expr Visit(Expr node)
        {
            if (_memo.TryGetValue(node, out var done)) return done;
            if (_outOfBudget || node.Children.IsEmpty) return node;
            var known = _known.GetValueOrDefault(node);
            if ((known & Known.Fixpoint) != 0) return node;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (++_visited > budget.MaxNodes) { _stop = StopReason.NodeLimit; _outOfBudget = true; return node; }
            if (budget.Deadline is { } limit && (_visited & 255) == 0 && Stopwatch.GetElapsedTime(_start) > limit)
            {
                _stop = StopReason.Deadline;
                _outOfBudget = true;
                return node;
            }
            var rebuilt = RebuildChildren(node);
            var rebuiltKnown = ReferenceEquals(rebuilt, node) ? known : _known.GetValueOrDefault(rebuilt);
            if ((rebuiltKnown & Known.RulesFail) == 0)
            {
                var before = rebuilt;
                (rebuilt, var rulesFail) = ApplyRules(rebuilt);
                if (!ReferenceEquals(rebuilt, before)) rebuiltKnown = _known.GetValueOrDefault(rebuilt);
                if (rulesFail) rebuiltKnown |= Known.RulesFail;
            }
            if ((rebuiltKnown & Known.RulesFail) != 0 && ChildrenAreFixpoints(rebuilt)) rebuiltKnown |= Known.Fixpoint;
            if (rebuiltKnown != 0) _known[rebuilt] = rebuiltKnown;
            if (!ReferenceEquals(rebuilt, node) && !rebuilt.Equals(node)) _changed = true;
            // A pass left it as it was (a structurally equal rebuild counts): a later pass would too.
            else _known[node] = (ReferenceEquals(rebuilt, node) ? rebuiltKnown : known) | Known.Fixpoint;
            _memo[node] = rebuilt;
            return rebuilt;
        }

        private bool ChildrenAreFixpoints(Expr node)
        {
            foreach (var c in node.Children)
                if (!c.Children.IsEmpty && !Is(c, Known.Fixpoint)) return false;
            return true;
        }

        // The rules in order on one node, and whether every rule was tried on the result and none applied.
        private (Expr Result, bool RulesFail) ApplyRules(Expr rebuilt)
        {
            var triedAll = true;
            for (var r = 0; r < rules.Count; r++)
            {
                var rule = rules[r];
                if (rule.AppliesTo != rebuilt.Kind) continue;
                if (rule.MayApply is { } may && !may(rebuilt)) continue;
                if (rule.Apply(rebuilt, f) is not { } candidate) continue;
                var (cost, before) = (Cost.Of(candidate), Cost.Of(rebuilt));
                if (cost > before || cost == before && !rule.KeepOnTie) continue;
                // Never simplify an undefined constant away (sin(log(-1))^2 + cos(log(-1))^2 is not 1; issue 8).
                if (rebuilt.ContainsUndefinedConstant && !candidate.ContainsUndefinedConstant) continue;
                _counts ??= [];
                _counts[rule.Name] = _counts.GetValueOrDefault(rule.Name) + 1;
                // A rewrite into another kind of node (a sum factored into a product) starts over with the rules
                // of that kind; the cost falls strictly at each rewrite, so this ends.
                var restart = candidate.Kind != rebuilt.Kind && cost < before;
                if (restart) r = -1;
                // The rules before this one were tried on the node it replaces, not on the candidate.
                triedAll = restart;
                rebuilt = candidate;
                if (rebuilt.Children.IsEmpty) return (rebuilt, false);
            }
            return (rebuilt, triedAll);
        }

        private Expr RebuildChildren(Expr node)
        {
            var children = node.Children;
            Expr[]? next = null;
            for (var i = 0; i < children.Length; i++)
            {
                var c = Visit(children[i]);
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
}
