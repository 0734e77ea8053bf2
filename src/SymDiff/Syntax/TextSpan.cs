namespace SymDiff.Syntax;

/// <summary>A range of characters in the source text: a 0-based <see cref="Start"/> and a <see cref="Length"/>.</summary>
/// <example><code>var span = new TextSpan(4, 4); // "sinn" in "2 + sinn(x)"</code></example>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>One past the last character.</summary>
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, end - start);

    public override string ToString() => $"[{Start}..{End})";
}
