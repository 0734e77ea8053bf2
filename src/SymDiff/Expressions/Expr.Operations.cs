using System.Collections.Immutable;
using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Formatting;
using SymDiff.Simplification;

namespace SymDiff.Expressions;

// Calculus, simplification, evaluation and formatting as methods, through ExprFactory.Default. Each is the static
// API it names (Differentiator, Simplifier, Evaluator, CompiledFunction, LatexFormatter), which stays available for
// callers that need its options or statistics; all are safe on trees of any depth (see StackGuard).
public abstract partial class Expr
{
    /// <summary>d/d<paramref name="variable"/> of this expression, canonical but not further simplified (see <see cref="Simplify"/>).</summary>
    /// <example><code>Expr.Parse("sin(x^2)").Differentiate("x") // 2*x*cos(x^2)</code></example>
    public Expr Differentiate(string variable) => Differentiator.Differentiate(this, variable, ExprFactory.Default);

    /// <summary>The <paramref name="order"/>-th derivative by <paramref name="variable"/> (order 0 is the expression itself).</summary>
    public Expr Differentiate(string variable, int order) => Derivatives.Nth(this, variable, order, ExprFactory.Default);

    /// <summary>
    /// The partial derivatives by <paramref name="variables"/>, in that order; with none, by every variable of the
    /// expression (<see cref="FreeSymbols"/>, sorted by name).
    /// </summary>
    /// <example><code>var g = Expr.Parse("x*y + sin(x)").Gradient("x", "y"); // [y + cos(x), x]</code></example>
    public ImmutableArray<Expr> Gradient(params string[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        IReadOnlyList<string> by = variables.Length == 0 ? [.. FreeSymbols] : variables;
        return [.. by.Select(v => Differentiate(v))];
    }

    /// <summary>
    /// The simplest form the bounded rule passes find (never larger than this one). For the stop reason and the
    /// rules applied, use <see cref="SimplifyDetailed"/>.
    /// </summary>
    public Expr Simplify() => SimplifyDetailed().Value;

    /// <summary><see cref="Simplifier.Simplify"/> with the default budget: the result, why it stopped and which rules applied how often.</summary>
    public SimplifyResult SimplifyDetailed(Budget? budget = null) => Simplifier.Simplify(this, ExprFactory.Default, budget);

    /// <summary>The value at the point given by name–value pairs.</summary>
    /// <exception cref="ArgumentException">A name is given twice.</exception>
    /// <exception cref="MissingBindingException">A variable of the expression has no value.</exception>
    /// <example><code>Expr.Parse("x*y").Evaluate(("x", 2), ("y", 3)) // 6</code></example>
    public double Evaluate(params (string Name, double Value)[] bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var point = new Dictionary<string, double>(bindings.Length, StringComparer.Ordinal);
        foreach (var (name, value) in bindings)
            if (!point.TryAdd(name ?? throw new ArgumentException("A variable name is null.", nameof(bindings)), value))
                throw new ArgumentException($"The variable '{name}' is given twice.", nameof(bindings));
        return Evaluator.Evaluate(this, point);
    }

    /// <summary>The value under <paramref name="bindings"/>; a variable without a value throws <see cref="MissingBindingException"/>.</summary>
    public double Evaluate(IReadOnlyDictionary<string, double> bindings) => Evaluator.Evaluate(this, bindings);

    /// <summary>
    /// A compiled function of <paramref name="variables"/>, in that order (with none: <see cref="FreeSymbols"/>, sorted
    /// by name), for evaluating many points; <see cref="CompiledFunction.Evaluate(double[])"/> returns one value.
    /// </summary>
    /// <exception cref="MissingBindingException">The expression uses a variable not listed.</exception>
    /// <example><code>var fn = Expr.Parse("x^2 + y").Compile("x", "y");
    /// double v = fn.Evaluate(3, 1)[0]; // 10</code></example>
    public CompiledFunction Compile(params string[] variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return CompiledFunction.Compile([this], variables.Length == 0 ? [.. FreeSymbols] : variables);
    }

    /// <summary>The LaTeX form, e.g. <c>2 x \cos\left(x^{2}\right)</c>.</summary>
    public string ToLatex() => LatexFormatter.Format(this);

    /// <summary>The LaTeX form with non-integers spelled in <paramref name="style"/> (<c>0.005 x</c> or <c>\frac{x}{200}</c>).</summary>
    public string ToLatex(NumberStyle style) => LatexFormatter.Format(this, style);

    /// <summary>
    /// The infix form with non-integers spelled in <paramref name="style"/>: <c>0.05340703*cos(0.017*x)</c> with
    /// <see cref="NumberStyle.Decimals"/>; <see cref="ToString()"/> writes fractions. The CLI picks the style from the
    /// written input (<see cref="NumberSpelling.StyleOf"/>): decimals when it has a decimal literal.
    /// </summary>
    public string ToString(NumberStyle style) => InfixFormatter.Format(this, style);
}
