using System.Runtime.CompilerServices;
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
        var program = LowerCached(outputs);
        // The program's inputs are the outputs' free symbols, sorted.
        var missing = program.Variables.Where(v => !bindings.ContainsKey(v)).ToList();
        if (missing.Count > 0) throw new MissingBindingException(missing);
        return Interpreter.Evaluate(program, [.. program.Variables.Select(v => bindings[v])]);
    }

    // PERF: callers evaluate one expression at several points (claim hints at sampled points, a verdict's notes);
    // lowering hashes every node, which costs more than the arithmetic. Keyed by the first output, kept while it
    // lives; a hit needs the very same outputs, by reference.
    private static readonly ConditionalWeakTable<Expr, ExprProgram> Lowered = [];

    private static ExprProgram LowerCached(IReadOnlyList<Expr> outputs)
    {
        if (outputs.Count > 0 && Lowered.TryGetValue(outputs[0], out var cached) && cached.Outputs.Length == outputs.Count)
        {
            var same = true;
            for (var k = 0; k < outputs.Count && same; k++) same = ReferenceEquals(cached.Outputs[k], outputs[k]);
            if (same) return cached;
        }
        var variables = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            ArgumentNullException.ThrowIfNull(output, nameof(outputs));
            variables.UnionWith(output.FreeSymbols);
        }
        var program = ExprProgram.Lower(outputs, [.. variables]);
        if (outputs.Count > 0) Lowered.AddOrUpdate(outputs[0], program);
        return program;
    }
}
