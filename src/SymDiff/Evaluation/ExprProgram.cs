using System.Collections.Immutable;
using System.Text;
using SymDiff.Expressions;

namespace SymDiff.Evaluation;

/// <summary>
/// One or several expressions lowered into a single flat instruction list in topological order (egg's
/// <c>RecExpr</c>): every distinct node becomes one instruction, once, however many outputs share it, so a function
/// and all its partial derivatives evaluate their common subtrees once. Instruction <c>i</c> writes slot <c>i</c>;
/// the interpreter, the column evaluator, the compiler and the Torch lowering all run the same list.
/// </summary>
/// <remarks>
/// Powers are always <see cref="Math.Pow"/>. Rewriting x^2 as x*x, x^-1 as 1/x or x^(1/2) as sqrt(x) would be faster,
/// but none of them is bit-for-bit <c>Math.Pow</c>: on .NET 10 / linux-x64 x*x differed from Math.Pow(x, 2) on
/// 25,333 of 40 million random doubles (and on every exact midpoint of x*x), 1/x from Math.Pow(x, -1) on 32,811,
/// and sqrt differs at -0 and -inf besides. Evaluated values would then depend on how an expression was lowered.
/// </remarks>
/// <example><code>var f = new ExprFactory();
/// var x = f.Symbol("x");
/// var program = ExprProgram.Lower([f.Fn("sin", x), f.Fn("cos", x)], ["x"]);
/// double[] y = Interpreter.Evaluate(program, [0.5]); // [sin(0.5), cos(0.5)]</code></example>
public sealed class ExprProgram
{
    private ExprProgram(ImmutableArray<Instruction> instructions, ImmutableArray<string> variables,
        ImmutableArray<Expr> outputs, ImmutableArray<int> outputSlots, ImmutableArray<Expr> nodes = default)
    {
        Nodes = nodes.IsDefault ? [] : nodes;
        Instructions = instructions;
        Variables = variables;
        Outputs = outputs;
        OutputSlots = outputSlots;
    }

    /// <summary>The instructions in topological order; instruction <c>i</c> writes slot <c>i</c>.</summary>
    public ImmutableArray<Instruction> Instructions { get; }

    /// <summary>The inputs, in the order evaluation takes their values.</summary>
    public ImmutableArray<string> Variables { get; }

    /// <summary>The expressions this program computes, in the order it returns them; empty for a program lowered from the
    /// written form (<see cref="WrittenForm"/>), which has no canonical expression.</summary>
    public ImmutableArray<Expr> Outputs { get; }

    /// <summary>The canonical node each slot computes (a numeric exponent is an immediate, not a slot); empty for a
    /// program lowered from the written form, whose slots map to syntax (<see cref="WrittenForm.Origins"/>).</summary>
    public ImmutableArray<Expr> Nodes { get; }

    /// <summary>The slot holding each output (two outputs may share one).</summary>
    public ImmutableArray<int> OutputSlots { get; }

    /// <summary>Number of instructions, which is the number of distinct nodes of the outputs' DAG.</summary>
    public int InstructionCount => Instructions.Length;

    /// <summary>A program built instruction by instruction (the written form's lowering).</summary>
    internal static ExprProgram FromCode(ImmutableArray<Instruction> code, ImmutableArray<string> variables, ImmutableArray<int> outputSlots) =>
        new(code, variables, [], outputSlots);

    /// <summary>Lowers one expression; see <see cref="Lower(IReadOnlyList{Expr}, IReadOnlyList{string})"/>.</summary>
    public static ExprProgram Lower(Expr output, IReadOnlyList<string> variables) => Lower([output], variables);

