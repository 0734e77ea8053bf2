using System.Collections.Immutable;
using SymDiff.Checking.Tensors;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Checking;

/// <summary>One part of an .sdx line: its text (trimmed) and the 0-based offset of that text in the line.</summary>
/// <example><code>new SdxPart("x=1; x=2", 9); // the points of "sin(x) @ x=1; x=2"</code></example>
public readonly record struct SdxPart(string Text, int Offset)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// One case of an .sdx file: its 1-based line number, the raw line, and its parts. <see cref="Error"/> is set when
/// the line's structure is wrong (an empty expression, point or claim, a second <c>@</c> or <c>=&gt;</c>, the
/// point after the claim); the parts are then meaningless.
/// </summary>
/// <example><code>var c = SdxFile.ParseLine("x^2 @ 3 => 2*x  # power rule", 1)!;
/// // c.Expression.Text == "x^2", c.Points?.Text == "3", c.Claim?.Text == "2*x"</code></example>
public sealed record SdxCase(int Line, string Text, SdxPart Expression, SdxPart? Points, SdxPart? Claim, CaseError? Error)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The shapes declared by the last <c>shape:</c> line before this case (null when none is in effect).</summary>
    public SdxShapes? Shapes { get; init; }

    /// <summary>The file's setting lines in effect with the line's own <c>{...}</c> block over them.</summary>
    public SdxSettings Settings { get; init; } = SdxSettings.None;

    /// <summary>
    /// The case as written, when <c>let</c> names were substituted into it (this case's parts and text are then
    /// the substituted ones, which every oracle checks); null when it uses none.
    /// </summary>
    public SdxCase? Written { get; init; }

    /// <summary>The lets substituted into this case, in order of first use.</summary>
    public ImmutableArray<SdxLet> Lets { get; init; } = [];

    /// <summary>The line without its comment, trimmed: what the case says.</summary>
    public string Content => SdxFile.StripComment(Text).Trim();
}

/// <summary>
/// What the lines above a case put in effect: the <c>shape:</c> line, the setting lines and the <c>let</c>s.
/// </summary>
/// <example><code>var scope = SdxScope.Empty;
/// SdxFile.ParseLine("wrt: w", 1, ref scope); // null: a setting line; scope.Settings.Wrt == [w]</code></example>
public sealed record SdxScope
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public static SdxScope Empty { get; } = new();

    public SdxShapes? Shapes { get; init; }
    public SdxSettings Settings { get; init; } = SdxSettings.None;
    public ImmutableDictionary<string, SdxLet> Lets { get; init; } = ImmutableDictionary<string, SdxLet>.Empty;
}

