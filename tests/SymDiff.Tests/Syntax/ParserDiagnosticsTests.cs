using SymDiff.Syntax;
using static SymDiff.Syntax.DiagnosticCode;
using static SymDiff.Tests.Syntax.ParseAssert;

namespace SymDiff.Tests.Syntax;

/// <summary>
/// Each error: the input, the expected codes with 1-based column and span length, and the rendered message in a
/// comment above (Roslyn ParsingTests style).
/// </summary>
public class ParserDiagnosticsTests
{
    private static string Message(string input, int index = 0) => Parser.Parse(input).Diagnostics[index].Message;

    [Fact]
    public void Empty_input()
    {
        // 1:1: error SD1001: empty input, expected expression
        Fails("", (EmptyInput, 1, 0));
        Fails(" \t\r\n ", (EmptyInput, 1, 0));
        Assert.Equal("empty input, expected expression", Message(""));
    }

    [Fact]
    public void Dangling_operator_at_the_end()
    {
        // 1:3: error SD1002: unexpected end of input, expected expression
        // x+
        //   ^
        Fails("x+", (MissingOperand, 3, 0));
        Assert.Equal("unexpected end of input, expected expression", Message("x+"));
        Fails("x^", (MissingOperand, 3, 0));
        Fails("-", (MissingOperand, 2, 0));
    }

    [Fact]
    public void Dangling_operator_at_the_start()
    {
        // 1:1: error SD1002: unexpected '*', expected expression
        // *x
        // ^
        Fails("*x", (MissingOperand, 1, 1));
        Assert.Equal("unexpected '*', expected expression", Message("*x"));
        Assert.Equal("expression", Parser.Parse("*x").Diagnostics[0].Expected);
        // 1:3: error SD1002: unexpected '/', expected expression
        Fails("x*/y", (MissingOperand, 3, 1));
        // 1:4: error SD1002: unexpected ')', expected expression
        Fails("(x+)", (MissingOperand, 4, 1));
        // 1:3: error SD1002: unexpected '**', expected expression
        Fails("x+**2", (MissingOperand, 3, 2));
    }

    [Fact]
    public void Unclosed_parenthesis()
    {
        // 1:1: error SD1007: '(' is never closed, expected ')'
        // (x+1
        // ^
        Fails("(x+1", (UnclosedParenthesis, 1, 1));
        Assert.Equal("'(' is never closed, expected ')'", Message("(x+1"));
        // Both are reported, innermost first in source order.
        Fails("((x", (UnclosedParenthesis, 1, 1), (UnclosedParenthesis, 2, 1));
    }

    [Fact]
    public void Unmatched_closing_parenthesis()
    {
        // 1:4: error SD1008: unexpected ')', no '(' to close
        // x+1)
        //    ^
        Fails("x+1)", (UnmatchedParenthesis, 4, 1));
        Assert.Equal("unexpected ')', no '(' to close", Message("x+1)"));
        Fails("(x))", (UnmatchedParenthesis, 4, 1));
    }

    [Fact]
    public void Empty_parentheses()
    {
        // 1:1: error SD1009: empty parentheses '()', expected expression
        // ()
        // ^^
        Fails("()", (EmptyParentheses, 1, 2));
        // 1:3: error SD1009: empty parentheses '()', expected expression
        // 2*( )
        //   ^^^
        Fails("2*( )", (EmptyParentheses, 3, 3));
    }

    [Fact]
    public void Missing_argument()
    {
        // 1:7: error SD1010: unexpected ')', expected argument
        // max(x,)
        //       ^
        Fails("max(x,)", (MissingArgument, 7, 1));
        Assert.Equal("unexpected ')', expected argument", Message("max(x,)"));
        // 1:5: error SD1010: unexpected ',', expected argument
        Fails("max(,x)", (MissingArgument, 5, 1));
        Fails("max(x,,y)", (MissingArgument, 7, 1));
        // An unknown function's arguments are still checked:
        // 1:1: error SD1003: unknown function 'f'
        // 1:5: error SD1010: unexpected ')', expected argument
        Fails("f(x,)", (UnknownFunction, 1, 1), (MissingArgument, 5, 1));
    }

    [Fact]
    public void Unexpected_character_names_it_and_its_code_point()
    {
        // 1:3: error SD1004: unexpected character '§' (U+00A7)
        // x § 2
        //   ^
        Fails("x § 2", (UnexpectedCharacter, 3, 1));
        Assert.Equal("unexpected character '§' (U+00A7)", Message("x § 2"));
        // 1:2: error SD1004: unexpected character '×' (U+00D7)
        Fails("x×2", (UnexpectedCharacter, 2, 1));
        Assert.Equal("unexpected character '×' (U+00D7)", Message("x×2"));
        // 1:2: error SD1004: unexpected character U+0001 (a control character)
        Fails("x\u0001", (UnexpectedCharacter, 2, 1));
        Assert.Equal("unexpected character U+0001 (a control character)", Message("x\u0001"));
        // A character outside the BMP is one character of two UTF-16 units.
        // 1:2: error SD1004: unexpected character '😀' (U+1F600)
        Fails("x😀", (UnexpectedCharacter, 2, 2));
        Assert.Equal("unexpected character '😀' (U+1F600)", Message("x😀"));
        Assert.Equal("unexpected character U+200B (an invisible formatting character)", Message("x\u200B+1"));
        Assert.Equal("unexpected character U+D800 (an unpaired surrogate)", Message("x\uD800"));
        Fails("θ", (UnexpectedCharacter, 1, 1));
    }

