using System.Collections.Immutable;
using SymDiff.Syntax;

namespace SymDiff.Tensors;

/// <summary>The outcome of <see cref="TensorBinder.Bind"/>: the typed expression, or the shape errors with their spans.</summary>
public sealed record TensorBindResult(TensorExpr? Value, ImmutableArray<Diagnostic> Diagnostics)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public bool Success => Value is not null;
}

/// <summary>
/// Gives the function as written its types: each variable's shape comes from <c>shapes</c> (a
/// variable not listed is a scalar), and every operation checks its operands' shapes, reporting a mismatch with
/// the span of what was written and both shapes (<c>W@x: W is 3x2 but x has 3 elements</c>). Binding through a
/// factory that does not simplify gives the written form, the truth for values; through a simplifying one, the
/// form to differentiate.
/// </summary>
/// <example><code>var r = Parser.ParseSyntax("sum((W@x + b - y)^2)");
/// var bound = TensorBinder.Bind(r.Syntax!, r.Text, shapes, new TensorFactory(simplifying: false));</code></example>
public static class TensorBinder
{
    public static TensorBindResult Bind(SyntaxNode root, string text, IReadOnlyDictionary<string, Shape> shapes, TensorFactory factory) =>
        BindCore(root, text, shapes, factory, identity: 0);

    /// <summary>
    /// Binds a hand-written derivative (a claim), where <c>I</c>, when it is not a variable of
    /// <paramref name="shapes"/>, is the identity matrix the derivatives print (review 9 #11: <c>d/dX = I</c> could
    /// not be pasted back). Its size is the one that makes the claim bind, with the <paramref name="expected"/> shape
    /// when given (the derivative's); where several sizes would do and the expected shape does not tell them apart,
    /// the claim is refused (SD1265).
    /// </summary>
    /// <example><code>var r = Parser.ParseSyntax("I/norm(x) - outer(x, x)/norm(x)^3");
    /// var claim = TensorBinder.BindClaim(r.Syntax!, r.Text, shapes, f, Shape.Matrix(3, 3)); // I is 3x3</code></example>
    public static TensorBindResult BindClaim(SyntaxNode root, string text, IReadOnlyDictionary<string, Shape> shapes, TensorFactory factory, Shape? expected = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(shapes);
        var identities = SyntaxWalk.PostOrder(root).OfType<VariableSyntax>().Where(v => v.Name == IdentityName).ToList();
        if (identities.Count == 0 || shapes.ContainsKey(IdentityName)) return Bind(root, text, shapes, factory);
        // Candidate sizes: every dimension of the variables and of the expected shape; 1 only when nothing else fits.
        var sizes = shapes.Values.Append(expected ?? Shape.Scalar).Where(s => !s.IsScalar)
            .SelectMany(s => s.IsVector ? [s.Rows] : new[] { s.Rows, s.Columns }).Where(n => n > 1).Distinct().Order().Append(1).ToList();
        var fits = sizes.Where(n => BindCore(root, text, shapes, new TensorFactory(simplifying: false), n) is { Value: { } v } && (expected is null || v.Shape == expected)).ToList();
        if (fits.Count > 1 && fits.Contains(1)) fits.Remove(1);
        if (fits.Count == 1) return BindCore(root, text, shapes, factory, fits[0]);
        var span = identities[0].Span;
        var why = fits.Count == 0
            ? "no size of the identity matrix I fits here" + (expected is null ? "" : $" (the derivative is {expected.Value.Describe()})")
            : $"the size of the identity matrix I is not clear here: {string.Join(" or ", fits.Select(n => $"{n}x{n}"))}";
        return new TensorBindResult(null, [Diagnostic.Create(SourceText.From(text), DiagnosticCode.IdentitySize, span, IdentityName, why)]);
    }

    /// <summary>The name derivatives print for the identity matrix (<see cref="TensorIdentity"/>).</summary>
    public const string IdentityName = "I";

