using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>
/// A <c>let NAME = EXPR</c> line of an .sdx file: the name, its body with the earlier lets already substituted,
/// and the line that defines it.
/// </summary>
/// <example><code>var c = SdxFile.Parse("let s = sigmoid(w*x + b)\n(s - y)^2 @ w=1, x=2, b=0, y=1").Single();
/// // c.Expression.Text == "(sigmoid(w*x + b) - y)^2", c.Written!.Expression.Text == "(s - y)^2"</code></example>
public sealed record SdxLet(string Name, string Body, int Line)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// <c>let</c> lines: reading them and substituting them into the lines below. Substitution is textual, each use
/// of a name becoming its parenthesised body, so the function every oracle evaluates is the one the user wrote
/// (the written form), not a rewritten one.
/// </summary>
public static partial class SdxLets
{
    /// <summary>Whether <paramref name="content"/> (a line without its comment) is a let line.</summary>
    public static bool IsLet(string content) => LetStart().IsMatch(content);

    /// <summary>
    /// Reads a let line against the lets and settings in effect: a new let, or an error with the column of the
    /// offending text. The name must be free: not a function or constant, not a let already, not a variable the
    /// settings in effect name (<c>data:</c>, <c>wrt:</c>), and not used in its own body.
    /// </summary>
    public static (SdxLet? Let, CaseError? Error) Read(string text, string content, int line, ImmutableDictionary<string, SdxLet> lets, SdxSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(lets);
        ArgumentNullException.ThrowIfNull(settings);
        CaseError Fail(string message, int start, int length) => SdxDiagnostic.Error(message, line, text, start, Math.Max(1, length), DiagnosticCode.SdxBadLet);

        var m = LetLine().Match(content);
        if (!m.Success)
        {
            var start = content.Length - content.TrimStart().Length;
            return (null, Fail("expected 'let NAME = EXPR', e.g. let s = sigmoid(w*x + b)", start, content.Trim().Length));
        }
        var name = m.Groups["name"];
        var body = m.Groups["body"];
        if (VariableName.Problem(name.Value) is { } why) return (null, Fail($"let: {why}", name.Index, name.Length));
        if (lets.TryGetValue(name.Value, out var earlier))
            return (null, Fail($"let: '{name.Value}' is already defined on line {earlier.Line}; give this one another name", name.Index, name.Length));
        if (settings.Data.ContainsKey(name.Value))
            return (null, Fail($"let: '{name.Value}' is a variable in use: the data: on line {settings.DataLine} gives it a value", name.Index, name.Length));
        if (settings.Wrt is { } wrt && wrt.Contains(name.Value))
            return (null, Fail($"let: '{name.Value}' is a variable in use: the wrt: on line {settings.WrtLine} differentiates by it", name.Index, name.Length));
        if (body.Value.Trim().Length == 0)
            return (null, Fail($"let: expected an expression after '{name.Value} ='", m.Groups["equals"].Index, 1));

        var parsed = Parser.ParseSyntax(body.Value);
        if (parsed.Syntax is null) return (null, SdxDiagnostic.FromDiagnostics(parsed.Diagnostics, line, text, body.Index, prefix: "let: "));
        if (Uses(body.Value, name.Value) is { } self)
            return (null, Fail($"let: '{name.Value}' is used in its own definition", body.Index + self, name.Length));
        return (new SdxLet(name.Value, Substitute(body.Value.Trim(), lets, out _), line), null);
    }

