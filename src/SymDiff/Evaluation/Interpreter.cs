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
    /// <c>outputColumns[k][i]</c> receives output k there. Runs column-wise over tiles (<see cref="ColumnEvaluator"/>,
    /// <see cref="ColumnAccuracy.Exact"/>), with the same bits as <see cref="Evaluate(ExprProgram, ReadOnlySpan{double})"/>
    /// at each point.
    /// </summary>
    public static void EvaluateBatch(ExprProgram program, double[][] inputColumns, double[][] outputColumns, int count)
    {
        ArgumentNullException.ThrowIfNull(program);
        ColumnEvaluator.Prepare(program).Evaluate(inputColumns, outputColumns, count);
    }

    // FunctionInfo.Evaluate supports arities 0 to 2.
    private const int MaxArity = 2;

    private static void Run(ExprProgram program, ReadOnlySpan<double> inputs, Span<double> slots, Span<double> args, bool[]? strongZeros = null)
    {
        var code = program.Instructions.AsSpan();
        for (var s = 0; s < code.Length; s++)
        {
            slots[s] = Step(in code[s], inputs, slots, args, strongZeros);
            // A product with a factor 0 on a neighbourhood is 0 on it too, so it is a strong zero further up.
            if (strongZeros is not null && slots[s] == 0 && code[s].Kind == InstructionKind.Mul)
                foreach (var o in code[s].Operands)
                    strongZeros[s] |= strongZeros[o];
        }
    }

    /// <summary>
    /// Evaluates derivatives at one point with a strong zero: a product with a factor that is 0 on a whole
    /// neighbourhood of the point is 0 even when another factor is NaN or infinite. A derivative such as
    /// x^u*heaviside(u)*log(x) at u &lt; 0, x &lt; 0 is 0 (the branch is not taken; PyTorch's threshold backward masks it
    /// the same way), and so is 0^x*log(0) at x = 1, where IEEE's 0*NaN would say NaN. A factor that only passes through
    /// 0 is no strong zero: x/sqrt(x^2) at 0 is 0*inf, an indeterminate form, and stays NaN.
    /// Only for derivatives at points where the written function is defined; values of functions use IEEE products.
    /// </summary>
    public static double[] EvaluateWithStrongZero(ExprProgram program, ReadOnlySpan<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckLength(inputs.Length, program.Variables.Length, nameof(inputs));
        var slots = EvaluateSlots(program, inputs);
        var outputs = new double[program.OutputSlots.Length];
        for (var k = 0; k < outputs.Length; k++) outputs[k] = slots[program.OutputSlots[k]];
        // PERF: the neighbourhood is probed only where some derivative has no IEEE value.
        if (outputs.All(double.IsFinite)) return outputs;
        var zeros = LocallyZero(program, inputs, slots);
        if (zeros is null) return outputs;
        Span<double> args = stackalloc double[MaxArity];
        Run(program, inputs, slots, args, zeros);
        for (var k = 0; k < outputs.Length; k++) outputs[k] = slots[program.OutputSlots[k]];
        return outputs;
    }

    // The slots that are exactly 0 here and at four seeded points nearby (every variable moved by a random fraction of
    // 2^-30 of its size, or of 2^-20 where it is 0, in a random direction); null when none is.
    private static bool[]? LocallyZero(ExprProgram program, ReadOnlySpan<double> inputs, double[] slots)
    {
        var zeros = new bool[slots.Length];
        var any = false;
        for (var s = 0; s < slots.Length; s++) any |= zeros[s] = slots[s] == 0;
        if (!any) return null;
        var rng = new Random(20260101);
        var moved = new double[inputs.Length];
        for (var trial = 0; trial < 4 && any; trial++)
        {
            for (var j = 0; j < moved.Length; j++)
            {
                var step = inputs[j] == 0 ? Math.ScaleB(1, -20) : Math.Abs(inputs[j]) * Math.ScaleB(1, -30);
                moved[j] = inputs[j] + (rng.Next(2) == 0 ? -1 : 1) * step * (0.5 + 0.5 * rng.NextDouble());
            }
            var near = EvaluateSlots(program, moved);
            any = false;
            for (var s = 0; s < slots.Length; s++) any |= zeros[s] &= near[s] == 0;
        }
        return any ? zeros : null;
    }

    /// <summary>The value of one instruction, given the slots before it; <paramref name="args"/> is scratch space.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double Step(in Instruction ins, ReadOnlySpan<double> inputs, ReadOnlySpan<double> slots, Span<double> args,
        bool[]? strongZeros = null)
    {
        var ops = ins.Operands.AsSpan();
        double value;
        switch (ins.Kind)
        {
            case InstructionKind.Input:
                return inputs[ins.Variable];
            case InstructionKind.Constant:
                return ins.Value;
            case InstructionKind.Add:
                value = slots[ops[0]];
                for (var k = 1; k < ops.Length; k++) value += slots[ops[k]];
                return value;
            case InstructionKind.Mul:
                value = slots[ops[0]];
                for (var k = 1; k < ops.Length; k++) value *= slots[ops[k]];
                if (strongZeros is not null && !double.IsFinite(value))
                    foreach (var o in ops)
                        if (slots[o] == 0 && strongZeros[o]) return 0;
                return value;
            case InstructionKind.Pow:
                return Math.Pow(slots[ops[0]], slots[ops[1]]);
            case InstructionKind.PowConstant:
                return ConstantPowers.Pow(slots[ops[0]], ins.Value);
            case InstructionKind.Call:
                for (var k = 0; k < ops.Length; k++) args[k] = slots[ops[k]];
                return ins.Function!.Evaluate(args[..ops.Length]);
            case InstructionKind.Negate:
                return -slots[ops[0]];
            case InstructionKind.Divide:
                return slots[ops[0]] / slots[ops[1]];
            case InstructionKind.Subtract:
                return slots[ops[0]] - slots[ops[1]];
            default:
                throw new System.Diagnostics.UnreachableException($"Unknown opcode {ins.Kind}.");
        }
    }

    /// <summary>Every slot's value at one point (for explaining where a value became undefined).</summary>
    public static double[] EvaluateSlots(ExprProgram program, ReadOnlySpan<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckLength(inputs.Length, program.Variables.Length, nameof(inputs));
        var slots = new double[program.InstructionCount];
        Span<double> args = stackalloc double[MaxArity];
        Run(program, inputs, slots, args);
        return slots;
    }

    internal static void CheckLength(int actual, int expected, string name, string what = "value(s)")
    {
        if (actual != expected) throw new ArgumentException($"Expected {expected} {what}, got {actual}.", name);
    }

    internal static void CheckBatch(ExprProgram program, double[][] inputColumns, double[][] outputColumns, int count)
    {
        ArgumentNullException.ThrowIfNull(inputColumns);
        ArgumentNullException.ThrowIfNull(outputColumns);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckLength(inputColumns.Length, program.Variables.Length, nameof(inputColumns), "input column(s), one per variable");
        CheckLength(outputColumns.Length, program.OutputSlots.Length, nameof(outputColumns), "output column(s), one per output");
        foreach (var column in inputColumns)
            if (column is null || column.Length < count)
                throw new ArgumentException($"Every input column needs at least {count} values.", nameof(inputColumns));
        foreach (var column in outputColumns)
            if (column is null || column.Length < count)
                throw new ArgumentException($"Every output column needs room for {count} values.", nameof(outputColumns));
    }
}
