using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Evaluation;

/// <summary>
/// Compiled evaluation of one or several expressions (a function and its gradient, say) with argument checks.
/// The point and batch delegates are compiled on first use, each once, and are safe to call from several threads.
/// </summary>
/// <example><code>var fn = CompiledFunction.Compile([f.Mul(f.Number(2), x, f.Fn("cos", f.Pow(x, 2)))], ["x"]);
/// double y = fn.Evaluate(0.5)[0];
/// double[][] ys = fn.EvaluateBatch([xs]); // ys[0][i] at xs[i]</code></example>
public sealed class CompiledFunction
{
    private readonly Lazy<PointFunction> _point;
    private readonly Lazy<BatchFunction> _batch;

    private CompiledFunction(ExprProgram program)
    {
        Program = program;
        _point = new(() => Compiler.CompilePoint(program));
        _batch = new(() => Compiler.CompileBatch(program));
    }

    /// <summary>Wraps <paramref name="program"/>; nothing is compiled until the first evaluation.</summary>
    public static CompiledFunction Compile(ExprProgram program) =>
        new(program ?? throw new ArgumentNullException(nameof(program)));

    /// <summary>Lowers and wraps; throws <see cref="MissingBindingException"/> when an output uses an unlisted variable.</summary>
    public static CompiledFunction Compile(IReadOnlyList<Expr> outputs, IReadOnlyList<string> variables) =>
        new(ExprProgram.Lower(outputs, variables));

    /// <summary>The lowered instructions the delegates are compiled from.</summary>
    public ExprProgram Program { get; }

    /// <summary>The variables, in the order a point gives their values.</summary>
    public ImmutableArray<string> Variables => Program.Variables;

    /// <summary>The expressions evaluated, in the order of the results.</summary>
    public ImmutableArray<Expr> Outputs => Program.Outputs;

    /// <summary>The single-point delegate, unchecked (compiles it if needed).</summary>
    public PointFunction Point => _point.Value;

    /// <summary>The batch delegate, unchecked (compiles it if needed).</summary>
    public BatchFunction Batch => _batch.Value;

    /// <summary>All outputs at one point, whose coordinates follow <see cref="Variables"/>.</summary>
    public double[] Evaluate(params double[] point)
    {
        var result = new double[Program.OutputSlots.Length];
        Evaluate(point, result);
        return result;
    }

    /// <summary>All outputs at <paramref name="point"/> into <paramref name="result"/> (one entry per output), without allocating.</summary>
    public void Evaluate(double[] point, double[] result)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(result);
        Interpreter.CheckLength(point.Length, Variables.Length, nameof(point));
        Interpreter.CheckLength(result.Length, Program.OutputSlots.Length, nameof(result));
        Point(point, result);
    }

    /// <summary>
    /// All outputs at every point of equally long input columns (<c>inputColumns[j][i]</c> is variable j at point i);
    /// returns one column per output.
    /// </summary>
    public double[][] EvaluateBatch(double[][] inputColumns)
    {
        ArgumentNullException.ThrowIfNull(inputColumns);
        var count = inputColumns.Length == 0 ? 0 : inputColumns[0]?.Length ?? 0;
        if (inputColumns.Any(c => c is null || c.Length != count))
            throw new ArgumentException("Every input column must have the same length.", nameof(inputColumns));
        var outputColumns = new double[Program.OutputSlots.Length][];
        for (var k = 0; k < outputColumns.Length; k++) outputColumns[k] = new double[count];
        EvaluateBatch(inputColumns, outputColumns, count);
        return outputColumns;
    }

    /// <summary>The first <paramref name="count"/> points of the input columns into the output columns.</summary>
    public void EvaluateBatch(double[][] inputColumns, double[][] outputColumns, int count)
    {
        Interpreter.CheckBatch(Program, inputColumns, outputColumns, count);
        Batch(inputColumns, outputColumns, count);
    }
}
