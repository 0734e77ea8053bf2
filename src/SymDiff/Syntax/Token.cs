namespace SymDiff.Syntax;

internal enum TokenKind
{
    EndOfInput,
    Number,
    /// <summary>A malformed number (<c>1.2.3</c>, <c>1e</c>); the lexer has reported it.</summary>
    InvalidNumber,
    Identifier,
    Plus,
    Minus,
    Star,
    Slash,
    /// <summary><c>^</c>, or its alias <c>**</c>.</summary>
    Caret,
    OpenParen,
    CloseParen,
    Comma,
    /// <summary><c>=</c>: only the binding parser gives it a meaning.</summary>
    Equals,
    /// <summary>A character no token starts with; the lexer has reported it.</summary>
    BadCharacter,
    /// <summary><c>@</c>, the matrix product.</summary>
    At,
    OpenBracket,
    CloseBracket,
    /// <summary><c>.T</c> directly after a name, <c>)</c>, <c>]</c> or another <c>.T</c>: the postfix transpose.</summary>
    Transpose,
    /// <summary><c>.foo</c> where <c>.T</c> could stand: an attribute other than T; the lexer has reported it.</summary>
    BadAttribute,
}

/// <summary>A token: its kind and where it lies in the source. The text is read back from the source when needed.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length)
{
    public TextSpan Span => new(Start, Length);
    public int End => Start + Length;
}