    /// <summary>
    /// <paramref name="text"/> with every name of <paramref name="lets"/> (an identifier not called as a function,
    /// not after a '.', not a binding's name before '=') replaced by its parenthesised body; <paramref name="used"/>
    /// lists the lets substituted, in order of first use.
    /// </summary>
    public static string Substitute(string text, ImmutableDictionary<string, SdxLet> lets, out ImmutableArray<SdxLet> used)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lets);
        used = [];
        if (lets.IsEmpty) return text;
        var tokens = Lexer.Lex(text, new TextSpan(0, text.Length), diagnostics: null);
        var result = new StringBuilder(text.Length);
        var copied = 0;
        var seen = ImmutableArray.CreateBuilder<SdxLet>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Identifier || !lets.TryGetValue(text.Substring(t.Start, t.Length), out var let)) continue;
            var next = i + 1 < tokens.Count ? tokens[i + 1].Kind : TokenKind.EndOfInput;
            if (next is TokenKind.OpenParen or TokenKind.Equals) continue;
            if (t.Start > 0 && text[t.Start - 1] == '.') continue;
            // Parentheses only where the body could bind differently: not around a name, a number or a call, nor
            // where the use stands alone (the whole text, an argument, inside parentheses already).
            var previous = i > 0 ? tokens[i - 1].Kind : TokenKind.EndOfInput;
            var alone = previous is TokenKind.EndOfInput or TokenKind.OpenParen or TokenKind.Comma &&
                        next is TokenKind.EndOfInput or TokenKind.CloseParen or TokenKind.Comma;
            result.Append(text, copied, t.Start - copied);
            if (alone || IsAtom(let.Body)) result.Append(let.Body);
            else result.Append('(').Append(let.Body).Append(')');
            copied = t.End;
            if (!seen.Contains(let)) seen.Add(let);
        }
        used = seen.ToImmutable();
        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// The case with the lets substituted into its expression and claim (the point is left alone: its names are
    /// variables), its text rebuilt around them so that columns stay right; the case itself when it uses none.
    /// </summary>
    public static SdxCase Apply(SdxCase c, ImmutableDictionary<string, SdxLet> lets)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(lets);
        var expression = Substitute(c.Expression.Text, lets, out var inExpression);
        var inClaim = ImmutableArray<SdxLet>.Empty;
        var claimText = c.Claim is { } claim ? SubstituteClaim(claim.Text, lets, out inClaim) : null;
        var used = inExpression.AddRange(inClaim.Where(l => !inExpression.Contains(l)));
        if (used.IsEmpty) return c;

        // Rebuild the line right to left, so that the earlier offsets still hold while the later parts change.
        var text = c.Text;
        SdxPart? newClaim = null;
        if (c.Claim is { } k)
        {
            text = text[..k.Offset] + claimText + text[(k.Offset + k.Text.Length)..];
            newClaim = k with { Text = claimText! };
        }
        var shift = expression.Length - c.Expression.Text.Length;
        text = text[..c.Expression.Offset] + expression + text[(c.Expression.Offset + c.Expression.Text.Length)..];
        return c with
        {
            Text = text,
            Expression = c.Expression with { Text = expression },
            Points = c.Points is { } p ? p with { Offset = p.Offset + shift } : null,
            Claim = newClaim is { } nc ? nc with { Offset = nc.Offset + shift } : null,
            Written = c,
            Lets = used,
        };
    }

    // A claim "d/dw: s*(1 - s)*x; d/db: s*(1 - s)": the labels before ':' are left alone, the derivatives substituted.
    private static string SubstituteClaim(string claim, ImmutableDictionary<string, SdxLet> lets, out ImmutableArray<SdxLet> used)
    {
        var all = ImmutableArray.CreateBuilder<SdxLet>();
        var parts = claim.Split(';').Select(part =>
        {
            var colon = part.IndexOf(':');
            var substituted = Substitute(part[(colon + 1)..], lets, out var here);
            all.AddRange(here.Where(l => !all.Contains(l)));
            return part[..(colon + 1)] + substituted;
        }).ToList();
        used = all.ToImmutable();
        return string.Join(";", parts);
    }

    // A name, a number, or a call whose parentheses close at the end: "sigmoid(w*x + b)" needs none around it.
    private static bool IsAtom(string body)
    {
        var tokens = Lexer.Lex(body, new TextSpan(0, body.Length), diagnostics: null);
        if (tokens.Count == 2) return tokens[0].Kind is TokenKind.Identifier or TokenKind.Number;
        if (tokens.Count < 4 || tokens[0].Kind != TokenKind.Identifier || tokens[1].Kind != TokenKind.OpenParen) return false;
        var depth = 0;
        for (var i = 1; i < tokens.Count - 1; i++)
        {
            if (tokens[i].Kind is TokenKind.OpenParen or TokenKind.OpenBracket) depth++;
            else if (tokens[i].Kind is TokenKind.CloseParen or TokenKind.CloseBracket && --depth == 0) return i == tokens.Count - 2;
        }
        return false;
    }

    // The offset of the first use of name as a variable in text, or null.
    private static int? Uses(string text, string name)
    {
        foreach (var t in Lexer.Lex(text, new TextSpan(0, text.Length), diagnostics: null))
            if (t.Kind == TokenKind.Identifier && text.AsSpan(t.Start, t.Length).SequenceEqual(name)) return t.Start;
        return null;
    }

    [GeneratedRegex(@"^\s*let\s+[A-Za-z_]")]
    private static partial Regex LetStart();

    [GeneratedRegex(@"^\s*let\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?<equals>=)(?!>)(?<body>.*)$")]
    private static partial Regex LetLine();
}
