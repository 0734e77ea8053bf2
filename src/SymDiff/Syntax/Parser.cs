using System.Runtime.CompilerServices;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Tensors;
using static SymDiff.Syntax.DiagnosticCode;

namespace SymDiff.Syntax;

/// <summary>
/// Parses infix text into a <see cref="SyntaxNode"/> tree (the function as written: spans, no folding), then binds it
/// into canonical <see cref="Expr"/> nodes through an <see cref="ExprFactory"/> (<see cref="Binder"/>), and
/// reports every error with its span instead of throwing. The grammar, loosest binding first, follows Python for
/// signs and powers:
/// <code>
/// sum     := term (('+' | '-') term)*
/// term    := ('+' | '-')* product                   a leading sign negates the product: -(x+1)*y is -((x+1)*y)
/// product := power (('*' | '/' | '@') signed | power)*  the bare 'power' is implicit multiplication: 2x, x y, 2(x+1)
/// signed  := ('+' | '-')* power                     -x^2 is -(x^2)
/// power   := postfix ('^' signed)?                  right-associative: 2^3^2 is 2^9, 2^-x is 2^(-x); '**' is '^'
/// postfix := atom ('.T' | '[' sum (',' sum)* ']')*  transpose (written directly after a name, ')' or ']'), indexing: -W.T^2 is -((W.T)^2), -x[0]^2 is -((x[0])^2)
/// atom    := number | name | name '(' sum (',' sum)* ')' | '(' sum ')' | '[' sum (',' sum)* ']'
/// </code>
/// Implicit multiplication binds exactly like '*', so <c>1/2x</c> is (1/2)*x, as <c>1/2*x</c> is in Python.
/// A number never multiplies implicitly from the right (<c>x 2</c>, <c>(x+1)2</c> are errors): x2 and 23 are too close.
/// The matrix product '@' binds like '*' and '/', left to right as in Python: <c>a*b@c/d</c> is ((a*b)@c)/d, so the
/// factors before '@' become its left operand (<see cref="MatMulSyntax"/>). A name of <see cref="TensorFunction.All"/>
/// is a <see cref="TensorCallSyntax"/>, a bracketed list a <see cref="ListSyntax"/>. <see cref="Parse(string, ExprFactory?)"/>
/// refuses these vector/matrix nodes (the scalar binder cannot bind them); <see cref="ParseSyntax(string)"/> returns them.
/// </summary>
/// <example><code>var text = "3x^2 + sin(x)/2";
/// var r = Parser.Parse(text);
/// if (r.Success) Console.WriteLine(r.Value); // 3*x^2 + sin(x)/2
/// else foreach (var d in r.Diagnostics) Console.Error.WriteLine(d.Render(text));</code></example>
public sealed partial class Parser
{
    /// <summary>
    /// Deepest nesting accepted: parentheses, brackets, calls, unary signs and each '^' of a chain each count one level, as they
    /// would in a recursive-descent parser. Deeper input gets <see cref="DiagnosticCode.NestingTooDeep"/>.
    /// </summary>
    public const int MaxDepth = 1000;

    /// <summary>
    /// Longest number literal accepted, in characters; longer ones are out of range. Large enough for every number
    /// the factory folds (at most 65536 bits, about 20,000 digits) to print and parse back; such a literal parses in
    /// about a millisecond, and the longest in about 60 ms.
    /// </summary>
    public const int MaxNumberLength = 100_000;

    // NOTE: the grammar runs on explicit stacks rather than recursion, so no input can overflow the call stack, and
    // every run of '+'/'-' terms or '*'/'/' factors becomes one n-ary node (linear time, not pairwise folds).
    // Operands of all open levels share these stacks; a level owns their tails from its start indices on.
    private readonly List<Level> _levels = [];
    private readonly List<SyntaxNode?> _terms = [];
    private readonly List<bool> _subtracted = [];
    private readonly List<SyntaxNode?> _factors = [];
    private readonly List<bool> _divided = [];
    private readonly List<Link> _chain = [];
    private readonly List<SyntaxNode?> _arguments = [];

    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<string> _variables = [];
    // PERF: each distinct variable name is allocated once, found by the token's characters.
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private List<Token> _tokens = [];
    private int _position;
    private int _depth;
    private bool _depthReported;
    // Open groups and calls, open lists: a ')' or ']' closes the innermost level of its kind, or is unmatched.
    private int _openParentheses, _openBrackets;
    // A vector/matrix node was built (only set while healthy).
    private bool _tensorSeen;

