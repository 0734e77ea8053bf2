using System.Collections.Immutable;
using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Optimization;

/// <summary>
/// f and its gradient at the flat parameters: writes ∇f into <paramref name="gradient"/> and returns f.
/// </summary>
/// <example><code>GradientFunction square = (p, g) => { g[0] = 2 * p[0]; return p[0] * p[0]; };</code></example>
public delegate double GradientFunction(ReadOnlySpan<double> parameters, Span<double> gradient);

/// <summary>
/// A function to minimise over some of its variables, the others fixed as data: the gradient comes from SymDiff's
/// own symbolic derivative, simplified and compiled once (scalar functions: <see cref="CompiledFunction"/>, IL;
/// vector/matrix functions: <see cref="MatrixFunction.CompileGradients"/>), never from finite differences or
/// autograd, so a run tests the derivative as much as it uses it. The function as written is kept too
/// (<see cref="ScalarForm"/> or <see cref="TensorForm"/>) for an independent implementation such as the torch
/// oracle, which must see exactly what the user wrote.
/// </summary>
/// <example><code>var parsed = Parser.Parse("(1 - x)^2 + 100*(y - x^2)^2");
/// var rosenbrock = Objective.Scalar(parsed, ["x", "y"], new Dictionary&lt;string, double&gt;());
/// var g = new double[2];
/// double f = rosenbrock.Evaluate([-1.5, 2], g); // 12.5, g = [-5, -50]... (see the tests)</code></example>
public sealed class Objective
{
    private readonly GradientFunction _evaluate;

    private Objective(string text, ParameterLayout layout, ImmutableDictionary<string, TensorValue> data,
        GradientFunction evaluate, WrittenForm? scalarForm, TensorExpr? tensorForm, ImmutableArray<Expr> scalarGradient, ImmutableDictionary<string, TensorExpr>? tensorGradient)
    {
        Text = text;
        Layout = layout;
        Data = data;
        _evaluate = evaluate;
        ScalarForm = scalarForm;
        TensorForm = tensorForm;
        ScalarGradient = scalarGradient;
        TensorGradient = tensorGradient;
    }

    /// <summary>The function's text.</summary>
    public string Text { get; }

    /// <summary>The optimised variables and their shapes.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The fixed variables (data) and their values.</summary>
    public ImmutableDictionary<string, TensorValue> Data { get; }

    /// <summary>A scalar function as written (its program's inputs are all its variables, optimised and fixed); null for a vector/matrix function.</summary>
    public WrittenForm? ScalarForm { get; }

    /// <summary>A vector/matrix function as written; null for a scalar function.</summary>
    public TensorExpr? TensorForm { get; }

    /// <summary>A scalar function's simplified partials, one per optimised variable (empty for a vector/matrix function).</summary>
    public ImmutableArray<Expr> ScalarGradient { get; }

    /// <summary>A vector/matrix function's gradients in matrix notation, by variable (null for a scalar function).</summary>
    public ImmutableDictionary<string, TensorExpr>? TensorGradient { get; }