    /// <summary>
    /// Lowers <paramref name="outputs"/> into one program whose inputs are <paramref name="variables"/>, in that order.
    /// Variables the outputs do not use are allowed; a variable they use that is not listed throws
    /// <see cref="MissingBindingException"/>. Iterative, so trees of any depth lower without stack overflow.
    /// </summary>
    public static ExprProgram Lower(IReadOnlyList<Expr> outputs, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(variables);
        var inputIndex = new Dictionary<string, int>(variables.Count, StringComparer.Ordinal);
        for (var i = 0; i < variables.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(variables[i], nameof(variables));
            if (!inputIndex.TryAdd(variables[i], i))
                throw new ArgumentException($"Variable '{variables[i]}' is listed twice.", nameof(variables));
        }

        foreach (var output in outputs) ArgumentNullException.ThrowIfNull(output, nameof(outputs));

        // PERF: unlisted variables are collected as the lowering meets each symbol, once, rather than from every output's
        // FreeSymbols: a gradient's outputs each list most of the variables (mlp16: 49 outputs of 51 variables).
        var lowering = new Lowering(inputIndex);
        var outputSlots = ImmutableArray.CreateBuilder<int>(outputs.Count);
        foreach (var output in outputs) outputSlots.Add(lowering.Lower(output));
        if (lowering.Missing.Count > 0) throw new MissingBindingException(lowering.Missing);
        return new ExprProgram(lowering.Code.ToImmutable(), [.. variables], [.. outputs], outputSlots.MoveToImmutable(),
            lowering.Nodes.ToImmutable());
    }

    /// <summary>A listing, one instruction a line (<c>%3 = call sin %2</c>), then the output slots.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Instructions.Length; i++) sb.Append('%').Append(i).Append(" = ").Append(Instructions[i]).Append('\n');
        sb.Append("return ").AppendJoin(", ", OutputSlots.Select(s => $"%{s}"));
        return sb.ToString();
    }

    private sealed class Lowering(Dictionary<string, int> inputIndex)
    {
        // Structural equality with the cached hash: nodes from different factories, or built without interning,
        // still share one slot.
        private readonly Dictionary<Expr, int> _slots = [];

        public ImmutableArray<Instruction>.Builder Code { get; } = ImmutableArray.CreateBuilder<Instruction>();
        public ImmutableArray<Expr>.Builder Nodes { get; } = ImmutableArray.CreateBuilder<Expr>();

        /// <summary>The symbols met that are not inputs; the program is not returned unless this is empty.</summary>
        public SortedSet<string> Missing { get; } = new(StringComparer.Ordinal);

        // Post-order with an explicit stack: a node is emitted once every operand has a slot.
        public int Lower(Expr root)
        {
            var stack = new Stack<(Expr Node, bool Expanded)>();
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (node, expanded) = stack.Pop();
                if (_slots.ContainsKey(node)) continue;
                var operands = OperandsOf(node);
                if (!expanded)
                {
                    stack.Push((node, true));
                    for (var i = operands.Length - 1; i >= 0; i--)
                        if (!_slots.ContainsKey(operands[i])) stack.Push((operands[i], false));
                    continue;
                }
                _slots.Add(node, Code.Count);
                Code.Add(Emit(node, operands));
                Nodes.Add(node);
            }
            return _slots[root];
        }

        // A numeric exponent is an immediate of PowConstant, not a slot of its own.
        private static ImmutableArray<Expr> OperandsOf(Expr node) => node switch
        {
            Pow { Exponent: Num } p => [p.Base],
            _ => node.Children,
        };

        private Instruction Emit(Expr node, ImmutableArray<Expr> operands) => node switch
        {
            Num n => Instruction.Constant(n.Value.ToDouble()),
            Sym s => Instruction.Input(InputOf(s.Name)),
            Add => Instruction.Sum(SlotsOf(operands)),
            Mul => Instruction.Product(SlotsOf(operands)),
            Pow { Exponent: Num e } p => Instruction.PowerOf(_slots[p.Base], e.Value.ToDouble()),
            Pow p => Instruction.Power(_slots[p.Base], _slots[p.Exponent]),
            Call c => Instruction.Apply(c.Function, SlotsOf(operands)),
            _ => throw new System.Diagnostics.UnreachableException($"Unknown node kind {node.Kind}."),
        };

        private int InputOf(string name)
        {
            if (inputIndex.TryGetValue(name, out var index)) return index;
            Missing.Add(name);
            return -1;
        }

        private ImmutableArray<int> SlotsOf(ImmutableArray<Expr> operands)
        {
            var slots = new int[operands.Length];
            for (var i = 0; i < slots.Length; i++) slots[i] = _slots[operands[i]];
            return System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(slots);
        }
    }
}