    private Parser(string text, DiagnosticBag diagnostics)
    {
        _text = text;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses and binds <paramref name="text"/>; never throws on user input.</summary>
    /// <param name="text">The expression, possibly over several lines.</param>
    /// <param name="factory">Builds the nodes; a fresh one when null.</param>
    public static ParseResult Parse(string text, ExprFactory? factory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text, new TextSpan(0, text.Length), factory ?? new ExprFactory());
    }

    /// <summary>Parses the <paramref name="window"/> of <paramref name="text"/>; spans, lines and columns refer to the whole text.</summary>
    internal static ParseResult Parse(string text, TextSpan window, ExprFactory factory) => Run(text, window, factory);

    /// <summary>
    /// Parses <paramref name="text"/> without binding, vectors and matrices included, for the tensor binder: when no
    /// error was found, <see cref="ParseResult.Syntax"/> is the tree and <see cref="ParseResult.Variables"/> its
    /// variables; <see cref="ParseResult.Value"/> is always null (so <see cref="ParseResult.Success"/> is false: test
    /// <c>Syntax is not null</c>). Never throws on user input.
    /// </summary>
    /// <example><code>var r = Parser.ParseSyntax("sum((W@x + b - y)^2)");
    /// if (r.Syntax is { } tree) Console.WriteLine(tree.Kind); // TensorCall</code></example>
    public static ParseResult ParseSyntax(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Run(text, new TextSpan(0, text.Length), factory: null);
    }

    /// <summary>As <see cref="ParseSyntax(string)"/>, for the <paramref name="window"/> of <paramref name="text"/>.</summary>
    internal static ParseResult ParseSyntax(string text, TextSpan window) => Run(text, window, factory: null);

    // Binds through the factory, or (null) only parses.
    private static ParseResult Run(string text, TextSpan window, ExprFactory? factory)
    {
        var parser = new Parser(text, new DiagnosticBag(text));
        var syntax = parser.ParseWindow(window);
        Expr? value = null;
        if (factory is not null && syntax is not null && parser._tensorSeen && !parser._diagnostics.HasErrors)
            parser.RefuseTensorSyntax(syntax);
        if (factory is not null && syntax is not null && !parser._diagnostics.HasErrors)
        {
            try
            {
                RuntimeHelpers.EnsureSufficientExecutionStack();
                value = Binder.Bind(syntax, factory);
            }
            catch (InsufficientExecutionStackException)
            {
                // Backstop: neither parser nor binder recurses, but canonical construction compares subtrees recursively.
                parser._diagnostics.Report(ExpressionTooComplex, window);
            }
        }
        var ok = !parser._diagnostics.HasErrors;
        return new ParseResult(ok ? value : null, parser._diagnostics.ToImmutable(), [.. parser._variables])
        {
            Syntax = ok ? syntax : null, Text = text,
        };
    }

    private SyntaxNode? ParseWindow(TextSpan window)
    {
        _tokens = Lexer.Lex(_text, window, _diagnostics);
        if (_tokens.Count == 1 && !_diagnostics.HasErrors)
        {
            Report(EmptyInput, new TextSpan(window.Start, 0));
            return null;
        }
        var root = new Level { Kind = LevelKind.Root };
        _levels.Add(root);
        var expectOperand = true;
        while (true)
        {
            var token = _tokens[_position];
            if (expectOperand) expectOperand = !Operand(token);
            else if (token.Kind == TokenKind.EndOfInput) break;
            else expectOperand = Operator(token);
        }
        while (_levels.Count > 1)
        {
            ReportUnclosed(_levels[^1]);
            Close(closed: false, _tokens[^1].Start);
        }
        return EndSum(root);
    }

    private void ReportUnclosed(Level level)
    {
        if (level.Kind == LevelKind.Group) Report(UnclosedParenthesis, level.Open.Span);
        else if (level.Kind is LevelKind.List or LevelKind.Index) Report(UnclosedBracket, level.Open.Span);
        else Report(UnclosedCall, TextSpan.FromBounds(level.Name.Start, level.Open.End), TextOf(level.Name));
    }

    private Token Current => _tokens[_position];

    private bool Healthy => !_diagnostics.HasErrors;

