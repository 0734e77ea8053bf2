using SymDiff.Expressions;

namespace SymDiff.Simplification;

/// <summary>
/// Proves, cheaply, that a simplification run would change nothing: no rule's <see cref="Rule.MayApply"/> screen
/// passes at any node. Then the run's result is its input after one pass, and the run need not set up at all (the
/// memo tables, the counts and the pass cost microseconds on a derivative such as 2*x*cos(x^2)).
/// </summary>
internal static class RuleScreen
{
    /// <summary>
    /// The most nodes the screen visits (it walks the printed tree, not the DAG, so it allocates nothing); a bigger
    /// input takes the full run, whose own cost dwarfs a walk this long.
    /// </summary>
    public const int MaxVisits = 512;

    /// <summary>
    /// True when no rule may apply at any node of <paramref name="roots"/> and a pass over them fits in
    /// <paramref name="maxNodes"/>; false when unsure (a rule without a screen, a big or deep input).
    /// </summary>
    public static bool NothingApplies(IReadOnlyList<Expr> roots, IReadOnlyList<Rule> rules, int maxNodes)
    {
        for (var r = 0; r < rules.Count; r++)
            if (rules[r].MayApply is null) return false;
        var visits = 0;
        var limit = Math.Min(maxNodes, MaxVisits);
        for (var i = 0; i < roots.Count; i++)
            if (!Clear(roots[i], rules, ref visits, limit)) return false;
        return true;
    }

    private static bool Clear(Expr node, IReadOnlyList<Rule> rules, ref int visits, int limit)
    {
        var children = node.Children;
        if (children.IsEmpty) return true;
        if (++visits > limit) return false;
        for (var r = 0; r < rules.Count; r++)
            if (rules[r].AppliesTo == node.Kind && rules[r].MayApply!(node)) return false;
        foreach (var c in children)
            if (!Clear(c, rules, ref visits, limit)) return false;
        return true;
    }
}
