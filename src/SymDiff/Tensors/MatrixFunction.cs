using System.Collections.Immutable;
using SymDiff.Syntax;

namespace SymDiff.Tensors;

/// <summary>
/// The outcome of <see cref="MatrixFunction.Parse"/>: the function, or every parse and shape error with its span
/// (as <see cref="ParseResult"/> reports a scalar function's errors; nothing is thrown for bad input).
/// </summary>
/// <param name="Value">The function; null when any error was found.</param>
/// <param name="Diagnostics">The errors, each with a stable code and a span into <paramref name="Text"/>.</param>
/// <param name="Text">The text the spans refer to.</param>
/// <example><code>var r = MatrixFunction.Parse("sum(W@x)", new() { ["W"] = Shape.Matrix(3, 2), ["x"] = Shape.Vector(3) });
/// if (!r.Success) Console.Error.WriteLine(r.Render());
/// // 1:5: error SD1250: W@x: W is 3x2 but x has 3 elements
/// // sum(W@x)
/// //     ^^^</code></example>
public sealed record MatrixFunctionResult(MatrixFunction? Value, ImmutableArray<Diagnostic> Diagnostics, string Text)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public bool Success => Value is not null;

    /// <summary>Each diagnostic as the CLI prints it: the header, the source line and carets under the span.</summary>
    public string Render() => string.Join("\n", Diagnostics.Select(d => d.Render(Text)));
}

/// <summary>
/// A vector/matrix function as a library user sees it: parsed once with declared shapes, then its gradients and
/// Jacobians in matrix notation (<see cref="TensorExpr"/>s that print as a textbook writes them), its value, its
/// backprop equations, and evaluators for any derivative. Two forms are kept, as everywhere in SymDiff: the
/// function as written (<see cref="Written"/>, the truth for values) and its canonical form
/// (<see cref="Expression"/>), which is differentiated. Every derivative is built by one factory, so the
/// gradients share their forward pass (<c>tanh(X@W1.T + b1)</c> is one node in all of them).
/// </summary>
/// <remarks>
/// Instances are not thread-safe: the factory interns nodes as derivatives are requested. Variables that
/// <c>shapes</c> does not list are scalars.
/// </remarks>
/// <example><code>var f = MatrixFunction.Parse("sum((W@x + b - y)^2)", new()
/// {
///     ["W"] = Shape.Matrix(3, 2), ["x"] = Shape.Vector(2), ["b"] = Shape.Vector(3), ["y"] = Shape.Vector(3),
/// }).Value!;
/// Console.WriteLine(f.Gradient("W"));                         // 2*outer(W@x + b - y, x)
/// var dW = f.Compile(f.Gradient("W"));                        // values -> a 3x2 TensorValue
/// var step = dW(new Dictionary&lt;string, TensorValue&gt; { ["W"] = ..., ["x"] = ..., ["b"] = ..., ["y"] = ... });</code></example>
public sealed class MatrixFunction
{
    private readonly TensorFactory _factory;

    private MatrixFunction(string text, TensorExpr written, TensorExpr expression, TensorFactory factory,
        ImmutableArray<string> variables, ImmutableDictionary<string, Shape> shapes)
    {
        Text = text;
        Written = written;
        Expression = expression;
        _factory = factory;
        Variables = variables;
        Shapes = shapes;
    }

    /// <summary>The text the function was parsed from.</summary>
    public string Text { get; }

    /// <summary>The function as written (nothing cancelled or reordered): what <see cref="Evaluate"/> computes and autograd should see.</summary>
    public TensorExpr Written { get; }

    /// <summary>The canonical form, the one differentiated; prints in matrix notation.</summary>
    public TensorExpr Expression { get; }

    /// <summary>The variables in order of first appearance in <see cref="Text"/>.</summary>
    public ImmutableArray<string> Variables { get; }

    /// <summary>Each variable's shape (scalars included).</summary>
    public ImmutableDictionary<string, Shape> Shapes { get; }

    /// <summary>The function's own shape: a scalar (it has gradients) or a vector or matrix (Jacobians).</summary>
    public Shape Shape => Written.Shape;

    /// <summary>
    /// Parses and type-checks <paramref name="text"/> with the declared <paramref name="shapes"/> (a variable not
    /// listed is a scalar). Syntax errors and shape mismatches are diagnostics with spans, never exceptions.
    /// </summary>
    public static MatrixFunctionResult Parse(string text, IReadOnlyDictionary<string, Shape> shapes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(shapes);
        var parsed = Parser.ParseSyntax(text);
        if (parsed.Syntax is null) return new(null, parsed.Diagnostics, text);
        var written = TensorBinder.Bind(parsed.Syntax, parsed.Text, shapes, new TensorFactory(simplifying: false));
        if (!written.Success) return new(null, written.Diagnostics, text);
        var factory = new TensorFactory();
        var canonical = TensorBinder.Bind(parsed.Syntax, parsed.Text, shapes, factory);
        if (!canonical.Success) return new(null, canonical.Diagnostics, text);
        var all = parsed.Variables.ToImmutableDictionary(v => v, v => shapes.TryGetValue(v, out var s) ? s : Shape.Scalar, StringComparer.Ordinal);
        return new(new MatrixFunction(text, written.Value!, canonical.Value!, factory, parsed.Variables, all), [], text);
    }

    /// <summary>The gradient with respect to <paramref name="variable"/>, with that variable's shape (the scalar 0 where the function does not depend on it).</summary>
    /// <exception cref="InvalidOperationException">The function is not a scalar: use <see cref="Jacobian"/>.</exception>
    /// <exception cref="ArgumentException">The function has no such variable.</exception>
    public TensorExpr Gradient(string variable) => Gradients([variable])[variable];

