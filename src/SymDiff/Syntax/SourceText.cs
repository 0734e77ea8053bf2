using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace SymDiff.Syntax;

/// <summary>
/// Source text with its line starts, to turn positions into 1-based line and column numbers. Line breaks are
/// <c>\r\n</c>, <c>\n</c> and <c>\r</c>. Columns count characters as a person sees them: text elements
/// (grapheme clusters), so a surrogate pair such as <c>𝑥</c>, a letter with its combining marks or an emoji
/// sequence is one column. Positions (<see cref="TextSpan"/>s) stay UTF-16 indices.
/// </summary>
/// <example><code>var source = SourceText.From("x +\n  sinn(x)");
/// var (line, column) = source.GetLinePosition(6); // (2, 3)
/// SourceText.From("𝑥 + y").GetLinePosition(5);    // (1, 5): 𝑥 is one column of two UTF-16 units</code></example>
public sealed class SourceText
{
    private readonly ImmutableArray<int> _lineStarts;

    private SourceText(string text, ImmutableArray<int> lineStarts)
    {
        Text = text;
        _lineStarts = lineStarts;
    }

    public string Text { get; }
    public int Length => Text.Length;
    public int LineCount => _lineStarts.Length;

    public static SourceText From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var starts = ImmutableArray.CreateBuilder<int>();
        starts.Add(0);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (text[i] is '\n' or '\r') starts.Add(i + 1);
        }
        return new SourceText(text, starts.ToImmutable());
    }

    /// <summary>
    /// The 1-based line and column of <paramref name="position"/> (clamped to the text); the column counts text
    /// elements, and a position inside one (between a letter and its accent) is in that element's column.
    /// </summary>
    public (int Line, int Column) GetLinePosition(int position)
    {
        position = Math.Clamp(position, 0, Text.Length);
        var index = _lineStarts.BinarySearch(position);
        if (index < 0) index = ~index - 1;
        var start = _lineStarts[index];
        var end = index + 1 < _lineStarts.Length ? _lineStarts[index + 1] : Text.Length;
        return (index + 1, ColumnOf(Text.AsSpan(start, end - start), position - start));
    }

    /// <summary>The position where a 1-based line starts.</summary>
    public int GetLineStart(int line)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(line, LineCount);
        return _lineStarts[line - 1];
    }

    /// <summary>
    /// The 1-based column of the UTF-16 <paramref name="index"/> in <paramref name="line"/>, counting text
    /// elements; an index inside an element gives that element's column, the end of the line one past the last.
    /// </summary>
    public static int ColumnOf(ReadOnlySpan<char> line, int index)
    {
        index = Math.Clamp(index, 0, line.Length);
        // PERF: ASCII up to and including the next character is one column per character (the common case, and
        // SIMD-fast); "\r\n" is the only ASCII pair that forms one element, and lines hold no line breaks.
        if (Ascii.IsValid(line[..Math.Min(line.Length, index + 1)])) return index + 1;
        var (column, i) = (1, 0);
        while (i < index)
        {
            var next = i + StringInfo.GetNextTextElementLength(line[i..]);
            if (next > index) return column;
            (i, column) = (next, column + 1);
        }
        return column;
    }

    /// <summary>
    /// The UTF-16 index <paramref name="count"/> text elements after <paramref name="start"/> in
    /// <paramref name="text"/> (at most its end): turns a column or a width in characters back into a position.
    /// </summary>
    public static int Advance(ReadOnlySpan<char> text, int start, int count)
    {
        var i = Math.Clamp(start, 0, text.Length);
        for (var k = 0; k < count && i < text.Length; k++) i += StringInfo.GetNextTextElementLength(text[i..]);
        return i;
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string GetLineText(int line)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(line, LineCount);
        var start = _lineStarts[line - 1];
        var end = line < LineCount ? _lineStarts[line] : Text.Length;
        while (end > start && Text[end - 1] is '\n' or '\r') end--;
        return Text[start..end];
    }
}
