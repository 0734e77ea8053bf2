using System.Collections.Immutable;
using System.Globalization;
using SymDiff.Functions;

namespace SymDiff.Evaluation;

/// <summary>The kind of operation of one <see cref="Instruction"/>.</summary>
public enum InstructionKind : byte
{
    /// <summary>Loads input <see cref="Instruction.Variable"/>.</summary>
    Input,
    /// <summary>The constant <see cref="Instruction.Value"/>.</summary>
    Constant,
    /// <summary>The sum of the operands, added left to right.</summary>
    Add,
    /// <summary>The product of the operands, multiplied left to right.</summary>
    Mul,
    /// <summary><c>Math.Pow(operand 0, operand 1)</c>.</summary>
    Pow,
    /// <summary><c>Math.Pow(operand 0, Value)</c>: a power whose exponent is a number.</summary>
    PowConstant,
    /// <summary><see cref="Instruction.Function"/> applied to the operands.</summary>
    Call,
    /// <summary><c>-operand 0</c>: the written form's unary minus (exact in IEEE arithmetic).</summary>
    Negate,
    /// <summary><c>operand 0 / operand 1</c>: the written form's division, which is not <c>a * (1/b)</c> in floating point.</summary>
    Divide,
    /// <summary><c>operand 0 - operand 1</c>: the written form's subtraction.</summary>
    Subtract,
}

/// <summary>
/// One step of an <see cref="ExprProgram"/>. It writes the slot of its own index and reads only the slots of earlier
/// instructions (<see cref="Operands"/>), so a program runs front to back in one pass.
/// </summary>
/// <example><code>// %2 = add %0 %1
/// var add = program.Instructions[2]; // add.Kind == InstructionKind.Add, add.Operands == [0, 1]</code></example>
public readonly struct Instruction
{
    private Instruction(InstructionKind kind, ImmutableArray<int> operands, double value, int variable, FunctionInfo? function)
    {
        Kind = kind;
        Operands = operands;
        Value = value;
        Variable = variable;
        Function = function;
    }

    public InstructionKind Kind { get; }

    /// <summary>Slots read, each below this instruction's own slot.</summary>
    public ImmutableArray<int> Operands { get; }

    /// <summary>The constant of <see cref="InstructionKind.Constant"/>, the exponent of <see cref="InstructionKind.PowConstant"/>.</summary>
    public double Value { get; }

    /// <summary>The input index of <see cref="InstructionKind.Input"/> (a position in <see cref="ExprProgram.Variables"/>), else -1.</summary>
    public int Variable { get; }

    /// <summary>The table row of <see cref="InstructionKind.Call"/>, else null.</summary>
    public FunctionInfo? Function { get; }

    internal static Instruction Input(int variable) => new(InstructionKind.Input, [], 0, variable, null);
    internal static Instruction Constant(double value) => new(InstructionKind.Constant, [], value, -1, null);
    internal static Instruction Sum(ImmutableArray<int> terms) => new(InstructionKind.Add, terms, 0, -1, null);
    internal static Instruction Product(ImmutableArray<int> factors) => new(InstructionKind.Mul, factors, 0, -1, null);
    internal static Instruction Power(int @base, int exponent) => new(InstructionKind.Pow, [@base, exponent], 0, -1, null);
    internal static Instruction PowerOf(int @base, double exponent) => new(InstructionKind.PowConstant, [@base], exponent, -1, null);
    internal static Instruction Apply(FunctionInfo function, ImmutableArray<int> args) => new(InstructionKind.Call, args, 0, -1, function);
    internal static Instruction Negation(int operand) => new(InstructionKind.Negate, [operand], 0, -1, null);
    internal static Instruction Quotient(int dividend, int divisor) => new(InstructionKind.Divide, [dividend, divisor], 0, -1, null);
    internal static Instruction Difference(int minuend, int subtrahend) => new(InstructionKind.Subtract, [minuend, subtrahend], 0, -1, null);

    /// <summary>The instruction without its slot, e.g. <c>pow %1 2</c> or <c>call sin %0</c>.</summary>
    public override string ToString()
    {
        var operands = string.Join(" ", Operands.Select(o => $"%{o}"));
        return Kind switch
        {
            InstructionKind.Input => $"input {Variable}",
            InstructionKind.Constant => $"const {Value.ToString("R", CultureInfo.InvariantCulture)}",
            InstructionKind.PowConstant => $"pow {operands} {Value.ToString("R", CultureInfo.InvariantCulture)}",
            InstructionKind.Call => $"call {Function!.Name} {operands}".TrimEnd(),
            _ => $"{Kind.ToString().ToLowerInvariant()} {operands}",
        };
    }
}
