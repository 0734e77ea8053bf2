namespace SymDiff.Expressions;

public sealed partial class ExprFactory
{
    /// <summary>
    /// Past this many interned nodes the default factory is replaced by a fresh one, so a long-running program that
    /// builds many unrelated expressions does not keep every node it ever built.
    /// </summary>
    public const int DefaultFactoryCapacity = 1 << 20;

    private static ExprFactory s_default = new();

    /// <summary>
    /// The factory behind <see cref="Expr.Parse(string)"/>, the operators on <see cref="Expr"/> and its methods
    /// (<see cref="Expr.Differentiate(string)"/>, ...): one interning factory shared by every thread.
    /// </summary>
    /// <remarks>
    /// Shared rather than one per thread: the factory is already safe across threads (its tables are read and
    /// written under one lock, uncontended in the common single-threaded case), and sharing makes nodes built on
    /// different threads the same objects, where per-thread factories would keep one table alive per pool thread.
    /// Once it holds <see cref="DefaultFactoryCapacity"/> nodes a fresh factory takes its place; nodes of the old
    /// one stay valid, since equality is structural and no result depends on interning.
    /// </remarks>
    public static ExprFactory Default
    {
        get
        {
            var current = Volatile.Read(ref s_default);
            if (current.UnlockedInternedCount <= DefaultFactoryCapacity) return current;
            Interlocked.CompareExchange(ref s_default, new ExprFactory(), current);
            return Volatile.Read(ref s_default);
        }
    }
}
