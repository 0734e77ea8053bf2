using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SymDiff.Functions;
using SymDiff.Numbers;
using SymDiff.Tensors;
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

    private SyntaxNode? Call(string name, Token nameToken, ReadOnlySpan<SyntaxNode?> args, bool checkArity, int end)
    {
        if (TensorFunction.TryFind(name, out var tensor))
        {
            if (args.Length < tensor.Arity || args.Length > tensor.MaxArity)
            {
                if (checkArity) Report(WrongArgumentCount, nameToken.Span, name, DescribeArities(name), args.Length);
                return null;
            }
            if (!AllPresent(args)) return null;
            _tensorSeen = true;
            return new TensorCallSyntax(TextSpan.FromBounds(nameToken.Start, end), tensor, [.. args!]);
        }
        var function = FunctionTable.Lookup(name, args.Length);
        if (function is null)
        {
            if (checkArity) Report(WrongArgumentCount, nameToken.Span, name, DescribeArities(name), args.Length);
            return null;
        }
        return AllPresent(args) ? new CallSyntax(TextSpan.FromBounds(nameToken.Start, end), function, [.. args!]) : null;
    }

    // The scalar binder cannot bind vectors and matrices: one diagnostic, at the first such node in written order
    // (outermost first), found without recursion.
    private void RefuseTensorSyntax(SyntaxNode root)
    {
        var stack = new Stack<SyntaxNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            (string What, string Kind)? found = node switch
            {
                MatMulSyntax => ("'@'", "operation"),
                TransposeSyntax => ("'.T'", "operation"),
                TensorCallSyntax c => ($"'{c.Function.Name}'", "function"),
                ListSyntax => ("'[...]'", "value"),
                IndexSyntax => ("indexing '[...]'", "operation"),
                _ => null,
            };
            if (found is var (what, kind))
            {
                Report(TensorSyntaxNeedsShapes, node.Span, what, kind);
                return;
            }
            var children = node.Children;
            for (var i = children.Length - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    // "1 argument", "2 arguments", "1 or 2 arguments".
    private static string DescribeArities(string name)
    {
        var arities = AritiesOf(name);
        var list = arities.Length == 1 ? $"{arities[0]}"
            : $"{string.Join(", ", arities[..^1])} or {arities[^1]}";
        return arities is [1] ? "1 argument" : $"{list} arguments";
    }

    // A scalar function's arities (FunctionTable), or a vector/matrix function's (sum(x) and sum(x, dim)).
    private static ImmutableArray<int> AritiesOf(string name) =>
        TensorFunction.TryFind(name, out var tensor) ? [.. Enumerable.Range(tensor.Arity, tensor.MaxArity - tensor.Arity + 1)] : FunctionTable.AritiesOf(name);

    private void Open(LevelKind kind, Token name, Token open, string? function)
    {
        _levels.Add(new Level
        {
            Kind = kind, Name = name, Open = open, Function = function, TermStart = _terms.Count,
            FactorStart = _factors.Count, ChainStart = _chain.Count, ArgumentStart = _arguments.Count,
        });
        if (kind is LevelKind.List or LevelKind.Index) _openBrackets++; else _openParentheses++;
        Deepen(kind == LevelKind.Call ? name : open);
    }

    // A ')' or ']' read where an operator may stand. It closes the innermost level of its kind; levels of the other
    // kind inside that one are reported unclosed and closed first ("[1, (2]"). With none open it is unmatched. The
    // counts make this linear: each level is closed once.
    private void CloseAt(Token t)
    {
        var bracket = t.Kind == TokenKind.CloseBracket;
        if ((bracket ? _openBrackets : _openParentheses) == 0)
        {
            Report(bracket ? UnmatchedBracket : UnmatchedParenthesis, t.Span);
            return;
        }
        while ((_levels[^1].Kind is LevelKind.List or LevelKind.Index) != bracket)
        {
            ReportUnclosed(_levels[^1]);
            Close(closed: false, t.Start);
        }
        Close(closed: true, t.End);
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
        else if (level.Kind == LevelKind.List)
        {
            if (!level.TrailingComma) _arguments.Add(EndSum(level));
            var elements = CollectionsMarshal.AsSpan(_arguments)[level.ArgumentStart..];
            value = AllPresent(elements) ? new ListSyntax(TextSpan.FromBounds(level.Open.Start, end), [.. elements!]) : null;
            _tensorSeen |= value is not null;
            _arguments.RemoveRange(level.ArgumentStart, _arguments.Count - level.ArgumentStart);
        }
        else if (level.Kind == LevelKind.Index)
        {
            _arguments.Add(EndSum(level));
            var indices = CollectionsMarshal.AsSpan(_arguments)[level.ArgumentStart..];
            var complete = AllPresent(indices);
            ImmutableArray<SyntaxNode> written = complete ? [.. indices!] : [];
            _arguments.RemoveRange(level.ArgumentStart, _arguments.Count - level.ArgumentStart);
            _openBrackets--;
            _levels.RemoveAt(_levels.Count - 1);
            _depth--;
            Index(_levels[^1], level.Open, complete ? written : default, end);
            return;
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
        if (level.Kind is LevelKind.List or LevelKind.Index) _openBrackets--; else _openParentheses--;
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
        if (level.MatMul)
        {
            // The right operand of '@': the product of the left one (the only factor, see StartMatMul) and this one.
            level.MatMul = false;
            var left = _factors[^1];
            _factors[^1] = left is null || value is null || !Healthy ? null
                : new MatMulSyntax(TextSpan.FromBounds(left.Span.Start, value.Span.End), left, value);
            _tensorSeen |= _factors[^1] is not null;
        }
        else
        {
            _divided.Add(level.Reciprocal);
            _factors.Add(value);
        }
        level.Reciprocal = false;
    }

    // '@' has ended a factor: the term's factors so far become its left operand, a product when there are several
    // (a*b@c is (a*b)@c), so that the term holds that one factor until EndFactor adds the right operand.
    private void StartMatMul(Level level)
    {
        var left = EndProduct(level);
        _factors.Add(left);
        _divided.Add(false);
        level.MatMul = true;
    }

    // The factors of the level's current term as one node, taken off the stacks.
    private SyntaxNode? EndProduct(Level level)
    {
        // PERF: the whole run of factors becomes one node; nesting them pairwise would be quadratic downstream.
        var count = _factors.Count - level.FactorStart;
        var factors = CollectionsMarshal.AsSpan(_factors)[level.FactorStart..];
        var product = count == 1 ? factors[0]
            : AllPresent(factors) ? new ProductSyntax(TextSpan.FromBounds(factors[0]!.Span.Start, factors[^1]!.Span.End),
                [.. factors!], [.. CollectionsMarshal.AsSpan(_divided)[level.FactorStart..]])
            : null;
        _factors.RemoveRange(level.FactorStart, count);
        _divided.RemoveRange(level.FactorStart, count);
        return product;
    }

    // '.T' (or a reported bad attribute) after the operand just read, which is the last link of the power chain.
    private void Transpose(Level level, Token t)
    {
        if (_chain.Count == level.ChainStart) return;
        var link = _chain[^1];
        var operand = t.Kind != TokenKind.Transpose || link.Operand is null || !Healthy ? null
            : new TransposeSyntax(TextSpan.FromBounds(link.Operand.Span.Start, t.End), link.Operand);
        _tensorSeen |= operand is not null;
        _chain[^1] = link with { Operand = operand };
    }

    // '[...]' after the operand just read, the last link of the power chain (as for '.T'); default indices: an error.
    private void Index(Level level, Token open, ImmutableArray<SyntaxNode> indices, int end)
    {
        if (_chain.Count == level.ChainStart) return;
        var link = _chain[^1];
        var operand = indices.IsDefault || link.Operand is null || !Healthy ? null
            : new IndexSyntax(TextSpan.FromBounds(link.Operand.Span.Start, end), link.Operand, indices);
        _tensorSeen |= operand is not null;
        _chain[^1] = link with { Operand = operand };
    }

    private void EndTerm(Level level)
    {
        EndFactor(level);
        var term = EndProduct(level);
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

    private enum LevelKind { Root, Group, Call, List, Index }

    // The whole input, one parenthesised group, one call or one list: the state of the sum being read inside it (a
    // call's arguments and a list's elements are kept on _arguments from ArgumentStart on).
    private sealed class Level
    {
        public LevelKind Kind;
        public Token Open;             // '(' of a group or a call, '[' of a list or an index
        public Token Name;             // a call's name
        public string? Function;       // a call's name, when the table knows it
        public int TermStart, FactorStart, ChainStart, ArgumentStart;
        public bool NegateTerm;        // the term being read is negated by the signs before its first factor
        public int TermSignStart;      // where those signs start
        public bool Subtract;          // the term being read follows a binary '-'
        public bool Reciprocal;        // the factor being read follows '/'
        public bool MatMul;            // the factor being read follows '@'; its left operand is the term's only factor
        public int Minus;              // unary '-' read before the next operand
        public int SignStart = -1;     // where the signs before the next operand start
        public int ChainDepth;         // unary signs and '^' in the factor being read, each one level of nesting
        public bool MissingArgument;
        public bool TrailingComma;     // a list ended "..., ]": the comma closed the last element
    }

    // One operand of a power chain a ^ b ^ c, with the number of unary minus signs written before it and where they start.
    private readonly record struct Link(int Minus, int SignStart, SyntaxNode? Operand);
}