    /// <summary>
    /// The gradients with respect to <paramref name="variables"/> (all of <see cref="Variables"/> when empty),
    /// built together by reverse mode, so shared parts are one node.
    /// </summary>
    public ImmutableDictionary<string, TensorExpr> Gradients(params IReadOnlyList<string> variables)
    {
        var wrt = Wrt(variables);
        if (!Shape.IsScalar)
            throw new InvalidOperationException($"{Text} is {Shape.Describe()}: it has Jacobians, not gradients (use Jacobian)");
        return TensorGradient.Of(_factory, Expression, wrt);
    }

    /// <summary>
    /// The Jacobian of a vector function with respect to a vector variable, an n x m matrix whose row i is the
    /// gradient of entry i (<c>d/dx W@x = W</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no matrix notation for it (the message says why), or the function is a scalar (use <see cref="Gradient"/>).</exception>
    public TensorExpr Jacobian(string variable) =>
        TryJacobian(variable, out var jacobian, out var why) ? jacobian! : throw new InvalidOperationException(why);

    /// <summary>As <see cref="Jacobian"/>, reporting instead of throwing when matrix notation cannot show it.</summary>
    public bool TryJacobian(string variable, out TensorExpr? jacobian, out string? why)
    {
        var v = Wrt([variable])[0];
        jacobian = null;
        if (Shape.IsScalar)
        {
            why = $"{Text} is a scalar: its derivative with respect to {v} is the gradient (use Gradient)";
            return false;
        }
        (jacobian, why) = TensorJacobian.TryOf(_factory, Expression, (TensorVariable)_factory.Variable(v, Shapes[v]));
        return jacobian is not null;
    }

    /// <summary>
    /// The gradients of <paramref name="variables"/> (all when empty) as a textbook's backprop equations: the
    /// shared parts named (<c>u1 = tanh(X@W1.T + b1)</c>) in forward order, then each gradient in terms of them.
    /// <see cref="SharedForm.Derivatives"/> follows the order of <paramref name="variables"/>.
    /// </summary>
    public SharedForm Backprop(params IReadOnlyList<string> variables)
    {
        var wrt = Wrt(variables);
        var gradients = Gradients(wrt);
        return SharedForm.Of([.. wrt.Select(v => gradients[v])], Variables);
    }

    /// <summary>The value of the function as written at <paramref name="values"/> (one per variable, of its declared shape).</summary>
    /// <exception cref="Evaluation.MissingBindingException">A variable has no value.</exception>
    /// <exception cref="ShapeException">A value does not have its variable's shape.</exception>
    public TensorValue Evaluate(IReadOnlyDictionary<string, TensorValue> values) => TensorInterpreter.Evaluate(Written, values);

    /// <summary>
    /// An evaluator for <paramref name="expression"/> (a derivative of this function, or the function itself). A
    /// gradient that simplified to the scalar 0 evaluates to zeros of its variable's shape only through
    /// <see cref="CompileGradients"/>; here the value has the expression's own shape.
    /// </summary>
    /// <remarks>
    /// The delegate runs a <see cref="TensorProgram"/> planned once here: whole-array kernels per node (SIMD,
    /// register-blocked products), intermediate arrays reused in place. It is thread-safe.
    /// </remarks>
    public Func<IReadOnlyDictionary<string, TensorValue>, TensorValue> Compile(TensorExpr expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var program = TensorProgram.Compile([expression]);
        return values => program.Evaluate(values)[0];
    }

    /// <summary>
    /// One evaluator for the function's value and the gradients of <paramref name="variables"/> (all when empty),
    /// computing their shared forward pass once per call: what a training loop needs. Each gradient has its
    /// variable's shape (zeros where the function does not depend on it). A <see cref="TensorProgram"/> planned once, as <see cref="Compile"/>.
    /// The value is the canonical form's (<see cref="Expression"/>), whose nodes the gradients share, not the written
    /// form's: the two agree wherever the function as written is defined; use <see cref="Evaluate"/> (the written
    /// form, which decides) when a point may be outside its domain.
    /// </summary>
    /// <example><code>var step = f.CompileGradients("W1", "b1");
    /// var (loss, grads) = step(values); // grads["W1"] is 5x3</code></example>
    public Func<IReadOnlyDictionary<string, TensorValue>, (double Value, ImmutableDictionary<string, TensorValue> Gradients)> CompileGradients(
        params IReadOnlyList<string> variables)
    {
        var wrt = Wrt(variables);
        var gradients = Gradients(wrt);
        var program = TensorProgram.Compile([Expression, .. wrt.Select(v => gradients[v])]);
        return values =>
        {
            var results = program.Evaluate(values);
            var builder = ImmutableDictionary.CreateBuilder<string, TensorValue>(StringComparer.Ordinal);
            for (var i = 0; i < wrt.Length; i++)
            {
                var (shape, value) = (Shapes[wrt[i]], results[i + 1]);
                builder[wrt[i]] = value.FitTo(shape);
            }
            return (results[0].AsScalar, builder.ToImmutable());
        };
    }

    // The requested variables (all when none), each checked: asking for a name the function lacks is a programmer error.
    private ImmutableArray<string> Wrt(IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count == 0) return Variables;
        foreach (var v in variables)
            if (!Shapes.ContainsKey(v))
                throw new ArgumentException($"{Text} has no variable '{v}'; its variables are {string.Join(", ", Variables)}.", nameof(variables));
        return [.. variables];
    }

    /// <summary>The canonical form in matrix notation.</summary>
    public override string ToString() => TensorFormatter.Format(Expression);
}