    /// <summary>f at <paramref name="parameters"/>, with ∇f written into <paramref name="gradient"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        if (parameters.Length != Layout.Size || gradient.Length != Layout.Size)
            throw new ArgumentException($"expected {Layout.Size} parameters and gradient entries, got {parameters.Length} and {gradient.Length}");
        return _evaluate(parameters, gradient);
    }

    /// <summary>The evaluation as a delegate, for <see cref="Optimizer.Run(OptimizerSettings, ParameterLayout, ReadOnlySpan{double}, GradientFunction, int, double?, int, IProgress{int}?)"/>.</summary>
    public GradientFunction Gradient => Evaluate;

    /// <summary>
    /// A scalar function (<paramref name="parsed"/> from <c>Parser.Parse</c>, without errors), optimised over
    /// <paramref name="wrt"/>; every other variable of the function needs a value in <paramref name="data"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The parse failed, or a variable is neither optimised nor given.</exception>
    public static Objective Scalar(ParseResult parsed, IReadOnlyList<string> wrt, IReadOnlyDictionary<string, double> data)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(wrt);
        ArgumentNullException.ThrowIfNull(data);
        if (!parsed.Success || parsed.Syntax is null) throw new ArgumentException("the function did not parse", nameof(parsed));
        var fixedNames = parsed.Variables.Where(v => !wrt.Contains(v)).ToArray();
        if (fixedNames.FirstOrDefault(v => !data.ContainsKey(v)) is { } missing)
            throw new ArgumentException($"'{missing}' is neither optimised nor given a value", nameof(data));

        var factory = new ExprFactory();
        // The canonical form again, in this factory, so the gradient's nodes are shared with it.
        var f = Parser.Parse(parsed.Text, factory).Value!;
        var partials = Derivatives.Gradient(f, wrt, factory).Select(d => d.Value).ToArray();
        var simplified = Simplifier.SimplifyAll([f, .. partials], factory).Values;
        var compiled = CompiledFunction.Compile(simplified, [.. wrt, .. fixedNames]);
        var point = compiled.Point;
        var n = wrt.Count;
        var written = WrittenForm.Lower(parsed.Syntax, parsed.Text, parsed.Variables);
        var dataValues = fixedNames.ToImmutableDictionary(v => v, v => TensorValue.Scalar(data[v]), StringComparer.Ordinal);

        // One input and one output buffer per objective: evaluation is sequential within a run.
        var inputs = new double[n + fixedNames.Length];
        for (var j = 0; j < fixedNames.Length; j++) inputs[n + j] = data[fixedNames[j]];
        var outputs = new double[1 + n];
        double Evaluate(ReadOnlySpan<double> p, Span<double> g)
        {
            p.CopyTo(inputs);
            point(inputs, outputs);
            outputs.AsSpan(1).CopyTo(g);
            return outputs[0];
        }

        var layout = new ParameterLayout([.. wrt.Select(v => (v, Shape.Scalar))]);
        return new Objective(parsed.Text, layout, dataValues, Evaluate, written, null, [.. simplified.Skip(1)], null);
    }

    /// <summary>
    /// A scalar-valued vector/matrix function optimised over <paramref name="wrt"/>; every other variable needs a
    /// value in <paramref name="data"/> of its declared shape.
    /// </summary>
    /// <exception cref="InvalidOperationException">The function is not a scalar.</exception>
    /// <exception cref="ArgumentException">A variable is neither optimised nor given, or unknown.</exception>
    public static Objective Matrix(MatrixFunction function, IReadOnlyList<string> wrt, IReadOnlyDictionary<string, TensorValue> data)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(wrt);
        ArgumentNullException.ThrowIfNull(data);
        if (!function.Shape.IsScalar)
            throw new InvalidOperationException($"{function.Text} is {function.Shape.Describe()}; only a scalar function can be minimised");
        var fixedNames = function.Variables.Where(v => !wrt.Contains(v)).ToArray();
        if (fixedNames.FirstOrDefault(v => !data.ContainsKey(v)) is { } missing)
            throw new ArgumentException($"'{missing}' is neither optimised nor given a value", nameof(data));
        var layout = new ParameterLayout([.. wrt.Select(v => (v, function.Shapes.TryGetValue(v, out var s) ? s : Shape.Scalar))]);
        var used = wrt.Where(function.Shapes.ContainsKey).ToArray();
        var step = function.CompileGradients(used);
        var gradients = function.Gradients(used);
        var dataValues = fixedNames.ToImmutableDictionary(v => v, v => data[v], StringComparer.Ordinal);

        double Evaluate(ReadOnlySpan<double> p, Span<double> g)
        {
            var values = dataValues.SetItems(layout.Values(p));
            var (value, grads) = step(values);
            g.Clear();
            for (var i = 0; i < layout.Names.Length; i++)
                if (grads.TryGetValue(layout.Names[i], out var gv)) gv.Data.CopyTo(g[layout.Offsets[i]..]);
            return value;
        }

        return new Objective(function.Text, layout, dataValues, Evaluate, null, function.Written, [], gradients);
    }
}