    private static TensorBindResult BindCore(SyntaxNode root, string text, IReadOnlyDictionary<string, Shape> shapes, TensorFactory factory, int identity)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(factory);
        var f = factory;
        var source = SourceText.From(text);
        var bound = new Dictionary<SyntaxNode, TensorExpr>(ReferenceEqualityComparer.Instance);
        string Text(SyntaxNode n) => Lexer.Clip(text.Substring(n.Span.Start, n.Span.Length));
        foreach (var node in SyntaxWalk.PostOrder(root))
        {
            try
            {
                bound[node] = node switch
                {
                    NumberSyntax n => f.Number(n.Value),
                    VariableSyntax v when identity > 0 && v.Name == IdentityName && !shapes.ContainsKey(v.Name) => f.Identity(identity),
                    VariableSyntax v => f.Variable(v.Name, shapes.TryGetValue(v.Name, out var s) ? s : Shape.Scalar),
                    ConstantSyntax c => f.Constant(c.Name, c.Value),
                    CallSyntax c => f.Call(c.Function, [.. c.Arguments.Select(a => bound[a])]),
                    NegationSyntax n => f.Negate(bound[n.Operand]),
                    SumSyntax s => Fold(s.Terms, i => s.Subtracted[i] ? ElementwiseOp.Subtract : ElementwiseOp.Add),
                    ProductSyntax p => Product(p),
                    PowerSyntax p => Elementwise(ElementwiseOp.Power, p.Base, p.Exponent),
                    GroupSyntax g => bound[g.Inner],
                    MatMulSyntax m => MatMul(m),
                    TransposeSyntax t => f.Transpose(bound[t.Operand]),
                    TensorCallSyntax { Arguments.Length: 2 } c when c.Function.MaxArity == 2 && c.Function.Arity == 1 => Along(c),
                    TensorCallSyntax c => f.Apply(c.Function.Op, [.. c.Arguments.Select(a => bound[a])]),
                    ListSyntax l => f.List([.. l.Elements.Select(e => bound[e])]),
                    IndexSyntax x => Index(x),
                    _ => throw new System.Diagnostics.UnreachableException($"Unknown syntax kind {node.Kind}."),
                };
            }
            catch (CodedException e)
            {
                return new TensorBindResult(null, [Diagnostic.Create(source, e.Code, e.Span, e.Arguments)]);
            }
            catch (ShapeException e)
            {
                var diagnostic = Diagnostic.Create(source, DiagnosticCode.ShapeMismatch, node.Span, Text(node), e.Message);
                return new TensorBindResult(null, [diagnostic]);
            }
        }
        return new TensorBindResult(bound[root], []);

        // Left to right, as written: a - b + c is (a - b) + c; each step names its two operands if they do not fit.
        TensorExpr Fold(ImmutableArray<SyntaxNode> operands, Func<int, ElementwiseOp> op)
        {
            var acc = bound[operands[0]];
            for (var i = 1; i < operands.Length; i++)
            {
                var right = bound[operands[i]];
                if (Shape.Broadcast(acc.Shape, right.Shape) is null)
                    throw new ShapeException(Mismatch(TextSpanText(operands[0], operands[i - 1]), acc.Shape, Text(operands[i]), right.Shape, "do not broadcast"));
                acc = f.Elementwise(op(i), acc, right);
            }
            return acc;
        }

        // Review 9 #3: "W x" read as the elementwise W*x where a reader means W@x. Side by side, two vectors or
        // matrices are refused; a scalar factor (2x, 2 W, x 3?) keeps implicit multiplication.
        TensorExpr Product(ProductSyntax p)
        {
            for (var i = 1; i < p.Factors.Length; i++)
            {
                var (left, right) = (p.Factors[i - 1], p.Factors[i]);
                if (!bound[left].Shape.IsScalar && !bound[right].Shape.IsScalar && !p.Divided[i]
                    && text.AsSpan(left.Span.End, right.Span.Start - left.Span.End).Trim().IsEmpty)
                    throw new CodedException(DiagnosticCode.JuxtaposedTensors, TextSpan.FromBounds(left.Span.Start, right.Span.End),
                        TextSpanText(left, right), Text(left), Text(right));
            }
            return Fold(p.Factors, i => p.Divided[i] ? ElementwiseOp.Divide : ElementwiseOp.Multiply);
        }

        TensorExpr Elementwise(ElementwiseOp op, SyntaxNode left, SyntaxNode right)
        {
            var (a, b) = (bound[left], bound[right]);
            if (Shape.Broadcast(a.Shape, b.Shape) is null)
                throw new ShapeException(Mismatch(Text(left), a.Shape, Text(right), b.Shape, "do not broadcast"));
            return f.Elementwise(op, a, b);
        }

        TensorExpr MatMul(MatMulSyntax m)
        {
            var (a, b) = (bound[m.Left], bound[m.Right]);
            try
            {
                TensorFactory.MatMulShape(a.Shape, b.Shape);
            }
            catch (ShapeException)
            {
                throw new ShapeException(a.Shape.IsScalar || b.Shape.IsScalar
                    ? $"@ needs vectors or matrices, but {Text(a.Shape.IsScalar ? m.Left : m.Right)} is a scalar (use * to scale)"
                    : Mismatch(Text(m.Left), a.Shape, Text(m.Right), b.Shape, null));
            }
            return f.MatMul(a, b);
        }

