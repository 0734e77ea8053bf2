using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace SymDiff.Expressions;

/// <summary>
/// Lets the recursive walks (differentiation, simplification, formatting, ordering) run on trees of any depth from
/// a default 1 MiB thread stack: an operation on a tree deeper than <see cref="InlineDepth"/>, or started with little
/// stack left, continues on a fresh thread whose stack is sized from the tree's <see cref="Expr.Depth"/>, and the
/// caller waits for it (Roslyn's StackGuard does the same for deep syntax). Shallow trees, nearly every call, run
/// inline at the cost of one comparison.
/// </summary>
/// <remarks>
/// Why a fresh thread rather than iterative walks: the walks are written as the math reads (one switch over the node
/// kinds), each already stops with <see cref="InsufficientExecutionStackException"/> rather than overflowing, and the
/// depth of the tree bounds their recursion, so sizing the stack from it is enough.
/// </remarks>
internal static class StackGuard
{
    /// <summary>Trees up to this deep run inline: a few hundred bytes a level of every walk fits easily in 1 MiB.</summary>
    public const int InlineDepth = 256;

    // Measured: the deepest walk (differentiating a chain of calls, whose results the factory orders) needs about
    // 1.5 KiB a level; four times that leaves room for a walk that calls another (formatting a derivative).
    private const long BytesPerLevel = 6 * 1024;
    private const long MinStack = 16L << 20;
    private const long MaxStack = 1L << 30;

    // The stack size of the thread a guard started, so a guarded walk inside another one does not start another thread.
    [ThreadStatic] private static long t_guardedStack;

    /// <summary>True when a walk over a tree <paramref name="depth"/> deep can run on the current thread.</summary>
    public static bool CanRunInline(int depth) =>
        (depth <= InlineDepth || StackFor(depth) <= t_guardedStack) && RuntimeHelpers.TryEnsureSufficientExecutionStack();

    /// <summary>
    /// <paramref name="work"/>'s result, computed inline when <see cref="CanRunInline"/>, else on a thread with a stack
    /// for a tree <paramref name="depth"/> deep; its exceptions reach the caller unchanged.
    /// </summary>
    public static T Run<T>(int depth, Func<T> work)
    {
        if (CanRunInline(depth)) return work();
        return OnThread(Math.Max(StackFor(depth), t_guardedStack), work);
    }

    private static T OnThread<T>(long size, Func<T> work)
    {
        size = Math.Min(size, MaxStack);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            t_guardedStack = size;
            try { result = work(); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
        }, (int)size);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>
    /// For work that rarely recurses deep and has no side effects (building a node, which orders its children by
    /// comparing them): inline, and only when the stack runs out, again on a thread sized for <paramref name="depth"/>.
    /// Starting a thread for every operator on a deep tree would make building one quadratic in practice.
    /// </summary>
    public static T RunOrRetry<T>(int depth, Func<T> work)
    {
        try
        {
            if (RuntimeHelpers.TryEnsureSufficientExecutionStack()) return work();
        }
        catch (InsufficientExecutionStackException) { }
        var size = Math.Max(StackFor(depth), 2 * t_guardedStack);
        return OnThread(size, work);
    }

    /// <summary>As <see cref="Run{T}(int, Func{T})"/>, for a walk over every expression of <paramref name="roots"/>.</summary>
    public static T Run<T>(IEnumerable<Expr> roots, Func<T> work) => Run(DepthOf(roots), work);

    public static int DepthOf(IEnumerable<Expr> roots)
    {
        var depth = 0;
        foreach (var r in roots) depth = Math.Max(depth, r.Depth);
        return depth;
    }

    private static long StackFor(int depth) => Math.Clamp(depth * BytesPerLevel, MinStack, MaxStack);
}
