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
/// var v = PreciseEvaluator.Evaluate(e, new Dictionary&lt;string, double&gt; { ["y"] = 12 }); // 1, to about 1e-23
/// // (double evaluation of the same expression gives 0 or 2 or 4: it loses every digit)</code></example>
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
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            ArgumentNullException.ThrowIfNull(output, nameof(outputs));
            foreach (var name in output.FreeSymbols)
                if (!bindings.ContainsKey(name)) missing.Add(name);
        }
        if (missing.Count > 0) throw new MissingBindingException(missing);

        var order = ExprMetrics.TopologicalOrder(outputs);
        var slot = new Dictionary<Expr, int>(order.Count);
        var values = new DoubleDouble[order.Count];
        var args = new DoubleDouble[2];
        for (var i = 0; i < order.Count; i++)
        {
            var node = order[i];
            values[i] = node switch
            {
                Num n => DoubleDouble.FromRational(n.Value),
                Sym s => new DoubleDouble(bindings[s.Name]),
                Add a => Sum(a.Terms, slot, values),
                Mul m => Product(m.Factors, slot, values),
                Pow { Exponent: Num e } p => DoubleDouble.Pow(values[slot[p.Base]], e.Value),
                Pow p => DoubleDouble.Pow(values[slot[p.Base]], values[slot[p.Exponent]]),
                Call c => Apply(c, slot, values, ref args),
                _ => throw new System.Diagnostics.UnreachableException($"Unknown node kind {node.Kind}."),
            };
            slot.Add(node, i);
        }

        var result = new DoubleDouble[outputs.Count];
        for (var k = 0; k < result.Length; k++) result[k] = values[slot[outputs[k]]];
        return result;
    }

    private static DoubleDouble Sum(System.Collections.Immutable.ImmutableArray<Expr> terms, Dictionary<Expr, int> slot, DoubleDouble[] values)
    {
        var sum = values[slot[terms[0]]];
        for (var k = 1; k < terms.Length; k++) sum += values[slot[terms[k]]];
        return sum;
    }

    private static DoubleDouble Product(System.Collections.Immutable.ImmutableArray<Expr> factors, Dictionary<Expr, int> slot, DoubleDouble[] values)
    {
        var product = values[slot[factors[0]]];
        for (var k = 1; k < factors.Length; k++) product *= values[slot[factors[k]]];
        return product;
    }

    private static DoubleDouble Apply(Call call, Dictionary<Expr, int> slot, DoubleDouble[] values, ref DoubleDouble[] args)
    {
        var n = call.Args.Length;
        if (args.Length < n) args = new DoubleDouble[n];
        for (var k = 0; k < n; k++) args[k] = values[slot[call.Args[k]]];
        return PreciseFunctions.Evaluate(call.Function, args.AsSpan(0, n));
    }

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
