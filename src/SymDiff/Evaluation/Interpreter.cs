namespace SymDiff.Evaluation;

/// <summary>
/// Runs an <see cref="ExprProgram"/> instruction by instruction over a slot array. IEEE semantics throughout: NaN and
/// infinities propagate and nothing throws on the hot path. Results are bit-for-bit those of <see cref="Compiler"/>,
/// since both perform the same operations in the same order.
/// </summary>
/// <example><code>var program = ExprProgram.Lower(f.Mul(f.Number(2), x), ["x"]);
/// double y = Interpreter.Evaluate(program, [3.0])[0]; // 6</code></example>
public static class Interpreter
{
    /// <summary>Evaluates every output at one point; <paramref name="inputs"/> follows <see cref="ExprProgram.Variables"/>.</summary>
    public static double[] Evaluate(ExprProgram program, ReadOnlySpan<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(program);
        var outputs = new double[program.OutputSlots.Length];
        Evaluate(program, inputs, outputs);
        return outputs;
    }

    /// <summary>Evaluates every output at one point into <paramref name="outputs"/>.</summary>
    public static void Evaluate(ExprProgram program, ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckLength(inputs.Length, program.Variables.Length, nameof(inputs));
        CheckLength(outputs.Length, program.OutputSlots.Length, nameof(outputs));
        var slots = new double[program.InstructionCount];
        Span<double> args = stackalloc double[MaxArity];
        Run(program, inputs, slots, args);
        for (var k = 0; k < outputs.Length; k++) outputs[k] = slots[program.OutputSlots[k]];
    }

    /// <summary>
    /// Evaluates <paramref name="count"/> points, column-major: <c>inputColumns[j][i]</c> is variable j at point i,
    /// <c>outputColumns[k][i]</c> receives output k there.
    /// </summary>
    public static void EvaluateBatch(ExprProgram program, double[][] inputColumns, double[][] outputColumns, int count)
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckBatch(program, inputColumns, outputColumns, count);
        var slots = new double[program.InstructionCount];
        Span<double> args = stackalloc double[MaxArity];
        Span<double> point = inputColumns.Length <= 64 ? stackalloc double[inputColumns.Length] : new double[inputColumns.Length];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < point.Length; j++) point[j] = inputColumns[j][i];
            Run(program, point, slots, args);
            for (var k = 0; k < outputColumns.Length; k++) outputColumns[k][i] = slots[program.OutputSlots[k]];
        }
    }

    // FunctionInfo.Evaluate supports arities 0 to 2.
    private const int MaxArity = 2;

    private static void Run(ExprProgram program, ReadOnlySpan<double> inputs, Span<double> slots, Span<double> args)
    {
        var code = program.Instructions.AsSpan();
        for (var s = 0; s < code.Length; s++)
        {
            ref readonly var ins = ref code[s];
            var ops = ins.Operands.AsSpan();
            double value;
            switch (ins.Kind)
            {
                case InstructionKind.Input:
                    value = inputs[ins.Variable];
                    break;
                case InstructionKind.Constant:
                    value = ins.Value;
                    break;
                case InstructionKind.Add:
                    value = slots[ops[0]];
                    for (var k = 1; k < ops.Length; k++) value += slots[ops[k]];
                    break;
                case InstructionKind.Mul:
                    value = slots[ops[0]];
                    for (var k = 1; k < ops.Length; k++) value *= slots[ops[k]];
                    break;
                case InstructionKind.Pow:
                    value = Math.Pow(slots[ops[0]], slots[ops[1]]);
                    break;
                case InstructionKind.PowConstant:
                    value = ConstantPowers.Pow(slots[ops[0]], ins.Value);
                    break;
                case InstructionKind.Call:
                    for (var k = 0; k < ops.Length; k++) args[k] = slots[ops[k]];
                    value = ins.Function!.Evaluate(args[..ops.Length]);
                    break;
                case InstructionKind.Negate:
                    value = -slots[ops[0]];
                    break;
                case InstructionKind.Divide:
                    value = slots[ops[0]] / slots[ops[1]];
                    break;
                case InstructionKind.Subtract:
                    value = slots[ops[0]] - slots[ops[1]];
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException($"Unknown opcode {ins.Kind}.");
            }
            slots[s] = value;
        }
    }

    internal static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"Expected {expected} value(s), got {actual}.", name);
    }

    internal static void CheckBatch(ExprProgram program, double[][] inputColumns, double[][] outputColumns, int count)
    {
        ArgumentNullException.ThrowIfNull(inputColumns);
        ArgumentNullException.ThrowIfNull(outputColumns);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckLength(inputColumns.Length, program.Variables.Length, nameof(inputColumns));
        CheckLength(outputColumns.Length, program.OutputSlots.Length, nameof(outputColumns));
        foreach (var column in inputColumns)
            if (column is null || column.Length < count)
                throw new ArgumentException($"Every input column needs at least {count} values.", nameof(inputColumns));
        foreach (var column in outputColumns)
            if (column is null || column.Length < count)
                throw new ArgumentException($"Every output column needs room for {count} values.", nameof(outputColumns));
    }
}
