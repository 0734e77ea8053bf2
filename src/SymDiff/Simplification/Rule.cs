using SymDiff.Expressions;

namespace SymDiff.Simplification;

/// <summary>
/// A named rewrite (kebab-case, as in egg). <see cref="Apply"/> returns the rewritten node, or null when the
/// rule does not match. Rules must preserve values wherever the input is defined. A rule that only normalises
/// (<paramref name="KeepOnTie"/>: exp(a)*exp(b) is exp(a + b)) is kept at equal cost too; it must never undo itself.
/// <paramref name="MayApply"/> is a cheap screen that builds nothing: false only where <see cref="Apply"/> surely
/// returns null. The simplifier skips the rule where it is false, and returns at once when it is false for every
/// rule at every node (most derivatives of small functions); a rule without one is always tried.
/// </summary>
/// <example><code>new Rule("sign-times-abs", ExprKind.Mul, (e, f) => ..., MayApply: e => ...);</code></example>
public sealed record Rule(string Name, ExprKind AppliesTo, Func<Expr, ExprFactory, Expr?> Apply, bool KeepOnTie = false,
    Func<Expr, bool>? MayApply = null)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>Why a simplification run ended.</summary>
public enum StopReason { Saturated, PassLimit, NodeLimit, Deadline }

/// <summary>Limits on one simplification run: it always terminates, and fast.</summary>
public sealed record Budget(int MaxPasses = 4, int MaxNodes = 200_000, TimeSpan? Deadline = null)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public static Budget Default { get; } = new(Deadline: TimeSpan.FromMilliseconds(200));
}

/// <summary>The outcome of a simplification run: the expression, why it stopped and how often each rule fired.</summary>
public sealed record SimplifyResult(Expr Value, StopReason StopReason, IReadOnlyDictionary<string, int> RuleCounts, int Passes)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>The outcome of simplifying several expressions in one run (<see cref="Simplifier.SimplifyAll"/>).</summary>
public sealed record MultiSimplifyResult(IReadOnlyList<Expr> Values, StopReason StopReason, IReadOnlyDictionary<string, int> RuleCounts, int Passes)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>The cost a rewrite must lower to be kept: printed-tree size, so no rewrite can grow or oscillate.</summary>
public static class Cost
{
    public static long Of(Expr e) => e.TreeSize;
}
