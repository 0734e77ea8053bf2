using System.Collections.Immutable;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Tensors;
using static SymDiff.Syntax.DiagnosticCode;

namespace SymDiff.Syntax;

/// <summary>One binding of a point: a variable (null for a lone unnamed value), its constant value, and the span of the binding.</summary>
/// <example><code>new Binding("x", f.Div(f.Pi, f.Number(4)), new TextSpan(0, 6)); // x=pi/4</code></example>
public sealed record Binding(string? Name, Expr Value, TextSpan Span)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// A binding whose value is a vector or matrix (<c>W=[[1, 2], [3, 4]]</c>), read only when the caller accepts them:
/// the variable (null for a lone unnamed value), the constant value as written (usually a <see cref="ListSyntax"/>;
/// spans refer to the whole specification, and it has no variables), and the span of the binding. The tensor binder
/// gives it a shape and values.
/// </summary>
/// <example><code>var r = BindingParser.Parse("W=[[1, 2], [3, 4]], x=1", tensors: true);
/// var w = r.Tensors[0]; // w.Name == "W", w.Value is ListSyntax</code></example>
public sealed record TensorBinding(string? Name, SyntaxNode Value, TextSpan Span)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>The bindings of a point specification (those without errors) and every diagnostic.</summary>
/// <example><code>var r = BindingParser.Parse("x=1, y=2");
/// if (r.Success) foreach (var b in r.Bindings) Console.WriteLine($"{b.Name} = {b.Value}");</code></example>
public sealed record BindingResult(ImmutableArray<Binding> Bindings, ImmutableArray<Diagnostic> Diagnostics)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The vector/matrix bindings (those without errors); empty unless they were accepted.</summary>
    public ImmutableArray<TensorBinding> Tensors { get; init; } = [];

    public bool Success => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}

/// <summary>
/// Parses the point specifications the CLI takes: a single unnamed value (<c>3</c>) or comma-separated
/// <c>name=value</c> bindings (<c>x=1, y=pi/4</c>). Values are constant expressions read by <see cref="Parser"/>;
/// commas inside parentheses belong to calls (<c>x=max(1, 2)</c>), commas inside brackets to lists
/// (<c>W=[[1, 2], [3, 4]], x=[1, -1]</c>). A vector/matrix value is a <see cref="TensorBinding"/> when the caller
/// accepts them, else <see cref="DiagnosticCode.TensorBindingValue"/>.
/// </summary>
/// <example><code>var r = BindingParser.Parse("x=pi/4, y=-1"); // x = pi/4, y = -1</code></example>
public static class BindingParser
{
    /// <param name="text">The point specification.</param>
    /// <param name="factory">Builds the scalar values; a fresh one when null.</param>
    /// <param name="tensors">Accept vector/matrix values into <see cref="BindingResult.Tensors"/>; when false they are errors.</param>
    public static BindingResult Parse(string text, ExprFactory? factory = null, bool tensors = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        factory ??= new ExprFactory();
        var diagnostics = new DiagnosticBag(text);
        var bindings = ImmutableArray.CreateBuilder<Binding>();
        var tensorBindings = ImmutableArray.CreateBuilder<TensorBinding>();
        // Tokens only find the structure; each value is lexed again, with its diagnostics, by the parser.
        var tokens = Lexer.Lex(text, new TextSpan(0, text.Length), diagnostics: null);
        if (tokens.Count == 1)
        {
            diagnostics.Report(EmptyInput, new TextSpan(0, 0));
            return new BindingResult([], diagnostics.ToImmutable());
        }

        var items = SplitAtTopLevelCommas(tokens);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (first, end) in items)
        {
            if (first == end)
            {
                var at = tokens[end];
                diagnostics.Report(EmptyBinding, at.Span, at.Kind == TokenKind.EndOfInput ? "end of input" : "','");
                continue;
            }
            var itemSpan = TextSpan.FromBounds(tokens[first].Start, tokens[end - 1].End);
            var equals = FindTopLevelEquals(tokens, first, end);
            if (equals < 0)
            {
                if (items.Count > 1) diagnostics.Report(UnnamedBindingInList, itemSpan);
                else if (ParseValue(text, itemSpan, null, factory, diagnostics, tensors) is { } value)
                    Add(null, value, itemSpan);
                continue;
            }
            if (equals != first + 1 || tokens[first].Kind != TokenKind.Identifier)
            {
                var span = equals == first ? tokens[equals].Span : TextSpan.FromBounds(tokens[first].Start, tokens[equals - 1].End);
                diagnostics.Report(MissingBindingName, span);
                continue;
            }

            var nameToken = tokens[first];
            var name = text.Substring(nameToken.Start, nameToken.Length);
            var valid = true;
            if (name is "pi" or "e" || FunctionTable.IsFunctionName(name) || TensorFunction.TryFind(name, out _))
            {
                diagnostics.Report(ReservedBindingName, nameToken.Span, name, name is "pi" or "e" ? "constant" : "function");
                valid = false;
            }
            else if (!seen.Add(name))
            {
                diagnostics.Report(DuplicateBinding, nameToken.Span, name);
                valid = false;
            }
            if (equals + 1 == end)
            {
                diagnostics.Report(MissingBindingValue, TextSpan.FromBounds(nameToken.Start, tokens[equals].End), name);
                continue;
            }
            var valueSpan = TextSpan.FromBounds(tokens[equals + 1].Start, tokens[end - 1].End);
            if (ParseValue(text, valueSpan, name, factory, diagnostics, tensors) is { } bound && valid)
                Add(name, bound, itemSpan);
        }
        return new BindingResult(bindings.ToImmutable(), diagnostics.ToImmutable()) { Tensors = tensorBindings.ToImmutable() };