/// <summary>A <c>shape: W=3x2, x=2</c> directive: its 1-based line and the shapes it declares.</summary>
/// <example><code>SdxFile.Parse("shape: W=3x2, x=2\nsum(W@x)").Single().Shapes!.Declared["W"]; // 3x2</code></example>
public sealed record SdxShapes(int Line, ImmutableDictionary<string, Shape> Declared)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// The .sdx format of <c>symdiff check</c>: one case per line, read as a stream. Blank lines and <c>#</c> comments
/// (whole line or trailing; <c>#</c> never occurs in an expression) are skipped. A case is
/// <code>
/// EXPR                      the derivative(s) only
/// EXPR @ POINT              checked at the point(s): "3", "x=0.7, y=-1.3", several separated by ';'
/// EXPR => CLAIM             a hand-written derivative: "2*x+2", or "d/dx: y; d/dy: x"
/// EXPR @ POINT => CLAIM     both
/// shape: W=3x2, x=2         shapes for the following lines, until the next shape: line (an empty one clears them)
/// wrt: w, b                 a setting (wrt, data, rtol, atol, order) for the following lines, the same way
/// let s = sigmoid(w*x + b)  a name the lines below may use: each use becomes (sigmoid(w*x + b))
/// {wrt: x; data: y=1} EXPR @ POINT => CLAIM   settings for this line alone, over the file's
/// </code>
/// <c>@</c> is also the matrix product. The point is introduced by the last <c>@</c> outside brackets and
/// parentheses that is followed (after spaces) by a binding <c>NAME =</c>, a number, a sign or nothing; every other
/// <c>@</c> is a matrix product: <c>sum((W@x - y)^2) @ W=[[1, 2], [3, 4]], x=[1, 2], y=[0, 1]</c> has its point
/// after the last <c>@</c>, <c>x@A@x</c> has none. An earlier <c>@</c> followed by a number or a binding is a second
/// point (an error), and so is any <c>@</c> after the point.
/// Only the structure is read here; the expression, points and claim are parsed by <see cref="SdxRunner"/>, which
/// reports their errors with columns in the line.
/// </summary>
/// <example><code>using var reader = File.OpenText("examples/quickstart.sdx");
/// foreach (var c in SdxFile.Read(reader)) Console.WriteLine($"{c.Line}: {c.Expression.Text}");</code></example>
public static class SdxFile
{
    /// <summary>
    /// The case lines of <paramref name="reader"/>, lazily, in order; blank and comment lines are skipped. A byte
    /// order mark that the reader left at the start (standard input does) is not part of the first line.
    /// </summary>
    public static IEnumerable<SdxCase> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        var scope = SdxScope.Empty;
        while (reader.ReadLine() is { } line)
        {
            if (number++ == 0 && line.StartsWith('\uFEFF')) line = line[1..];
            if (ParseLine(line, number, ref scope) is { } c) yield return c;
        }
    }

    /// <summary>The directive keyword that declares shapes for the following lines.</summary>
    public const string ShapeDirective = "shape:";

    /// <summary>The case lines of a whole text.</summary>
    public static IEnumerable<SdxCase> Parse(string text) => Read(new StringReader(text));

    /// <summary>
    /// Splits one line into its parts; null for a blank or comment line, and for a valid <c>shape:</c>, setting or
    /// <c>let</c> line (a bad one is an error case).
    /// </summary>
    public static SdxCase? ParseLine(string text, int line)
    {
        var scope = SdxScope.Empty;
        return ParseLine(text, line, ref scope);
    }

    /// <summary>
    /// As <see cref="ParseLine(string, int)"/>, with what the lines above put in effect: a <c>shape:</c>, setting
    /// or <c>let</c> line changes <paramref name="scope"/> for the lines below.
    /// </summary>
    public static SdxCase? ParseLine(string text, int line, ref SdxScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        var content = StripComment(text);
        if (string.IsNullOrWhiteSpace(content)) return null;
        var lead = content.Length - content.TrimStart().Length;
        if (content.AsSpan(lead).StartsWith(ShapeDirective, StringComparison.Ordinal))
        {
            var shapes = scope.Shapes;
            var result = Directive(text, content, line, lead + ShapeDirective.Length, ref shapes);
            scope = scope with { Shapes = shapes };
            return result;
        }
        if (SettingKey(content, lead) is { } key)
        {
            var start = lead + key.Length + 1;
            var (settings, error) = SdxSettings.Read(scope.Settings, key, text, start, content.Length - start, line, inBlock: false);
            if (error is not null)
            {
                // As a bad shape: line does: the lines below must not run with a setting nobody could read.
                scope = scope with { Settings = SdxSettings.Read(scope.Settings, key, text, start, 0, line, inBlock: false).Settings! };
                return Whole(text, content, line, error);
            }
            scope = scope with { Settings = settings! };
            return null;
        }
        // A setting's name alone ("atol", the colon forgotten) parses as a variable and would pass as the case
        // d/datol atol = 1: say what was meant instead.
        if (content.Trim() is var bare && (SdxSettings.Keys.Contains(bare) || bare == ShapeDirective.TrimEnd(':')))
            return Whole(text, content, line, SdxDiagnostic.Error(
                $"'{bare}' alone is not a case: a setting line is '{bare}: VALUE', e.g. {(bare == "shape" ? "shape: A=3x3, x=3" : SdxSettings.Example(bare))}",
                line, text, lead, bare.Length, DiagnosticCode.SdxBadSetting));
        if (SdxLets.IsLet(content))
        {
            var (let, error) = SdxLets.Read(text, content, line, scope.Lets, scope.Settings);
            if (error is not null) return Whole(text, content, line, error);
            scope = scope with { Lets = scope.Lets.SetItem(let!.Name, let) };
            return null;
        }

        var own = SdxSettings.None;
        if (content[lead] == '{')
        {
            var (block, blockEnd, error) = Block(text, content, line, lead);
            if (error is not null) return Whole(text, content, line, error);
            own = block!;
            // The block becomes spaces: the parts keep their columns in the line.
            content = new string(' ', blockEnd + 1) + content[(blockEnd + 1)..];
        }
        var c = ParseCase(text, content, line);
        c = c with { Shapes = scope.Shapes, Settings = own.Over(scope.Settings) };
        return c.Error is null && !scope.Lets.IsEmpty ? SdxLets.Apply(c, scope.Lets) : c;
    }

    // "wrt:", "data:", ... at the start of the line (the key right before the colon, as in "shape:"); null otherwise.
    private static string? SettingKey(string content, int lead)
    {
        foreach (var key in SdxSettings.Keys)
            if (content.AsSpan(lead).StartsWith(key, StringComparison.Ordinal) && content.Length > lead + key.Length && content[lead + key.Length] == ':')
                return key;
        return null;
    }

    // "{wrt: x; rtol: 1e-6}" at the start of a case: the line's own settings, separated by ';' ('{' and '}' occur
    // nowhere else in a line, so the block cannot be confused with an expression, a point or a claim).
    private static (SdxSettings? Settings, int End, CaseError? Error) Block(string text, string content, int line, int open)
    {
        var close = content.IndexOf('}', open);
        if (close < 0)
            return (null, 0, SdxDiagnostic.Error("unclosed '{': a line's settings are written {KEY: VALUE; ...} before its expression, e.g. {wrt: x; rtol: 1e-6} x^2*y @ x=1, y=2",
                line, text, open, 1, DiagnosticCode.SdxBadSetting));
        var settings = SdxSettings.None;
        var offset = open + 1;
        var said = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in content[(open + 1)..close].Split(';'))
        {
            var start = offset;
            offset += raw.Length + 1;
            var item = raw.Trim();
            var at = start + (raw.Length - raw.TrimStart().Length);
            var colon = item.IndexOf(':');
            var key = colon < 0 ? item.Split(' ', 2)[0] : item[..colon].Trim();
            if (!SdxSettings.Keys.Contains(key))
                return (null, 0, SdxDiagnostic.Error(
                    $"{(item.Length == 0 ? "empty setting" : $"unknown setting '{key}'")} in '{{...}}': expected {string.Join(", ", SdxSettings.Keys.Select(k => k + ":"))} (e.g. {{{SdxSettings.Example("wrt")}; {SdxSettings.Example("rtol")}}})",
                    line, text, at, Math.Max(1, item.Length), DiagnosticCode.SdxBadSetting));
            if (colon < 0)
                return (null, 0, SdxDiagnostic.Error($"expected ':' after '{key}', e.g. {SdxSettings.Example(key)}", line, text, at, key.Length, DiagnosticCode.SdxBadSetting));
            if (!said.Add(key))
                return (null, 0, SdxDiagnostic.Error($"'{key}' is set twice in this line's settings", line, text, at, key.Length, DiagnosticCode.SdxBadSetting));
            var valueStart = at + colon + 1;
            var (next, error) = SdxSettings.Read(settings, key, text, valueStart, start + raw.Length - valueStart, line, inBlock: true);
            if (error is not null) return (null, 0, error);
            settings = next!;
        }
        return (settings, close, null);
    }

    // A bad setting, shape or let line: the whole line is an error case (its error has the column).
    private static SdxCase Whole(string text, string content, int line, CaseError error) =>
        new(line, text, Part(content, 0, content.Length), null, null, error);

    // "shape: W=3x2, x=2" replaces the shapes in effect; an empty one clears them; a bad one is an error case and
    // clears them too, so that the lines after it do not run with shapes nobody declared.
    private static SdxCase? Directive(string text, string content, int line, int start, ref SdxShapes? shapes)
    {
        var declaration = content[start..];
        shapes = null;
        if (string.IsNullOrWhiteSpace(declaration)) return null;
        var (point, errors) = TensorPoint.Read(null, declaration, [], shapeName: ShapeDirective);
        if (point is null)
            return new SdxCase(line, text, Part(content, 0, content.Length), null, null,
                SdxDiagnostic.FromDiagnostics([.. errors.Select(e => e.Diagnostic)], line, text, start));
        shapes = new SdxShapes(line, point.Shapes);
        return null;
    }

    private static SdxCase ParseCase(string text, string content, int line)
    {
        // Structural errors carry their SD12xx code like every other diagnostic (shown, and in JSON's error.code).
        SdxCase Fail(DiagnosticCode code, int start, int length, params object?[] args) =>
            new(line, text, Part(content, 0, content.Length), null, null,
                SdxDiagnostic.Error(DiagnosticMessages.Format(code, args), line, text, start, length, code));

        // The claim is everything after the first "=>"; '@' and a second "=>" cannot be part of it.
        var arrow = content.IndexOf("=>", StringComparison.Ordinal);
        var head = arrow < 0 ? content : content[..arrow];
        SdxPart? claim = null;
        if (arrow >= 0)
        {
            var tail = content[(arrow + 2)..];
            if (tail.IndexOf("=>", StringComparison.Ordinal) is var second and >= 0)
                return Fail(DiagnosticCode.SdxRepeatedArrow, arrow + 2 + second, 2);
            if (TopLevelAts(tail).FirstOrDefault(i => Introduces(tail, i, strong: true), -1) is var misplaced and >= 0)
                return Fail(DiagnosticCode.SdxPointAfterClaim, arrow + 2 + misplaced, 1);
            if (string.IsNullOrWhiteSpace(tail))
                return Fail(DiagnosticCode.SdxMissingClaim, arrow, 2);
            claim = Part(content, arrow + 2, content.Length);
        }

        var ats = TopLevelAts(head, out var open);
        var at = ats.LastOrDefault(i => Introduces(head, i, strong: false), -1);
        // Review 9 #20: with a '(' or '[' left open, "sum(W@x @ W=[[1, 2]], x=[1, 2]" had no top-level '@', so the
        // point was read as part of the expression and its '=' signs reported as follow-on errors. An '@' inside that
        // cannot be a matrix product ("@ NAME=", "@ 3") is the point's: the expression alone gets the unclosed error.
        if (at < 0 && open) at = AllAts(head).LastOrDefault(i => Introduces(head, i, strong: true), -1);
        SdxPart? points = null;
        if (at >= 0)
        {
            var tail = head[(at + 1)..];
            if (tail.IndexOf('@') is var second and >= 0)
                return Fail(DiagnosticCode.SdxRepeatedAt, at + 1 + second, 1);
            if (ats.Any(i => i < at && Introduces(head, i, strong: true)))
                return Fail(DiagnosticCode.SdxRepeatedAt, at, 1);
            if (string.IsNullOrWhiteSpace(tail))
                return Fail(DiagnosticCode.SdxMissingPoint, at, 1);
            points = Part(content, at + 1, head.Length);
        }

        var expression = Part(content, 0, at >= 0 ? at : head.Length);
        if (expression.Text.Length == 0)
        {
            var marker = at >= 0 ? at : arrow;
            return Fail(DiagnosticCode.SdxMissingExpression, marker, at >= 0 ? 1 : 2, at >= 0 ? "@" : "=>");
        }
        return new SdxCase(line, text, expression, points, claim, null);
    }

    // The '@'s outside parentheses and brackets: only those can introduce a point. open: a '(' or '[' is never closed.
    private static List<int> TopLevelAts(string text, out bool open)
    {
        var result = new List<int>();
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '(' or '[') depth++;
            else if (text[i] is ')' or ']') depth = Math.Max(0, depth - 1);
            else if (text[i] == '@' && depth == 0) result.Add(i);
        }
        open = depth > 0;
        return result;
    }

    private static List<int> TopLevelAts(string text) => TopLevelAts(text, out _);

    private static IEnumerable<int> AllAts(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '@') yield return i;
    }

    // Whether the '@' at i introduces a point: followed by nothing, another '@', a number or a binding "NAME =";
    // unless strong, a sign too ("@ -1"). A strong one can never be a matrix product (a number is no matrix).
    private static bool Introduces(string text, int i, bool strong)
    {
        var j = i + 1;
        while (j < text.Length && char.IsWhiteSpace(text[j])) j++;
        if (j == text.Length) return true;
        var c = text[j];
        if (c == '@' || char.IsAsciiDigit(c) || c == '.') return true;
        if (c is '+' or '-') return !strong;
        if (!char.IsAsciiLetter(c) && c != '_') return false;
        while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_')) j++;
        while (j < text.Length && char.IsWhiteSpace(text[j])) j++;
        return j < text.Length && text[j] == '=' && (j + 1 == text.Length || text[j + 1] != '=');
    }

    /// <summary>The line up to its first <c>#</c>.</summary>
    public static string StripComment(string text) => text.IndexOf('#') is var hash and >= 0 ? text[..hash] : text;

    internal static SdxPart Part(string content, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(content[start])) start++;
        while (end > start && char.IsWhiteSpace(content[end - 1])) end--;
        return new SdxPart(content[start..end], start);
    }
}