    [Fact]
    public void Invalid_number()
    {
        // 1:1: error SD1005: invalid number '1.2.3': it has more than one decimal point
        // 1.2.3
        // ^^^^^
        Fails("1.2.3", (InvalidNumber, 1, 5));
        Assert.Equal("invalid number '1.2.3': it has more than one decimal point", Message("1.2.3"));
        // 1:1: error SD1005: invalid number '1e': its exponent has no digits
        Fails("1e", (InvalidNumber, 1, 2));
        Assert.Equal("invalid number '1e': its exponent has no digits", Message("1e"));
        Fails("1e+", (InvalidNumber, 1, 3));
        Fails("2e - 1", (InvalidNumber, 1, 2));
        Fails("x + .", (InvalidNumber, 5, 1));
        Fails("1e5.5", (InvalidNumber, 1, 5));
    }

    [Fact]
    public void Issue_8_hexadecimal_binary_and_octal_literals_are_not_supported()
    {
        // 1:1: error SD1018: hexadecimal literal '0x1F' is not supported; write it in decimal: 31
        // 0x1F
        // ^^^^
        Fails("0x1F", (NonDecimalLiteral, 1, 4));
        Assert.Equal("hexadecimal literal '0x1F' is not supported; write it in decimal: 31", Message("0x1F"));
        Fails("2*0XfF + x", (NonDecimalLiteral, 3, 4));
        Assert.Equal("hexadecimal literal '0XfF' is not supported; write it in decimal: 255", Message("2*0XfF + x"));
        Fails("0b101", (NonDecimalLiteral, 1, 5));
        Assert.Equal("binary literal '0b101' is not supported; write it in decimal: 5", Message("0b101"));
        Assert.Equal("octal literal '0o17' is not supported; write it in decimal: 15", Message("0o17"));
        // Not a valid hexadecimal number either: no decimal value is offered.
        Assert.Equal("hexadecimal literal '0x1G' is not supported; numbers are written in decimal", Message("0x1G"));
        // A 0 before a variable stays implicit multiplication when no digit of the base follows.
        Prints("0x", "0");
        Prints("0xy + 1", "1");
        Prints("0b + 1", "1");
    }

    [Fact]
    public void Number_out_of_range()
    {
        // 1:1: error SD1006: number '1e999' is out of range (exponents are limited to ±400 and numbers to 100000 characters)
        Fails("1e999", (NumberOutOfRange, 1, 5));
        Fails("1e-401", (NumberOutOfRange, 1, 6));
        Fails("1e99999999999", (NumberOutOfRange, 1, 13));
        var tooLong = new string('9', Parser.MaxNumberLength + 1);
        var d = Fails(tooLong, (NumberOutOfRange, 1, tooLong.Length));
        Assert.StartsWith("number '99999999999999999999999999999...' is out of range", d[0].Message);
        Assert.True(Parser.Parse(new string('9', Parser.MaxNumberLength)).Success);
    }

    [Fact]
    public void Unknown_function_suggests_the_nearest_name()
    {
        // 1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?
        // sinn(x)
        // ^^^^
        Fails("sinn(x)", (UnknownFunction, 1, 4));
        Assert.Equal("unknown function 'sinn'; did you mean 'sin'?", Message("sinn(x)"));
        Assert.Equal("unknown function 'Sin'; did you mean 'sin'?", Message("Sin(x)"));
        Assert.Equal("unknown function 'csoh'; did you mean 'cosh'?", Message("csoh(x)"));
        Assert.Equal("unknown function 'exq'; did you mean 'exp'?", Message("exq(x)"));
        Assert.Equal("unknown function 'tnah'; did you mean 'tanh'?", Message("tnah(x)"));
        Assert.Equal("unknown function 'lgo'; did you mean 'log'?", Message("lgo(x)"));
        Assert.Equal("unknown function 'lg'; did you mean 'ln'?", Message("lg(x)"));
    }

    [Fact]
    public void Unknown_function_far_from_every_name_gets_no_suggestion()
    {
        // 1:1: error SD1003: unknown function 'foo'
        Assert.Equal("unknown function 'foo'", Message("foo(x)"));
        Assert.Equal("unknown function 'f'", Message("f(x)"));
        // A variable followed by '(' is a call, not a product: write x*(y+1).
        Fails("x(y+1)", (UnknownFunction, 1, 1));
        Assert.Equal("unknown function 'x'", Message("x(y+1)"));
    }

