namespace SymDiff.Evaluation;

/// <summary>
/// One program evaluated at many points near a centre, for the hundreds of evaluations of a finite-difference
/// extrapolation: no arrays allocated per point, and only the instructions that depend on a moved input run again;
/// every other slot keeps its value at the centre, which is the value it would compute (same operands, same
/// operations). Each instruction goes through <see cref="Interpreter.Step"/>, so every value is bit-for-bit that of
/// <see cref="Interpreter.Evaluate(ExprProgram, ReadOnlySpan{double})"/>. Holds mutable scratch space: one runner per thread.
/// </summary>
/// <example><code>var runner = new ProgramRunner(written.Program, inputs, Interpreter.EvaluateSlots(written.Program, inputs));
/// double y = runner.First(moved); // the first output at moved, recomputing only what the moved inputs reach</code></example>
internal sealed class ProgramRunner
{
    private readonly ExprProgram _program;
    private readonly double[] _centreInputs;
    private readonly double[] _centreSlots;
    private readonly double[] _slots;
    // Bit j of slot s: slot s depends on input j. Null past 64 inputs: then every instruction runs every time.
    private readonly ulong[]? _reads;
    // Scratch for a call's arguments: FunctionInfo.Evaluate takes arities 0 to 2.
    private readonly double[] _args = new double[2];

    /// <param name="program">The program.</param>
    /// <param name="centreInputs">The centre, in the order of <see cref="ExprProgram.Variables"/>.</param>
    /// <param name="centreSlots">Every slot at the centre (<see cref="Interpreter.EvaluateSlots"/>).</param>
    public ProgramRunner(ExprProgram program, double[] centreInputs, double[] centreSlots)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(centreInputs);
        ArgumentNullException.ThrowIfNull(centreSlots);
        Interpreter.CheckLength(centreInputs.Length, program.Variables.Length, nameof(centreInputs));
        Interpreter.CheckLength(centreSlots.Length, program.InstructionCount, nameof(centreSlots));
        _program = program;
        _centreInputs = (double[])centreInputs.Clone();
        _centreSlots = centreSlots;
        _slots = new double[program.InstructionCount];
        if (centreInputs.Length > 64) return;
        var code = program.Instructions;
        _reads = new ulong[code.Length];
        for (var s = 0; s < code.Length; s++)
        {
            if (code[s].Kind == InstructionKind.Input) _reads[s] = 1UL << code[s].Variable;
            foreach (var o in code[s].Operands) _reads[s] |= _reads[o];
        }
    }

    /// <summary>The program's first output at <paramref name="inputs"/> (in the order of <see cref="ExprProgram.Variables"/>).</summary>
    public double First(ReadOnlySpan<double> inputs)
    {
        Interpreter.CheckLength(inputs.Length, _program.Variables.Length, nameof(inputs));
        var moved = ulong.MaxValue;
        if (_reads is not null)
        {
            moved = 0;
            // Bitwise, so that a NaN input that did not move counts as unmoved.
            for (var j = 0; j < inputs.Length; j++)
                if (BitConverter.DoubleToInt64Bits(inputs[j]) != BitConverter.DoubleToInt64Bits(_centreInputs[j])) moved |= 1UL << j;
        }
        var code = _program.Instructions.AsSpan();
        for (var s = 0; s < code.Length; s++)
            _slots[s] = _reads is null || (_reads[s] & moved) != 0 ? Interpreter.Step(in code[s], inputs, _slots, _args) : _centreSlots[s];
        return _slots[_program.OutputSlots[0]];
    }
}
