using System.Collections.Immutable;

namespace SymDiff.Syntax;

/// <summary>
/// Source text with its line starts, to turn positions into 1-based line and column numbers. Line breaks are
/// <c>\r\n</c>, <c>\n</c> and <c>\r</c>; columns count UTF-16 code units.
/// </summary>
/// <example><code>var source = SourceText.From("x +\n  sinn(x)");
/// var (line, column) = source.GetLinePosition(6); // (2, 3)</code></example>
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

    /// <summary>The 1-based line and column of <paramref name="position"/> (clamped to the text).</summary>
    public (int Line, int Column) GetLinePosition(int position)
    {
        position = Math.Clamp(position, 0, Text.Length);
        var index = _lineStarts.BinarySearch(position);
        if (index < 0) index = ~index - 1;
        return (index + 1, position - _lineStarts[index] + 1);
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
