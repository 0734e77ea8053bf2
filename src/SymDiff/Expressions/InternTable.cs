namespace SymDiff.Expressions;

/// <summary>
/// The set of a factory's interned nodes: open addressing with linear probing on each node's cached hash, the
/// slots holding the nodes themselves. Not thread-safe: <see cref="ExprFactory"/> calls it under its lock.
/// </summary>
/// <remarks>
/// PERF (issue 12): a <c>Dictionary&lt;Expr, Expr&gt;</c> allocated two arrays and an entry per node and rehashed at
/// every growth; a fresh factory per gradient spent more time growing it than building the derivative. One array of
/// references, sized 16 at first and doubled at half full, does the same job in a fraction of the time.
/// </remarks>
internal sealed class InternTable
{
    private const int InitialSize = 16;
    private Expr?[] _slots = new Expr?[InitialSize];
    private int _shift = 32 - 4; // log2(InitialSize) bits of the mixed hash index the slots

    /// <summary>Number of distinct nodes held.</summary>
    public int Count { get; private set; }

    /// <summary>The node equal to <paramref name="node"/> already held, else <paramref name="node"/>, now held.</summary>
    public Expr GetOrAdd(Expr node)
    {
        var hash = node.GetHashCode();
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Index(hash, _shift); ; i = (i + 1) & mask)
        {
            var held = slots[i];
            if (held is null) break;
            if (held.GetHashCode() == hash && held.Equals(node)) return held;
        }
        if (2 * (Count + 1) > slots.Length) Grow();
        Place(_slots, node, _shift);
        Count++;
        return node;
    }

    // Fibonacci hashing: the top bits of hash times 2^32/phi, so hashes that differ only in high bits still spread.
    private static int Index(int hash, int shift) => (int)(((uint)hash * 0x9E3779B9u) >> shift);

    private static void Place(Expr?[] slots, Expr node, int shift)
    {
        var mask = slots.Length - 1;
        var i = Index(node.GetHashCode(), shift);
        while (slots[i] is not null) i = (i + 1) & mask;
        slots[i] = node;
    }

    private void Grow()
    {
        var old = _slots;
        var slots = new Expr?[old.Length * 2];
        var shift = _shift - 1;
        foreach (var node in old)
            if (node is not null) Place(slots, node, shift);
        (_slots, _shift) = (slots, shift);
    }
}