    // An operand is expected at t. Returns true once one is complete, so that an operator is expected next.
    // Errors insert a missing (null) operand and leave a token that an enclosing construct can use (')', ',', '*').
    private bool Operand(Token t)
    {
        var level = _levels[^1];
        switch (t.Kind)
        {
            case TokenKind.Plus or TokenKind.Minus:
                _position++;
                if (t.Kind == TokenKind.Minus) level.Minus++;
                if (level.SignStart < 0) level.SignStart = t.Start;
                level.ChainDepth++;
                Deepen(t);
                return false;
            case TokenKind.Number:
                _position++;
                Push(NumberValue(t));
                return true;
            case TokenKind.InvalidNumber:
                _position++;
                Push(null);
                return true;
            case TokenKind.Identifier:
                _position++;
                return Name(t);
            case TokenKind.OpenParen:
                _position++;
                if (Current.Kind == TokenKind.CloseParen)
                {
                    Report(EmptyParentheses, TextSpan.FromBounds(t.Start, Current.End));
                    _position++;
                    Push(null);
                    return true;
                }
                Open(LevelKind.Group, default, t, null);
                return false;
            case TokenKind.OpenBracket:
                _position++;
                if (Current.Kind == TokenKind.CloseBracket)
                {
                    Report(EmptyList, TextSpan.FromBounds(t.Start, Current.End));
                    _position++;
                    Push(null);
                    return true;
                }
                Open(LevelKind.List, default, t, null);
                return false;
            case TokenKind.BadCharacter:
                // Reported by the lexer: skipped when an operand follows, else it stands for the missing operand.
                SkipBadCharacters();
                if (Current.Kind is TokenKind.Number or TokenKind.InvalidNumber or TokenKind.Identifier
                    or TokenKind.OpenParen or TokenKind.OpenBracket or TokenKind.Plus or TokenKind.Minus) return false;
                Push(null);
                return true;
        }

        if (t.Kind == TokenKind.CloseBracket && level.Kind == LevelKind.List && IsEmpty(level)
            && _tokens[_position - 1].Kind == TokenKind.Comma && _arguments.Count > level.ArgumentStart)
        {
            // A trailing comma, as Python allows: [1, 2,] is [1, 2].
            _position++;
            level.TrailingComma = true;
            CloseAt(t);
            return true;
        }
        if (t.Kind == TokenKind.CloseParen && _openParentheses == 0 || t.Kind == TokenKind.CloseBracket && _openBrackets == 0)
        {
            _position++;
            Report(t.Kind == TokenKind.CloseParen ? UnmatchedParenthesis : UnmatchedBracket, t.Span);
            return false;
        }
        if (t.Kind is TokenKind.CloseParen or TokenKind.Comma && level.Kind == LevelKind.Call && IsEmpty(level))
        {
            Report(MissingArgument, t.Span, Describe(t));
            level.MissingArgument = true;
        }
        else if (t.Kind == TokenKind.Equals || (t.Kind == TokenKind.Comma && level.Kind is not (LevelKind.Call or LevelKind.List or LevelKind.Index)))
        {
            // Nothing else can use it: consume it so that it is reported once.
            _position++;
            Report(MissingOperand, t.Span, Describe(t));
        }
        else if (t.Kind != TokenKind.EndOfInput || level.Kind == LevelKind.Root || !IsEmpty(level))
        {
            // ("(" or "f(" at the end is left to the unclosed-parenthesis error.)
            Report(MissingOperand, t.Span, Describe(t));
        }
        Push(null);
        return true;
    }

