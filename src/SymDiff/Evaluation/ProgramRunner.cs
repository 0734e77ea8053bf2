namespace SymDiff.Evaluation;

/// <summary>
/// One program evaluated at one point after another into the same slots, for the hundreds of evaluations of a
/// finite-difference extrapolation: no arrays allocated per point. Each instruction goes through
/// <see cref="Interpreter.Step"/>, so values are bit-for-bit those of <see cref="Interpreter.Evaluate(ExprProgram, ReadOnlySpan{double})"/>.
/// Holds mutable scratch space: one runner per thread.
/// </summary>
/// <example><code>var runner = new ProgramRunner(written.Program);
/// double y = runner.First([0.5]); // the program's first output at x = 0.5</code></example>
internal sealed class ProgramRunner
{
    private readonly ExprProgram _program;
    private readonly double[] _slots;
    // Scratch for a call's arguments: FunctionInfo.Evaluate takes arities 0 to 2.
    private readonly double[] _args = new double[2];

    public ProgramRunner(ExprProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        _program = program;
        _slots = new double[program.InstructionCount];
    }

    /// <summary>The program's first output at <paramref name="inputs"/> (in the order of <see cref="ExprProgram.Variables"/>).</summary>
    public double First(ReadOnlySpan<double> inputs)
    {
        Interpreter.CheckLength(inputs.Length, _program.Variables.Length, nameof(inputs));
        var code = _program.Instructions.AsSpan();
        for (var s = 0; s < code.Length; s++) _slots[s] = Interpreter.Step(in code[s], inputs, _slots, _args);
        return _slots[_program.OutputSlots[0]];
    }
}