        // x[i] (a vector's entry), X[i] (a matrix's row), X[i, j] (an entry): 0-based, negative from the end, as PyTorch.
        TensorExpr Index(IndexSyntax x)
        {
            var value = bound[x.Operand];
            var shape = value.Shape;
            if (x.Indices.Length > shape.Rank)
                throw new CodedException(DiagnosticCode.TooManyIndices, x.Span, Text(x), Says(Text(x.Operand), shape),
                    shape.Rank switch { 0 => "no index", 1 => "1 index", _ => "at most 2 indices" });
            for (var k = 0; k < x.Indices.Length; k++)
            {
                var size = value.Shape.Rows;
                var index = IndexValue(x.Indices[k])
                    ?? throw new CodedException(DiagnosticCode.IndexNotInteger, x.Indices[k].Span, Text(x), Text(x.Indices[k]));
                if (index < -size || index >= size)
                {
                    // "x has 3 elements"; "X is 2x3 (2 rows)", or "(3 columns)" for the second index.
                    var what = shape.IsVector ? Says(Text(x.Operand), shape)
                        : $"{Text(x.Operand)} is {shape} ({size} {(k == 0 ? "row" : "column")}{(size == 1 ? "" : "s")})";
                    throw new CodedException(DiagnosticCode.IndexOutOfRange, x.Indices[k].Span, Text(x), Text(x.Indices[k]), what, size - 1, size);
                }
                value = f.Index(value, (int)(index < 0 ? index + size : index));
            }
            return value;
        }

        // An integer literal, possibly negated or in parentheses; null for anything else.
        static long? IndexValue(SyntaxNode n) => n switch
        {
            NumberSyntax { Value.IsInteger: true } d when System.Numerics.BigInteger.Abs(d.Value.Numerator) <= int.MaxValue => (long)d.Value.Numerator,
            NegationSyntax { Operand: var o } => -IndexValue(o),
            GroupSyntax g => IndexValue(g.Inner),
            _ => null,
        };

        // Review 9 #20: op(X, dim) as PyTorch reads it, written with the operations that have rules (so gradients,
        // Jacobians and the Torch lowering need nothing new): mean(X, d) = sum(X, d)/n; along dim 0 of a matrix,
        // softmax, log_softmax and logsumexp are those of X.T (transposed back); a vector's only dimension is its last.
        TensorExpr Along(TensorCallSyntax c)
        {
            var x = bound[c.Arguments[0]];
            var name = c.Function.Name;
            var dim = Dimension(c.Arguments[1], name);
            if (x.Shape.IsScalar || dim > x.Shape.Rank - 1)
                throw new ShapeException($"{name}(x, {dim}) needs a dimension of x: x is {x.Shape.Describe()}, so dim is {(x.Shape.IsMatrix ? "0, 1 or -1" : x.Shape.IsVector ? "0 or -1" : "not allowed")}");
            var last = dim == -1 || dim == x.Shape.Rank - 1;
            var op = c.Function.Op;
            return op switch
            {
                TensorOp.Sum => f.SumAlong(x, dim),
                TensorOp.Mean => f.Divide(f.SumAlong(x, dim), f.Number(x.Shape.IsVector ? x.Shape.Rows : last ? x.Shape.Columns : x.Shape.Rows)),
                TensorOp.Logsumexp => f.Apply(op, last ? x : f.Transpose(x)),
                _ => last ? f.Apply(op, x) : f.Transpose(f.Apply(op, f.Transpose(x))),
            };
        }

        // A dimension is an integer literal, as in PyTorch: 0, 1 or -1.
        int Dimension(SyntaxNode n, string function) => n switch
        {
            NumberSyntax { Value.IsInteger: true } d when d.Value.Numerator >= -1 && d.Value.Numerator <= 1 => (int)d.Value.Numerator,
            NegationSyntax { Operand: NumberSyntax { Value.IsOne: true } } => -1,
            GroupSyntax g => Dimension(g.Inner, function),
            _ => throw new ShapeException($"the dimension of {function} must be the number 0, 1 or -1, not {Text(n)}"),
        };

        string TextSpanText(SyntaxNode first, SyntaxNode last) =>
            Lexer.Clip(text.Substring(first.Span.Start, last.Span.End - first.Span.Start));
    }

    // An error with its own code (indexing, juxtaposition) and span.
    private sealed class CodedException(DiagnosticCode code, TextSpan span, params object?[] arguments) : Exception
    {
        public DiagnosticCode Code { get; } = code;
        public TextSpan Span { get; } = span;
        public object?[] Arguments { get; } = arguments;
    }

    // "W is 3x2 but x has 3 elements"; with a reason appended where the operation is not implied by the notation.
    private static string Mismatch(string left, Shape a, string right, Shape b, string? reason) =>
        $"{Says(left, a)} but {Says(right, b)}{(reason is null ? "" : $": the shapes {reason}")}";

    private static string Says(string name, Shape s) => s.Rank switch
    {
        0 => $"{name} is a scalar",
        1 => $"{name} has {s.Rows} element{(s.Rows == 1 ? "" : "s")}",
        _ => $"{name} is {s}",
    };
}