    // An operand is complete and t follows it. Returns true when t was an operator, so that an operand is expected next.
    private bool Operator(Token t)
    {
        var level = _levels[^1];
        switch (t.Kind)
        {
            case TokenKind.Plus or TokenKind.Minus:
                _position++;
                EndTerm(level);
                level.Subtract = t.Kind == TokenKind.Minus;
                return true;
            case TokenKind.Star or TokenKind.Slash:
                _position++;
                EndFactor(level);
                level.Reciprocal = t.Kind == TokenKind.Slash;
                return true;
            case TokenKind.At:
                // The factors read so far become the left operand; the next factor completes the product (EndFactor).
                _position++;
                EndFactor(level);
                StartMatMul(level);
                return true;
            case TokenKind.Transpose or TokenKind.BadAttribute:
                // Postfix on the operand just read, before any '^' folds it: W.T^2 is (W.T)^2. A bad one is reported.
                _position++;
                Transpose(level, t);
                return false;
            case TokenKind.Caret:
                // The power chain of the factor goes on; it is folded, right to left, when the factor ends.
                _position++;
                level.ChainDepth++;
                Deepen(t);
                return true;
            case TokenKind.OpenBracket when _tokens[_position - 1].Kind != TokenKind.Number:
                // Indexing, as in Python: x[1], X[0, 1], (A@x)[0], W.T[1]. (Review 9 #3: x[1] was read as x*[1].)
                _position++;
                if (Current.Kind == TokenKind.CloseBracket)
                {
                    Report(EmptyIndex, TextSpan.FromBounds(t.Start, Current.End));
                    _position++;
                    Index(level, t, default, t.End);
                    return false;
                }
                Open(LevelKind.Index, default, t, null);
                return true;
            case TokenKind.Identifier or TokenKind.OpenParen or TokenKind.OpenBracket:
                // Implicit multiplication, binding like '*': 2x, x y, 2 pi, 2(x+1), (x+1)(x-1), 2 sin(x), 3x^2, 2[1, 2].
                EndFactor(level);
                return true;
            case TokenKind.Number or TokenKind.InvalidNumber:
                Report(MissingOperator, t.Span, Describe(t));
                EndFactor(level);
                return true;
            case TokenKind.CloseParen or TokenKind.CloseBracket:
                _position++;
                CloseAt(t);
                return false;
            case TokenKind.Comma when level.Kind is LevelKind.Call or LevelKind.List or LevelKind.Index:
                _position++;
                _arguments.Add(EndSum(level));
                return true;
            case TokenKind.BadCharacter:
                // Reported by the lexer: it stands for a missing operator when an operand follows, else it is skipped.
                SkipBadCharacters();
                if (Current.Kind is not (TokenKind.Number or TokenKind.InvalidNumber or TokenKind.Identifier
                    or TokenKind.OpenParen or TokenKind.OpenBracket)) return false;
                EndFactor(level);
                return true;
            default: // ',' outside a call, '=': reported, then read as an operator so that x, y and x = 1 err once
                _position++;
                Report(MissingOperator, t.Span, Describe(t));
                EndFactor(level);
                return true;
        }
    }

    // A name in operand position: a constant, a call, a variable, or a function missing its parentheses.
    private bool Name(Token t)
    {
        if (Current.Kind != TokenKind.OpenParen
            && _known.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(_text.AsSpan(t.Start, t.Length), out var known))
        {
            Push(Healthy ? new VariableSyntax(t.Span, known) : null);
            return true;
        }
        var name = TextOf(t);
        // pi() is the table's 0-ary row, written as a call; pi and e otherwise are the constants (pi(x+1) is pi*(x+1)).
        var emptyCall = Current.Kind == TokenKind.OpenParen && _tokens[_position + 1].Kind == TokenKind.CloseParen;
        if (name is "pi" && !emptyCall || name is "e")
        {
            Push(Healthy ? new ConstantSyntax(t.Span, name) : null);
            return true;
        }
        var isFunction = FunctionTable.IsFunctionName(name) || TensorFunction.TryFind(name, out _);
        if (Current.Kind == TokenKind.OpenParen)
        {
            var open = Current;
            _position++;
            if (!isFunction) Report(UnknownFunction, t.Span, name, DiagnosticMessages.DidYouMean(NameSuggester.Suggest(name)));
            if (Current.Kind != TokenKind.CloseParen)
            {
                Open(LevelKind.Call, t, open, isFunction ? name : null);
                return false;
            }
            _position++;
            Push(isFunction ? Call(name, t, [], checkArity: true, _tokens[_position - 1].End) : null);
            return true;
        }
        if (isFunction)
        {
            Report(FunctionNeedsParentheses, t.Span, name, AritiesOf(name)[0] == 2 ? "x, y" : "x");
            Push(null);
            return true;
        }
        if (_known.Add(name)) _variables.Add(name);
        Push(Healthy ? new VariableSyntax(t.Span, name) : null);
        return true;
    }

    private void Deepen(Token t)
    {
        if (++_depth <= MaxDepth || _depthReported) return;
        _depthReported = true;
        Report(NestingTooDeep, t.Span, MaxDepth);
    }

    private bool IsEmpty(Level level) =>
        _terms.Count == level.TermStart && _factors.Count == level.FactorStart && _chain.Count == level.ChainStart
        && level.ChainDepth == 0 && !level.NegateTerm;

    // A run of unknown characters is skipped at once: deciding per character by looking ahead would be quadratic.
    private void SkipBadCharacters()
    {
        while (Current.Kind == TokenKind.BadCharacter) _position++;
    }

    private string TextOf(Token t) => _text.Substring(t.Start, t.Length);

    private string Describe(Token t) => t.Kind == TokenKind.EndOfInput ? "end of input" : $"'{Lexer.Clip(TextOf(t))}'";

    private void Report(DiagnosticCode code, TextSpan span, params object?[] args) => _diagnostics.Report(code, span, args);
}
