using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Numbers;

namespace SymDiff.Evaluation;

/// <summary>
/// Evaluates expressions and programs in double-double arithmetic (about 31 digits): the reference that decides
/// which of two disagreeing double-precision values is right, and how many digits a written form loses to
/// cancellation. Inputs are doubles, taken exactly; every operation then rounds to 106 bits instead of 53.
/// </summary>
/// <remarks>
/// <para>Expressions: every distinct node of the DAG is evaluated once, children first (iteratively, so any depth
/// is safe), and several outputs share their common subtrees. A <see cref="Num"/> is its exact rational rounded once
/// to double-double, a numeric exponent is exact (<see cref="DoubleDouble.Pow(DoubleDouble, Rational)"/>: repeated
/// squaring for integers, roots for fractions, NaN for a negative base with a non-integer exponent), and calls go to
/// <see cref="PreciseFunctions"/>. Sums and products run left to right with IEEE semantics: 0 * NaN is NaN, nothing
/// is short-circuited.</para>
/// <para>Programs: an <see cref="ExprProgram"/> holds its constants and constant exponents as doubles. A double that is
/// the correctly rounded value of a fraction p/q with q &lt;= 2^20 (0.1, 1/3, 2.5e-3) is taken as that fraction, so
/// a program evaluates as the expression it was lowered from; any other double is taken as it is (within half an
/// ulp of what it was rounded from).</para>
/// </remarks>
/// <example><code>var f = new ExprFactory();
/// var e = Parser.Parse("cosh(y)^2 - sinh(y)^2", f).Value!;
/// var v = PreciseEvaluator.Evaluate(e, new Dictionary&lt;string, double&gt; { ["y"] = 12 }); // 1 + 2.1e-22
/// // (in double the same expression is 1.0000019073486328: cosh(12)^2 is 2.6e10)</code></example>
public static class PreciseEvaluator
{
    /// <summary>The value of <paramref name="expression"/>; a variable without a binding throws <see cref="MissingBindingException"/>.</summary>
    public static DoubleDouble Evaluate(Expr expression, IReadOnlyDictionary<string, double> bindings)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Evaluate([expression], bindings)[0];
    }

    /// <summary>The values of <paramref name="outputs"/>, each distinct node evaluated once for all of them.</summary>
    /// <exception cref="MissingBindingException">A variable of the outputs has no binding.</exception>
    /// <exception cref="NotSupportedException">A call's row has no double-double implementation.</exception>
    public static DoubleDouble[] Evaluate(IReadOnlyList<Expr> outputs, IReadOnlyDictionary<string, double> bindings)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(bindings);
        SortedSet<string>? missing = null;
        foreach (var output in outputs)
        {
            ArgumentNullException.ThrowIfNull(output, nameof(outputs));
            foreach (var name in output.FreeSymbols)
                if (!bindings.ContainsKey(name)) (missing ??= new(StringComparer.Ordinal)).Add(name);
        }
        if (missing is not null) throw new MissingBindingException(missing);

        var lowered = LowerCached(outputs);
        var nodes = lowered.Nodes;
        var values = new DoubleDouble[nodes.Length];
        Span<DoubleDouble> args = stackalloc DoubleDouble[2];
        for (var i = 0; i < values.Length; i++)
        {
            var own = lowered.Operands.AsSpan(lowered.FirstOperand[i]..lowered.FirstOperand[i + 1]);
            DoubleDouble value;
            switch (nodes[i])
            {
                case Num:
                    value = lowered.Numbers[i];
                    break;
                case Sym s:
                    value = bindings[s.Name];
                    break;
                case Add:
                    value = values[own[0]];
                    for (var k = 1; k < own.Length; k++) value += values[own[k]];
                    break;
                case Mul:
                    value = values[own[0]];
                    for (var k = 1; k < own.Length; k++) value *= values[own[k]];
                    break;
                case Pow { Exponent: Num e }:
                    value = DoubleDouble.Pow(values[own[0]], e.Value);
                    break;
                case Pow:
                    value = DoubleDouble.Pow(values[own[0]], values[own[1]]);
                    break;
                case Call c:
                    if (args.Length < own.Length) args = new DoubleDouble[own.Length];
                    for (var k = 0; k < own.Length; k++) args[k] = values[own[k]];
                    value = PreciseFunctions.Evaluate(c.Function, args[..own.Length]);
                    break;
                default:
                    throw new System.Diagnostics.UnreachableException($"Unknown node kind {nodes[i].Kind}.");
            }
            values[i] = value;
        }

        var result = new DoubleDouble[outputs.Count];
        for (var k = 0; k < result.Length; k++) result[k] = values[lowered.OutputSlots[k]];
        return result;
    }

    // The outputs' DAG flattened children first: node i reads the values of Operands[FirstOperand[i]..FirstOperand[i+1]].
    // A numeric exponent is read from its Pow node, not given a slot of its own.
    private sealed record Lowered(Expr[] Outputs, Expr[] Nodes, int[] FirstOperand, int[] Operands, int[] OutputSlots, DoubleDouble[] Numbers);

    // PERF: the checkers evaluate one expression at many points; hashing every node again at each point would cost
    // several times the arithmetic. Keyed by the first output, kept while it lives.
    private static readonly ConditionalWeakTable<Expr, Lowered> LoweredCache = [];

    private static Lowered LowerCached(IReadOnlyList<Expr> outputs)
    {
        if (outputs.Count == 0) return Lower(outputs);
        if (LoweredCache.TryGetValue(outputs[0], out var cached) && cached.Outputs.Length == outputs.Count)
        {
            var same = true;
            for (var k = 0; k < outputs.Count && same; k++) same = ReferenceEquals(cached.Outputs[k], outputs[k]);
            if (same) return cached;
        }
        var lowered = Lower(outputs);
        LoweredCache.AddOrUpdate(outputs[0], lowered);
        return lowered;
    }

    // An iterative post-order walk: each distinct node (structural equality) gets one slot, after its operands.
    private static Lowered Lower(IReadOnlyList<Expr> outputs)
    {
        var slotOf = new Dictionary<Expr, int>();
        var nodes = new List<Expr>();
        var operands = new List<int>();
        var firstOperand = new List<int>();
        var stack = new Stack<(Expr Node, bool Expanded)>();
        foreach (var output in outputs)
        {
            stack.Push((output, false));
            while (stack.Count > 0)
            {
                var (node, expanded) = stack.Pop();
                if (slotOf.ContainsKey(node)) continue;
                var children = OperandsOf(node);
                if (!expanded)
                {
                    stack.Push((node, true));
                    for (var i = children.Length - 1; i >= 0; i--)
                        if (!slotOf.ContainsKey(children[i])) stack.Push((children[i], false));
                    continue;
                }
                slotOf.Add(node, nodes.Count);
                nodes.Add(node);
                firstOperand.Add(operands.Count);
                foreach (var child in children) operands.Add(slotOf[child]);
            }
        }
        firstOperand.Add(operands.Count);
        var numbers = nodes.Select(n => n is Num number ? DoubleDouble.FromRational(number.Value) : default).ToArray();
        return new([.. outputs], [.. nodes], [.. firstOperand], [.. operands], [.. outputs.Select(o => slotOf[o])], numbers);
    }

    private static ImmutableArray<Expr> OperandsOf(Expr node) => node is Pow { Exponent: Num } p ? [p.Base] : node.Children;

    /// <summary>Every output of <paramref name="program"/> at one point; <paramref name="inputs"/> follows <see cref="ExprProgram.Variables"/>.</summary>
    public static DoubleDouble[] Evaluate(ExprProgram program, ReadOnlySpan<double> inputs)
    {
        var slots = EvaluateSlots(program, inputs);
        var outputs = new DoubleDouble[program.OutputSlots.Length];
        for (var k = 0; k < outputs.Length; k++) outputs[k] = slots[program.OutputSlots[k]];
        return outputs;
    }

    /// <summary>The value of every slot of <paramref name="program"/> at one point (slot i is instruction i's result).</summary>
    /// <exception cref="NotSupportedException">A call's row has no double-double implementation.</exception>
    public static DoubleDouble[] EvaluateSlots(ExprProgram program, ReadOnlySpan<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(program);
        Interpreter.CheckLength(inputs.Length, program.Variables.Length, nameof(inputs));
        var code = program.Instructions.AsSpan();
        var immediates = ImmediatesOf(program);
        var slots = new DoubleDouble[code.Length];
        Span<DoubleDouble> args = stackalloc DoubleDouble[2];
        for (var s = 0; s < code.Length; s++)
        {
            ref readonly var ins = ref code[s];
            var ops = ins.Operands.AsSpan();
            DoubleDouble value;
            switch (ins.Kind)
            {
                case InstructionKind.Input:
                    value = inputs[ins.Variable];
                    break;
                case InstructionKind.Constant:
                    value = immediates[s].Value;
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
                    value = DoubleDouble.Pow(slots[ops[0]], slots[ops[1]]);
                    break;
                case InstructionKind.PowConstant:
                    value = immediates[s].Fraction is { } r
                        ? DoubleDouble.Pow(slots[ops[0]], r)
                        : DoubleDouble.Pow(slots[ops[0]], immediates[s].Value);
                    break;
                case InstructionKind.Call:
                    if (args.Length < ops.Length) args = new DoubleDouble[ops.Length];
                    for (var k = 0; k < ops.Length; k++) args[k] = slots[ops[k]];
                    value = PreciseFunctions.Evaluate(ins.Function!, args[..ops.Length]);
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
        return slots;
    }

    // The value (and fraction, when one is recovered) of every Constant and PowConstant instruction, worked out once
    // per program: recovering a fraction takes a continued fraction in big integers.
    private readonly record struct Immediate(DoubleDouble Value, Rational? Fraction);

    private static readonly ConditionalWeakTable<ExprProgram, Immediate[]> Immediates = [];

    private static Immediate[] ImmediatesOf(ExprProgram program) => Immediates.GetValue(program, static p =>
    {
        var result = new Immediate[p.InstructionCount];
        for (var s = 0; s < result.Length; s++)
        {
            var ins = p.Instructions[s];
            if (ins.Kind is not (InstructionKind.Constant or InstructionKind.PowConstant)) continue;
            result[s] = TryRecoverFraction(ins.Value, out var fraction)
                ? new(DoubleDouble.FromRational(fraction), fraction)
                : new(ins.Value, null);
        }
        return result;
    });

    /// <summary>Fractions with denominators up to this are recovered from the doubles a program holds.</summary>
    internal const int MaxRecoveredDenominator = 1 << 20;

    /// <summary>
    /// The fraction p/q (q &lt;= 2^20, |p| &lt; 2^53) of smallest denominator among the continued-fraction convergents of
    /// <paramref name="value"/> whose correctly rounded double is <paramref name="value"/>; false when there is none.
    /// </summary>
    internal static bool TryRecoverFraction(double value, out Rational fraction)
    {
        fraction = Rational.Zero;
        if (!double.IsFinite(value)) return false;
        if (value == Math.Floor(value))
        {
            fraction = new BigInteger(value);
            return true;
        }
        var magnitude = Math.Abs(value);
        if (magnitude < 1.0 / MaxRecoveredDenominator || magnitude >= 1L << 53) return false;
        var exact = DoubleDouble.ExactRational(magnitude);
        var (num, den) = (exact.Numerator, exact.Denominator);
        BigInteger h1 = 1, h2 = 0, k1 = 0, k2 = 1;
        while (!den.IsZero)
        {
            var a = BigInteger.DivRem(num, den, out var rem);
            (num, den) = (den, rem);
            (h1, h2) = (a * h1 + h2, h1);
            (k1, k2) = (a * k1 + k2, k1);
            if (k1 > MaxRecoveredDenominator || h1 >= 1L << 53) return false;
            // Both below 2^53, so each converts exactly and the quotient is rounded once.
            if ((double)h1 / (double)k1 == magnitude)
            {
                fraction = Rational.Create(value < 0 ? -h1 : h1, k1);
                return true;
            }
        }
        return false;
    }
}
