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
            if (c == '0' && NonDecimalBase(text, i, end) is { } radix)
            {
                tokens.Add(LexNonDecimal(text, ref i, end, radix, diagnostics));
                continue;
            }
            if (c == '.' && i + 1 < end && char.IsAsciiLetter(text[i + 1]) && AttributeMayFollow(tokens, start))
            {
                // W.T, (A@B).T, x.T.T: an attribute of the operand just read. '.' before a digit stays a number (x.5
                // is a missing operator, as before); only T exists, so x.foo is reported here as one token.
                i++;
                while (i < end && IsIdentifierPart(text[i])) i++;
                var isTranspose = i - start == 2 && text[start + 1] == 'T';
                if (!isTranspose && diagnostics is { IsFull: false })
                    diagnostics.Report(DiagnosticCode.UnsupportedAttribute, TextSpan.FromBounds(start, i), Clip(text[start..i]));
                tokens.Add(new Token(isTranspose ? TokenKind.Transpose : TokenKind.BadAttribute, start, i - start));
                continue;
            }
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
                '@' => TokenKind.At,
                '[' => TokenKind.OpenBracket,
                ']' => TokenKind.CloseBracket,
                '=' => TokenKind.Equals,
                _ => TokenKind.BadCharacter,
            };
            // A bad character is a whole text element (𝑥, é with a combining accent, an emoji sequence): one
            // diagnostic and one caret for what a person sees as one character.
            var length = kind == TokenKind.Caret && c == '*' ? 2
                : kind == TokenKind.BadCharacter ? BadCharacterLength(text, i, end)
                : 1;
            if (kind == TokenKind.BadCharacter && diagnostics is { IsFull: false })
                diagnostics.Report(DiagnosticCode.UnexpectedCharacter, new TextSpan(start, length), DescribeCharacter(text, start, length)
                    // Review 9 #20: MATLAB's row separator.
                    + (c == ';' ? "; list elements are separated by ',' and a matrix is a list of rows: [[1, 2], [3, 4]]" : ""));
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

    // The text element at i, but never an ASCII character after its first code point (a prepended mark such as
    // U+0600 joins the digit after it into one element; the digit is still a token of its own).
    private static int BadCharacterLength(string text, int i, int end)
    {
        var element = StringInfo.GetNextTextElementLength(text.AsSpan(i, end - i));
        var first = char.IsSurrogatePair(text, i) && i + 1 < end ? 2 : 1;
        var length = first;
        while (length < element && !char.IsAscii(text[i + length])) length++;
        return length;
    }

    // 0x1F, 0b101, 0o17: a 0, the base letter and a digit of that base. Anything else after 0 keeps its meaning
    // (0x is 0*x, 0xy is 0*xy).
    private static int? NonDecimalBase(string text, int i, int end)
    {
        if (i + 2 >= end) return null;
        var (letter, digit) = (text[i + 1], text[i + 2]);
        return letter switch
        {
            'x' or 'X' when char.IsAsciiHexDigit(digit) => 16,
            'b' or 'B' when digit is '0' or '1' => 2,
            'o' or 'O' when digit is >= '0' and <= '7' => 8,
            _ => null,
        };
    }

    // The literal runs over every identifier character after the prefix, so 0x1G is one error, not 0x1 then G.
    private static Token LexNonDecimal(string text, ref int i, int end, int radix, DiagnosticBag? diagnostics)
    {
        var start = i;
        i += 2;
        while (i < end && IsIdentifierPart(text[i])) i++;
        if (diagnostics is { IsFull: false })
        {
            var literal = text[start..i];
            var name = radix switch { 16 => "hexadecimal", 2 => "binary", _ => "octal" };
            var value = DecimalValue(literal.AsSpan(2), radix);
            diagnostics.Report(DiagnosticCode.NonDecimalLiteral, TextSpan.FromBounds(start, i), name, Clip(literal), value is null ? "; numbers are written in decimal" : $"; write it in decimal: {value}");
        }
        return new Token(TokenKind.InvalidNumber, start, i - start);
    }

    // The digits' value in decimal, or null when a character is not a digit of the base or the value is too long to show.
    private static string? DecimalValue(ReadOnlySpan<char> digits, int radix)
    {
        if (digits.Length > 64) return null;
        var value = System.Numerics.BigInteger.Zero;
        foreach (var ch in digits)
        {
            var d = char.IsAsciiDigit(ch) ? ch - '0' : char.IsAsciiLetter(ch) ? char.ToLowerInvariant(ch) - 'a' + 10 : radix;
            if (d >= radix) return null;
            value = value * radix + d;
        }
        return value.ToString(CultureInfo.InvariantCulture);
    }

    // An attribute is written directly after a name, a closing parenthesis or bracket, or another attribute.
    private static bool AttributeMayFollow(List<Token> tokens, int start) =>
        tokens.Count > 0 && tokens[^1].End == start
        && tokens[^1].Kind is TokenKind.Identifier or TokenKind.CloseParen or TokenKind.CloseBracket
            or TokenKind.Transpose or TokenKind.BadAttribute;

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Long token texts are cut in messages: <c>123456789...</c>.</summary>
    public static string Clip(string text) => text.Length <= 32 ? text : text[..29] + "...";

    /// <summary>
    /// <c>'×' (U+00D7)</c> for a visible character; <c>U+0001 (a control character)</c> for an invisible one. A
    /// character of several code points (<paramref name="length"/> UTF-16 units from <paramref name="index"/>) lists them all.
    /// </summary>
    public static string DescribeCharacter(string text, int index, int length = 1)
    {
        if (!Rune.TryGetRuneAt(text, index, out var rune)) return $"U+{(int)text[index]:X4} (an unpaired surrogate)";
        var code = $"U+{rune.Value:X4}";
        if (length > rune.Utf16SequenceLength && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format))
        {
            var element = text.Substring(index, length);
            return $"'{element}' ({string.Join(" ", element.EnumerateRunes().Select(r => $"U+{r.Value:X4}"))})";
        }
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
