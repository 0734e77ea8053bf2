using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SymDiff.Functions;
using SymDiff.Numbers;
using static SymDiff.Syntax.DiagnosticCode;

namespace SymDiff.Syntax;

// The parser's other half: the state of each open level, and turning finished operands into syntax nodes. A missing
// operand is null; anything built from one is null too. Nothing is folded or reordered: that is the binder's job.
public sealed partial class Parser
{
    private NumberSyntax? NumberValue(Token t)
    {
        if (t.Length > MaxNumberLength || !Rational.TryParseDecimal(TextOf(t), out var value))
        {
            var shown = Lexer.Clip(_text.Substring(t.Start, Math.Min(t.Length, 40)));
            Report(NumberOutOfRange, t.Span, shown, Rational.MaxDecimalExponent, MaxNumberLength);
            return null;
        }
        return Healthy ? new NumberSyntax(t.Span, value) : null;
    }

    private CallSyntax? Call(string name, Token nameToken, ReadOnlySpan<SyntaxNode?> args, bool checkArity, int end)
    {
        var function = FunctionTable.Lookup(name, args.Length);
        if (function is null)
        {
            if (checkArity) Report(WrongArgumentCount, nameToken.Span, name, DescribeArities(name), args.Length);
            return null;
        }
        return AllPresent(args) ? new CallSyntax(TextSpan.FromBounds(nameToken.Start, end), function, [.. args!]) : null;
    }

    // "1 argument", "2 arguments", "1 or 2 arguments".
    private static string DescribeArities(string name)
    {
        var arities = FunctionTable.AritiesOf(name);
        var list = arities.Length == 1 ? $"{arities[0]}"
            : $"{string.Join(", ", arities[..^1])} or {arities[^1]}";
        return arities is [1] ? "1 argument" : $"{list} arguments";
    }

    private void Open(LevelKind kind, Token name, Token open, string? function)
    {
        _levels.Add(new Level
        {
            Kind = kind, Name = name, Open = open, Function = function, TermStart = _terms.Count,
            FactorStart = _factors.Count, ChainStart = _chain.Count, ArgumentStart = _arguments.Count,
        });
        Deepen(kind == LevelKind.Call ? name : open);
    }

    // Ends the innermost group or call, at its ')' (ending at end) or (unclosed) at the end, and hands its value to
    // the enclosing level.
    private void Close(bool closed, int end)
    {
        var level = _levels[^1];
        SyntaxNode? value;
        if (level.Kind == LevelKind.Group)
        {
            value = EndSum(level);
            if (value is not null && Healthy) value = new GroupSyntax(TextSpan.FromBounds(level.Open.Start, Math.Max(end, value.Span.End)), value);
        }
        else
        {
            _arguments.Add(EndSum(level));
            var count = _arguments.Count - level.ArgumentStart;
            value = level.Function is null ? null
                : Call(level.Function, level.Name, CollectionsMarshal.AsSpan(_arguments)[level.ArgumentStart..],
                       checkArity: closed && !level.MissingArgument, end);
            _arguments.RemoveRange(level.ArgumentStart, count);
        }
        _levels.RemoveAt(_levels.Count - 1);
        _depth--;
        Push(value);
    }

    private void Push(SyntaxNode? operand)
    {
        var level = _levels[^1];
        _chain.Add(new Link(level.Minus, level.SignStart, operand));
        level.Minus = 0;
        level.SignStart = -1;
    }

    private void EndFactor(Level level)
    {
        // a ^ -b ^ c is a^(-(b^c)): fold right to left; the signs read before a link wrap the power that link starts.
        var n = _chain.Count;
        var value = _chain[n - 1].Operand;
        for (var i = n - 2; i >= level.ChainStart; i--) value = Pow(_chain[i].Operand, Negate(_chain[i + 1], value));
        // Signs before a term's first factor negate the whole product: -(x+1)*y is -((x+1)*y), the reading the printer
        // assumes (Precedence.Negation) and the same value as Python's (-(x+1))*y. After '*' or '/' a sign is the factor's.
        var first = _chain[level.ChainStart];
        if (_factors.Count == level.FactorStart)
        {
            level.NegateTerm ^= first.Minus % 2 == 1;
            if (level.NegateTerm) level.TermSignStart = first.SignStart;
        }
        else value = Negate(first, value);
        _chain.RemoveRange(level.ChainStart, n - level.ChainStart);
        _depth -= level.ChainDepth;
        level.ChainDepth = 0;
        _divided.Add(level.Reciprocal);
        level.Reciprocal = false;
        _factors.Add(value);
    }

