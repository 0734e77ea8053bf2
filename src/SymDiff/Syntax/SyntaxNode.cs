using System.Collections.Immutable;
using SymDiff.Functions;
using SymDiff.Numbers;

namespace SymDiff.Syntax;

/// <summary>The kinds of <see cref="SyntaxNode"/>.</summary>
public enum SyntaxKind { Number, Variable, Constant, Call, Negation, Sum, Product, Power, Group, MatMul, Transpose, TensorCall, List, Index }

/// <summary>
/// A node of the function as the user wrote it (Roslyn's syntax tree): spans, no folding, no reordering. The
/// <see cref="Binder"/> turns it into the canonical DAG for differentiating; every oracle evaluates the written
/// form (<see cref="Evaluation.WrittenForm"/>), so a rewrite such as x/x -> 1 can never hide an undefined point.
/// </summary>
/// <example><code>var tree = Parser.Parse("x/x").Syntax!;   // ProductSyntax [x, /x]
/// Console.WriteLine(tree.Kind);                      // Product</code></example>
public abstract class SyntaxNode
{
    private protected SyntaxNode(TextSpan span) => Span = span;

    /// <summary>The characters of the source this node was read from.</summary>
    public TextSpan Span { get; }

    public abstract SyntaxKind Kind { get; }

    /// <summary>Direct children, in the order they were written.</summary>
    public abstract ImmutableArray<SyntaxNode> Children { get; }

    /// <summary>The kind and the span, e.g. <c>Product [0..3)</c>: a node does not hold its text (the source does).</summary>
    public override string ToString() => $"{Kind} {Span}";
}

/// <summary>A number literal; <see cref="Value"/> is its exact value, the source text its spelling.</summary>
public sealed class NumberSyntax(TextSpan span, Rational value) : SyntaxNode(span)
{
    public Rational Value { get; } = value;
    public override SyntaxKind Kind => SyntaxKind.Number;
    public override ImmutableArray<SyntaxNode> Children => [];
}

/// <summary>A variable.</summary>
public sealed class VariableSyntax(TextSpan span, string name) : SyntaxNode(span)
{
    public string Name { get; } = name;
    public override SyntaxKind Kind => SyntaxKind.Variable;
    public override ImmutableArray<SyntaxNode> Children => [];
}

/// <summary>A named constant: <c>pi</c> or <c>e</c>.</summary>
public sealed class ConstantSyntax(TextSpan span, string name) : SyntaxNode(span)
{
    public string Name { get; } = name;
    public double Value => Name == "pi" ? Math.PI : Math.E;
    public override SyntaxKind Kind => SyntaxKind.Constant;
    public override ImmutableArray<SyntaxNode> Children => [];
}

/// <summary>A call of a row of the <see cref="FunctionTable"/>, arity already checked.</summary>
public sealed class CallSyntax(TextSpan span, FunctionInfo function, ImmutableArray<SyntaxNode> arguments) : SyntaxNode(span)
{
    public FunctionInfo Function { get; } = function;
    public ImmutableArray<SyntaxNode> Arguments { get; } = arguments;
    public override SyntaxKind Kind => SyntaxKind.Call;
    public override ImmutableArray<SyntaxNode> Children => Arguments;
}

/// <summary>A unary minus: <c>-x</c>, <c>-(x+1)*y</c> (signs before a term's first factor negate the whole product).</summary>
public sealed class NegationSyntax(TextSpan span, SyntaxNode operand) : SyntaxNode(span)
{
    public SyntaxNode Operand { get; } = operand;
    public override SyntaxKind Kind => SyntaxKind.Negation;
    public override ImmutableArray<SyntaxNode> Children => [Operand];
}

/// <summary>
/// <c>t0 ± t1 ± t2 ...</c>, evaluated left to right; <see cref="Subtracted"/>[i] is true where term i follows a
/// binary '-' (never for term 0). One node for the whole run, so 10^5 terms are one level deep.
/// </summary>
public sealed class SumSyntax(TextSpan span, ImmutableArray<SyntaxNode> terms, ImmutableArray<bool> subtracted) : SyntaxNode(span)
{
    public ImmutableArray<SyntaxNode> Terms { get; } = terms;
    public ImmutableArray<bool> Subtracted { get; } = subtracted;
    public override SyntaxKind Kind => SyntaxKind.Sum;
    public override ImmutableArray<SyntaxNode> Children => Terms;
}

/// <summary>
/// <c>f0 * f1 / f2 ...</c> (implicit multiplication included), evaluated left to right; <see cref="Divided"/>[i]
/// is true where factor i follows '/' (never for factor 0).
/// </summary>
public sealed class ProductSyntax(TextSpan span, ImmutableArray<SyntaxNode> factors, ImmutableArray<bool> divided) : SyntaxNode(span)
{
    public ImmutableArray<SyntaxNode> Factors { get; } = factors;
    public ImmutableArray<bool> Divided { get; } = divided;
    public override SyntaxKind Kind => SyntaxKind.Product;
    public override ImmutableArray<SyntaxNode> Children => Factors;
}

/// <summary><c>base ^ exponent</c> (or <c>**</c>); chains are right-associative: 2^3^2 is 2^(3^2).</summary>
public sealed class PowerSyntax(TextSpan span, SyntaxNode @base, SyntaxNode exponent) : SyntaxNode(span)
{
    public SyntaxNode Base { get; } = @base;
    public SyntaxNode Exponent { get; } = exponent;
    public override SyntaxKind Kind => SyntaxKind.Power;
    public override ImmutableArray<SyntaxNode> Children => [Base, Exponent];
}

/// <summary>A parenthesised expression; its span includes the parentheses, so a parent's span covers what was written.</summary>
public sealed class GroupSyntax(TextSpan span, SyntaxNode inner) : SyntaxNode(span)
{
    public SyntaxNode Inner { get; } = inner;
    public override SyntaxKind Kind => SyntaxKind.Group;
    public override ImmutableArray<SyntaxNode> Children => [Inner];
}

/// <summary>Walks a syntax tree without recursion: inputs of any accepted depth are safe on any thread.</summary>
public static class SyntaxWalk
{
    /// <summary>Every node, children before their parent, each child list in written order.</summary>
    public static List<SyntaxNode> PostOrder(SyntaxNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var order = new List<SyntaxNode>();
        var stack = new Stack<(SyntaxNode Node, int Next)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var children = node.Children;
            if (next < children.Length)
            {
                stack.Push((node, next + 1));
                stack.Push((children[next], 0));
            }
            else order.Add(node);
        }
        return order;
    }
}