    [Fact]
    public void Function_name_without_parentheses()
    {
        // 1:1: error SD1011: function 'sin' needs parentheses: sin(x)
        // sin + 1
        // ^^^
        Fails("sin + 1", (FunctionNeedsParentheses, 1, 3));
        Assert.Equal("function 'sin' needs parentheses: sin(x)", Message("sin + 1"));
        Fails("sin x", (FunctionNeedsParentheses, 1, 3));
        Fails("sin^2(x)", (FunctionNeedsParentheses, 1, 3));
        Assert.Equal("function 'atan2' needs parentheses: atan2(x, y)", Message("atan2"));
        Assert.Equal("function 'ln' needs parentheses: ln(x)", Message("2 ln"));
    }

    [Fact]
    public void Wrong_argument_count_lists_the_accepted_arities()
    {
        // 1:1: error SD1012: log takes 1 or 2 arguments, got 3
        // log(x,y,z)
        // ^^^
        Fails("log(x,y,z)", (WrongArgumentCount, 1, 3));
        Assert.Equal("log takes 1 or 2 arguments, got 3", Message("log(x,y,z)"));
        Assert.Equal("sin takes 1 argument, got 2", Message("sin(x, y)"));
        Assert.Equal("atan2 takes 2 arguments, got 1", Message("atan2(x)"));
        Assert.Equal("sin takes 1 argument, got 0", Message("sin()"));
        Assert.Equal("ln takes 1 or 2 arguments, got 0", Message("ln()"));
    }

    [Fact]
    public void Unterminated_call()
    {
        // 1:1: error SD1013: call to 'sin' is never closed, expected ')'
        // sin(x
        // ^^^^
        Fails("sin(x", (UnclosedCall, 1, 4));
        Assert.Equal("call to 'sin' is never closed, expected ')'", Message("sin(x"));
        Fails("sin(", (UnclosedCall, 1, 4));
        Fails("max(x, ", (UnclosedCall, 1, 4));
        Fails("2*log (x", (UnclosedCall, 3, 5));
    }

    [Fact]
    public void Missing_operator()
    {
        // 1:3: error SD1015: unexpected '2', expected operator
        // x 2
        //   ^
        Fails("x 2", (MissingOperator, 3, 1));
        Assert.Equal("unexpected '2', expected operator", Message("x 2"));
        Fails("(x+1)2", (MissingOperator, 6, 1));
        Fails("x, y", (MissingOperator, 2, 1));
        Fails("x = 1", (MissingOperator, 3, 1));
        Fails("=x", (MissingOperand, 1, 1));
    }

    [Fact]
    public void Recovery_reports_every_error_once()
    {
        // 1:1: error SD1003: unknown function 'sinn'; did you mean 'sin'?
        // 1:16: error SD1002: unexpected ')', expected expression
        // 1:20: error SD1005: invalid number '1.2.3': it has more than one decimal point
        // 1:28: error SD1004: unexpected character '§' (U+00A7)
        // 1:32: error SD1011: function 'cos' needs parentheses: cos(x)
        // 1:38: error SD1007: '(' is never closed, expected ')'
        Fails("sinn(x) + (y * ) + 1.2.3 + § + cos + (x",
            (UnknownFunction, 1, 4), (MissingOperand, 16, 1), (InvalidNumber, 20, 5), (UnexpectedCharacter, 28, 1),
            (FunctionNeedsParentheses, 32, 3), (UnclosedParenthesis, 38, 1));
    }

    [Fact]
    public void Diagnostics_on_later_lines_have_their_line_and_column()
    {
        // 2:3: error SD1003: unknown function 'sinn'; did you mean 'sin'?
        //   sinn(x)
        //   ^^^^
        var d = Parser.Parse("a +\n  sinn(x)").Diagnostics.Single();
        Assert.Equal((2, 3), (d.Line, d.Column));
        Assert.Equal(new TextSpan(6, 4), d.Span);
        var crlf = Parser.Parse("a +\r\n\r\n b +").Diagnostics.Single();
        Assert.Equal((3, 5), (crlf.Line, crlf.Column));
    }

    [Fact]
    public void Codes_are_stable()
    {
        // Never renumber: the CLI, scripts and documentation refer to these numbers.
        Assert.Equal("SD1001", DiagnosticMessages.Id(EmptyInput));
        Assert.Equal("SD1003", DiagnosticMessages.Id(UnknownFunction));
        Assert.Equal("SD1017", DiagnosticMessages.Id(TooManyErrors));
        Assert.Equal("SD1107", DiagnosticMessages.Id(EmptyBinding));
        var codes = Enum.GetValues<DiagnosticCode>();
        Assert.Equal(codes.Length, codes.Select(c => (int)c).Distinct().Count());
        foreach (var code in codes) Assert.False(string.IsNullOrEmpty(DiagnosticMessages.Describe(code).Template));
    }
}
