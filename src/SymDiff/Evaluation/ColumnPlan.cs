namespace SymDiff.Evaluation;

/// <summary>
/// Where each slot of an <see cref="ExprProgram"/> lives while <see cref="ColumnEvaluator"/> runs it over a tile of
/// points. Decided once, before any tile: a slot that reads no variable is a loop-invariant scalar, computed here once
/// by <see cref="Interpreter.Step"/> (so its bits are the interpreter's); an input is a slice of its column; every other
/// slot gets a scratch buffer of one tile, taken from a free list when the slot is written and given back after its last
/// reader, so a program needs as many buffers as values live at once, not one per instruction.
/// </summary>
internal sealed class ColumnPlan
{
    /// <summary>A slot that reads no variable: <see cref="Scalars"/> holds its value.</summary>
    public const int Invariant = -1;

    /// <summary>An input: the slice of its input column.</summary>
    public const int InputColumn = -2;

    private ColumnPlan(ExprProgram program, int[] buffers, double[] scalars, int[] steps, int bufferCount, int[] outputOf)
    {
        OutputOf = outputOf;
        Program = program;
        Buffers = buffers;
        Scalars = scalars;
        Steps = steps;
        BufferCount = bufferCount;
    }

    public ExprProgram Program { get; }

    /// <summary>Per slot: its scratch buffer's index, or <see cref="Invariant"/>, or <see cref="InputColumn"/>.</summary>
    public int[] Buffers { get; }

    /// <summary>Per slot: the value of an invariant slot (0 for the others).</summary>
    public double[] Scalars { get; }

    /// <summary>The slots computed per tile, in program order: every slot that is neither invariant nor an input.</summary>
    public int[] Steps { get; }

    /// <summary>How many tile-sized scratch buffers the steps need at once.</summary>
    public int BufferCount { get; }

    /// <summary>
    /// Per slot: the first output a step slot is (its values are written straight into that output's column, where a
    /// tile is not padded), else -1.
    /// </summary>
    public int[] OutputOf { get; }

    public bool IsInvariant(int slot) => Buffers[slot] == Invariant;

    public static ColumnPlan Build(ExprProgram program)
    {
        var code = program.Instructions.AsSpan();
        var buffers = new int[code.Length];
        var scalars = new double[code.Length];
        var lastUse = new int[code.Length];
        var stepCount = 0;
        Span<double> args = stackalloc double[2];
        for (var s = 0; s < code.Length; s++)
        {
            ref readonly var ins = ref code[s];
            var invariant = ins.Kind != InstructionKind.Input;
            foreach (var o in ins.Operands)
            {
                invariant &= buffers[o] == Invariant;
                lastUse[o] = s;
            }
            buffers[s] = invariant ? Invariant : ins.Kind == InstructionKind.Input ? InputColumn : 0;
            // Invariant operands are all computed by now; inputs are never read by an invariant step.
            if (invariant) scalars[s] = Interpreter.Step(in ins, [], scalars, args);
            else if (ins.Kind != InstructionKind.Input) stepCount++;
        }
        // Outputs are copied out after the last step of a tile: their buffers stay taken until then.
        foreach (var o in program.OutputSlots) lastUse[o] = int.MaxValue;

        var steps = new int[stepCount];
        var free = new Stack<int>();
        var bufferCount = 0;
        stepCount = 0;
        for (var s = 0; s < code.Length; s++)
        {
            if (buffers[s] != 0) continue;
            steps[stepCount++] = s;
            // Taken before the operands are given back: a step never writes a buffer it is still reading, even where an
            // n-ary sum reads its third term after writing its first partial sum.
            buffers[s] = free.TryPop(out var b) ? b : bufferCount++;
            foreach (var o in code[s].Operands)
            {
                if (lastUse[o] != s || buffers[o] < 0) continue;
                free.Push(buffers[o]);
                lastUse[o] = -1; // an operand read twice (x*x) is given back once
            }
        }
        var outputOf = new int[code.Length];
        Array.Fill(outputOf, -1);
        for (var k = program.OutputSlots.Length - 1; k >= 0; k--)
            if (buffers[program.OutputSlots[k]] >= 0) outputOf[program.OutputSlots[k]] = k;
        return new ColumnPlan(program, buffers, scalars, steps, bufferCount, outputOf);
    }
}