        void Add(string? name, object value, TextSpan span)
        {
            if (value is Expr scalar) bindings.Add(new Binding(name, scalar, span));
            else tensorBindings.Add(new TensorBinding(name, (SyntaxNode)value, span));
        }
    }

    // The constant value: an Expr, a SyntaxNode when it is a vector/matrix and those are accepted, or null after an error.
    private static object? ParseValue(string text, TextSpan span, string? name, ExprFactory factory, DiagnosticBag diagnostics, bool tensors)
    {
        var result = Parser.Parse(text, span, factory);
        if (result.Diagnostics is [{ Code: TensorSyntaxNeedsShapes }])
        {
            if (!tensors)
            {
                diagnostics.Report(TensorBindingValue, span, name is null ? "the point" : $"'{name}'");
                return null;
            }
            result = Parser.ParseSyntax(text, span);
            diagnostics.AddRange(result.Diagnostics);
            if (result.Syntax is null) return null;
            if (result.Variables.IsEmpty) return result.Syntax;
        }
        else
        {
            diagnostics.AddRange(result.Diagnostics);
            if (!result.Success) return null;
            if (result.Variables.IsEmpty) return result.Value;
        }
        diagnostics.Report(NonConstantBinding, span, name is null ? "the value" : $"the value of '{name}'", result.Variables[0]);
        return null;
    }

    // Token index ranges [first, end) of the comma-separated items; tokens[end] is the ',' or the end of input.
    private static List<(int First, int End)> SplitAtTopLevelCommas(List<Token> tokens)
    {
        var items = new List<(int, int)>();
        var (depth, first) = (0, 0);
        for (var i = 0; i < tokens.Count; i++)
        {
            switch (tokens[i].Kind)
            {
                case TokenKind.OpenParen or TokenKind.OpenBracket: depth++; break;
                case TokenKind.CloseParen or TokenKind.CloseBracket: depth = Math.Max(0, depth - 1); break;
                case TokenKind.Comma when depth == 0:
                case TokenKind.EndOfInput:
                    items.Add((first, i));
                    first = i + 1;
                    break;
            }
        }
        return items;
    }

    private static int FindTopLevelEquals(List<Token> tokens, int first, int end)
    {
        var depth = 0;
        for (var i = first; i < end; i++)
        {
            switch (tokens[i].Kind)
            {
                case TokenKind.OpenParen or TokenKind.OpenBracket: depth++; break;
                case TokenKind.CloseParen or TokenKind.CloseBracket: depth = Math.Max(0, depth - 1); break;
                case TokenKind.Equals when depth == 0: return i;
            }
        }
        return -1;
    }
}
