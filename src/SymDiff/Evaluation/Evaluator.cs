using SymDiff.Expressions;

namespace SymDiff.Evaluation;

/// <summary>
/// One-off evaluation of expressions under name-to-value bindings, through the <see cref="Interpreter"/>. For many
/// points, lower once with <see cref="ExprProgram.Lower(IReadOnlyList{Expr}, IReadOnlyList{string})"/> or compile with
/// <see cref="CompiledFunction"/>.
/// </summary>
/// <example><code>double y = Evaluator.Evaluate(f.Add(x, f.Fn("sin", x)), new Dictionary&lt;string, double&gt; { ["x"] = 1 });</code></example>
public static class Evaluator
{
    /// <summary>The value of <paramref name="e"/>; a variable without a binding throws <see cref="MissingBindingException"/>.</summary>
    public static double Evaluate(Expr e, IReadOnlyDictionary<string, double> bindings) => Evaluate([e], bindings)[0];

    /// <summary>The values of <paramref name="outputs"/>, sharing their common subexpressions.</summary>
    public static double[] Evaluate(IReadOnlyList<Expr> outputs, IReadOnlyDictionary<string, double> bindings)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(bindings);
        var variables = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var output in outputs) variables.UnionWith(output.FreeSymbols);
        var missing = variables.Where(v => !bindings.ContainsKey(v)).ToList();
        if (missing.Count > 0) throw new MissingBindingException(missing);

        var program = ExprProgram.Lower(outputs, [.. variables]);
        return Interpreter.Evaluate(program, [.. program.Variables.Select(v => bindings[v])]);
    }
}