    private void EndTerm(Level level)
    {
        EndFactor(level);
        // PERF: the whole run of factors becomes one node; nesting them pairwise would be quadratic downstream.
        var count = _factors.Count - level.FactorStart;
        var factors = CollectionsMarshal.AsSpan(_factors)[level.FactorStart..];
        var term = count == 1 ? factors[0]
            : AllPresent(factors) ? new ProductSyntax(TextSpan.FromBounds(factors[0]!.Span.Start, factors[^1]!.Span.End),
                [.. factors!], [.. CollectionsMarshal.AsSpan(_divided)[level.FactorStart..]])
            : null;
        _factors.RemoveRange(level.FactorStart, count);
        _divided.RemoveRange(level.FactorStart, count);
        if (level.NegateTerm) term = term is null || !Healthy ? null : new NegationSyntax(TextSpan.FromBounds(level.TermSignStart, term.Span.End), term);
        _terms.Add(term);
        _subtracted.Add(level.Subtract);
        level.NegateTerm = false;
        level.Subtract = false;
    }

    private SyntaxNode? EndSum(Level level)
    {
        EndTerm(level);
        var count = _terms.Count - level.TermStart;
        var terms = CollectionsMarshal.AsSpan(_terms)[level.TermStart..];
        var sum = count == 1 ? terms[0]
            : AllPresent(terms) ? new SumSyntax(TextSpan.FromBounds(terms[0]!.Span.Start, terms[^1]!.Span.End),
                [.. terms!], [.. CollectionsMarshal.AsSpan(_subtracted)[level.TermStart..]])
            : null;
        _terms.RemoveRange(level.TermStart, count);
        _subtracted.RemoveRange(level.TermStart, count);
        return sum;
    }

    // After the first error nothing is built: the value will be null anyway, and this keeps error paths cheap.
    private bool AllPresent(ReadOnlySpan<SyntaxNode?> items)
    {
        if (!Healthy) return false;
        foreach (var item in items)
            if (item is null) return false;
        return true;
    }

    private SyntaxNode? Pow(SyntaxNode? @base, SyntaxNode? exponent) =>
        @base is null || exponent is null || !Healthy ? null
        : new PowerSyntax(TextSpan.FromBounds(@base.Span.Start, exponent.Span.End), @base, exponent);

    // An odd number of minus signs written before the link's operand negates it; an even number is the operand itself.
    private SyntaxNode? Negate(Link link, SyntaxNode? e)
    {
        if (link.Minus % 2 == 0 || e is null) return e;
        return Healthy ? new NegationSyntax(TextSpan.FromBounds(link.SignStart, e.Span.End), e) : null;
    }

    private enum LevelKind { Root, Group, Call }

    // The whole input, one parenthesised group, or one call: the state of the sum being read inside it.
    private sealed class Level
    {
        public LevelKind Kind;
        public Token Open;             // '(' of a group or a call
        public Token Name;             // a call's name
        public string? Function;       // a call's name, when the table knows it
        public int TermStart, FactorStart, ChainStart, ArgumentStart;
        public bool NegateTerm;        // the term being read is negated by the signs before its first factor
        public int TermSignStart;      // where those signs start
        public bool Subtract;          // the term being read follows a binary '-'
        public bool Reciprocal;        // the factor being read follows '/'
        public int Minus;              // unary '-' read before the next operand
        public int SignStart = -1;     // where the signs before the next operand start
        public int ChainDepth;         // unary signs and '^' in the factor being read, each one level of nesting
        public bool MissingArgument;
    }

    // One operand of a power chain a ^ b ^ c, with the number of unary minus signs written before it and where they start.
    private readonly record struct Link(int Minus, int SignStart, SyntaxNode? Operand);
}
