using System.Globalization;
using System.Text;

namespace SymDiff.Syntax;

/// <summary>
/// Splits a window of the source into tokens. Unknown characters and malformed numbers are reported here and
/// become <see cref="TokenKind.BadCharacter"/> and <see cref="TokenKind.InvalidNumber"/> tokens, so the parser
/// never reports them twice. Identifiers are ASCII: a letter, then letters, digits or <c>_</c>.
/// </summary>
internal static class Lexer
{
    public static List<Token> Lex(string text, TextSpan window, DiagnosticBag? diagnostics)
    {
        var tokens = new List<Token>();
        var end = window.End;
        var i = window.Start;
        while (true)
        {
            while (i < end && text[i] is ' ' or '\t' or '\n' or '\r') i++;
            if (i >= end)
            {
                tokens.Add(new Token(TokenKind.EndOfInput, end, 0));
                return tokens;
            }
            var start = i;
            var c = text[i];
            if (char.IsAsciiDigit(c) || c == '.')
            {
                tokens.Add(LexNumber(text, ref i, end, diagnostics));
                continue;
            }
            if (char.IsAsciiLetter(c))
            {
                while (i < end && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Identifier, start, i - start));
                continue;
            }
            var kind = c switch
            {
                '+' => TokenKind.Plus,
                '-' => TokenKind.Minus,
                '*' when i + 1 < end && text[i + 1] == '*' => TokenKind.Caret,
                '*' => TokenKind.Star,
                '/' => TokenKind.Slash,
                '^' => TokenKind.Caret,
                '(' => TokenKind.OpenParen,
                ')' => TokenKind.CloseParen,
                ',' => TokenKind.Comma,
                '=' => TokenKind.Equals,
                _ => TokenKind.BadCharacter,
            };
            var length = kind == TokenKind.Caret && c == '*' ? 2
                : kind == TokenKind.BadCharacter && char.IsSurrogatePair(text, i) && i + 1 < end ? 2
                : 1;
            if (kind == TokenKind.BadCharacter && diagnostics is { IsFull: false })
                diagnostics.Report(DiagnosticCode.UnexpectedCharacter, new TextSpan(start, length), DescribeCharacter(text, start));
            i += length;
            tokens.Add(new Token(kind, start, length));
        }
    }

    // number := digits ['.' [digits]] [('e'|'E') ['+'|'-'] digits], or '.' digits. An 'e' followed by a letter or '_'
    // is not an exponent (2exp(x) is 2*exp(x), 2ex is 2*ex); followed by anything else it starts one, so 1e and 1e+
    // are malformed numbers rather than 1*e.
    private static Token LexNumber(string text, ref int i, int end, DiagnosticBag? diagnostics)
    {
        var start = i;
        string? problem = null;
        var digits = 0;
        var dots = 0;
        while (i < end && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            if (text[i] == '.') dots++; else digits++;
            i++;
        }
        if (digits == 0) problem = "it has no digits";
        else if (dots > 1) problem = "it has more than one decimal point";
        if (i < end && text[i] is 'e' or 'E')
        {
            var next = i + 1 < end ? text[i + 1] : '\0';
            if (char.IsAsciiDigit(next) || next is '+' or '-' || !IsIdentifierPart(next))
            {
                i++;
                if (i < end && text[i] is '+' or '-') i++;
                var exponentDigits = 0;
                while (i < end && char.IsAsciiDigit(text[i])) { i++; exponentDigits++; }
                if (exponentDigits == 0) problem ??= "its exponent has no digits";
                if (i < end && text[i] == '.')
                {
                    while (i < end && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
                    problem ??= "its exponent is not an integer";
                }
            }
        }
        if (problem is null) return new Token(TokenKind.Number, start, i - start);
        if (diagnostics is { IsFull: false }) diagnostics.Report(DiagnosticCode.InvalidNumber, TextSpan.FromBounds(start, i), Clip(text[start..i]), problem);
        return new Token(TokenKind.InvalidNumber, start, i - start);
    }

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Long token texts are cut in messages: <c>123456789...</c>.</summary>
    public static string Clip(string text) => text.Length <= 32 ? text : text[..29] + "...";

    /// <summary><c>'×' (U+00D7)</c> for a visible character; <c>U+0001 (a control character)</c> for an invisible one.</summary>
    public static string DescribeCharacter(string text, int index)
    {
        if (!Rune.TryGetRuneAt(text, index, out var rune)) return $"U+{(int)text[index]:X4} (an unpaired surrogate)";
        var code = $"U+{rune.Value:X4}";
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control => $"{code} (a control character)",
            UnicodeCategory.Format => $"{code} (an invisible formatting character)",
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => $"{code} (a line separator)",
            UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => $"{code} (an unassigned character)",
            _ => $"'{rune}' ({code})",
        };
    }
}
