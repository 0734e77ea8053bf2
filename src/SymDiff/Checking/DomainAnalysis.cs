using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>Why the function as written has no value at a point: outside its domain, or beyond float64's range.</summary>
public enum DomainProblem
{
    /// <summary>A division by zero, a pole, or an argument outside a function's real domain: no real value exists.</summary>
    Undefined,
    /// <summary>The value exists but exceeds float64's range (exp(710)): PyTorch computes Infinity too.</summary>
    Overflow,
}

/// <summary>The innermost written subexpression that has no value, described for a person.</summary>
public sealed record DomainFinding(DomainProblem Problem, string Subexpression, string Description)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The written form's slot without a value (-1 when not known).</summary>
    public int Slot { get; init; } = -1;
}

/// <summary>
/// Explains, on the function as written (<see cref="WrittenForm"/>), why it has no value at a point: it finds the
/// innermost subexpression whose value is NaN or infinite while its operands are finite (<c>x/x is 0/0</c>,
/// <c>log(x) is NaN: log is not defined for the argument -1</c>), and tells overflow (defined, too large for
/// float64) from a pole or a domain error. A variable-free subexpression without a value makes the function
/// undefined everywhere (<c>1/0</c>, <c>log(-1)</c>, <c>(-8)^(1/3)</c> by PyTorch's real-valued rule).
/// </summary>
/// <example><code>var w = WrittenForm.Lower(parsed.Syntax!, parsed.Text, parsed.Variables);
/// DomainAnalysis.Explain(w, w.Inputs(point))?.Description; // "x/x is 0/0"</code></example>
public static class DomainAnalysis
{
    /// <summary>
    /// The innermost subexpression without a value at the point, or null when every subexpression has one. Checked
    /// even where the function's own value is finite: 1/(1/x) at 0 is 1/Infinity = 0 in IEEE arithmetic, but 1/x has
    /// no value there, so neither has the function (and autograd says NaN).
    /// </summary>
    public static DomainFinding? Explain(WrittenForm written, ReadOnlySpan<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(written);
        var slots = Interpreter.EvaluateSlots(written.Program, inputs);
        return Innermost(written, slots, _ => true);
    }

    /// <summary><see cref="Explain"/> from the written program's slots already evaluated at the point.</summary>
    internal static DomainFinding? ExplainSlots(WrittenForm written, double[] slots) => Innermost(written, slots, _ => true);

    /// <summary>
    /// A variable-free subexpression without a value (the function is then undefined, or overflows, at every point),
    /// or null. Checked whatever the function's own value: atan(1/0) is undefined although IEEE gives pi/2.
    /// </summary>
    public static DomainFinding? Everywhere(WrittenForm written)
    {
        ArgumentNullException.ThrowIfNull(written);
        var code = written.Program.Instructions;
        var constant = new bool[code.Length];
        for (var s = 0; s < code.Length; s++)
            constant[s] = code[s].Kind != InstructionKind.Input && code[s].Operands.All(o => constant[o]);
        // Variables do not matter to constant slots: any inputs will do.
        var slots = Interpreter.EvaluateSlots(written.Program, new double[written.Variables.Length]);
        return Innermost(written, slots, s => constant[s]);
    }

    // The first subexpression without a value whose operands have values; an undefined one wins over an earlier
    // overflow, which leaves the function defined (tanh(exp(exp(9 + y^2))) + csc(x)^0 at x = 0 is undefined, not 1).
    private static DomainFinding? Innermost(WrittenForm written, double[] slots, Func<int, bool> consider)
    {
        var code = written.Program.Instructions;
        DomainFinding? overflow = null;
        for (var s = 0; s < code.Length; s++)
        {
            if (!consider(s) || double.IsFinite(slots[s])) continue;
            var ins = code[s];
            DomainFinding finding;
            if (ins.Kind is InstructionKind.Input or InstructionKind.Constant)
            {
                // A literal beyond float64 (1e400) or a variable given a non-finite value.
                var node = written.TextOf(written.Origins[s]);
                finding = new DomainFinding(DomainProblem.Overflow, node, $"{node} is {Show(slots[s])} in float64");
            }
            else if (ins.Operands.Any(o => !double.IsFinite(slots[o]))) continue;
            else finding = Describe(written, s, slots);
            finding = finding with { Slot = s };
            if (finding.Problem == DomainProblem.Undefined) return finding;
            overflow ??= finding;
        }
        return overflow;
    }

    private static DomainFinding Describe(WrittenForm written, int slot, double[] slots)
    {
        var ins = written.Program.Instructions[slot];
        var text = written.TextOf(written.Origins[slot]);
        var value = slots[slot];
        var ops = ins.Operands.Select(o => slots[o]).ToArray();
        var overflow = new DomainFinding(DomainProblem.Overflow, text,
            $"{text} overflows float64 (it is defined, but its value is beyond ±{Show(double.MaxValue)})");
        DomainFinding Undefined(string why) => new(DomainProblem.Undefined, text, why);
        switch (ins.Kind)
        {
            case InstructionKind.Divide when ops[1] == 0:
                return Undefined(ops[0] == 0 ? $"{text} is 0/0" : $"{text} divides by zero ({Show(ops[0])}/0)");
            case InstructionKind.Pow or InstructionKind.PowConstant:
            {
                var b = ops[0];
                var e = ins.Kind == InstructionKind.PowConstant ? ins.Value : ops[1];
                if (b == 0 && e < 0) return Undefined($"{text} divides by zero (0 to the power {Show(e)})");
                if (b < 0 && e != Math.Floor(e))
                    return Undefined($"{text} is a negative number to a non-integer power (({Show(b)})^{Show(e)}), which has no real value");
                return double.IsNaN(value) ? Undefined($"{text} is NaN ({Show(b)}^{Show(e)})") : overflow;
            }
            case InstructionKind.Call:
            {
                var function = ins.Function!;
                var args = string.Join(", ", ops.Select(Show));
                var argument = ops.Length == 1 ? "the argument" : "the arguments";
                if (double.IsNaN(value)) return Undefined($"{text} is NaN: {function.Name} is not defined for {argument} {args}");
                return IsPole(function, ops)
                    ? Undefined($"{text} is {Show(value)}: {function.Name} has a pole at {argument} {args}")
                    : overflow;
            }
            default:
                // Sums, products and negations of finite numbers fail only by exceeding the range.
                return double.IsNaN(value) ? Undefined($"{text} is NaN") : overflow;
        }
    }

    // A pole (log at 0, atanh at 1, csc at 0) has finite values right beside it; an overflow (exp at 710) does not.
    // Beside 0 is a tiny normal number, not the next few doubles: those are subnormal, and 1/sin(5e-324) overflows.
    private static bool IsPole(Functions.FunctionInfo function, double[] args)
    {
        foreach (var step in (ReadOnlySpan<int>)[1, -1])
        {
            for (var i = 0; i < args.Length; i++)
            {
                var moved = (double[])args.Clone();
                if (moved[i] == 0) moved[i] = step * 1e-300;
                else for (var k = 0; k < 4; k++) moved[i] = step > 0 ? Math.BitIncrement(moved[i]) : Math.BitDecrement(moved[i]);
                if (double.IsFinite(function.Evaluate(moved))) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// An undefined finding that is only float64's rounding (log(1 - sigmoid(z)) at z = 40: 1 - sigmoid(40) rounds to
    /// 0): the 31-digit evaluation of the same subexpression has a value. Then it is no domain error but a limit of
    /// float64, like an overflow; null otherwise.
    /// </summary>
    public static DomainFinding? RoundingOnly(WrittenForm written, ReadOnlySpan<double> inputs, DomainFinding finding)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Problem != DomainProblem.Undefined || finding.Slot < 0) return null;
        var precise = PreciseEvaluator.EvaluateSlots(written.Program, inputs)[finding.Slot];
        if (!precise.IsFinite) return null;
        return finding with
        {
            Problem = DomainProblem.Overflow,
            Description = $"{finding.Description} in float64, only because float64 rounds: in exact arithmetic {finding.Subexpression} is {Show((double)precise)}",
        };
    }

    /// <summary>A value for a note, as every report shows values (<see cref="PointAnalysis.Show"/>: never "-0").</summary>
    public static string Show(double v) => PointAnalysis.Show(v);

    /// <summary>"x = 0, y = 2" for a point in the order of the function's variables.</summary>
    public static string Describe(ImmutableArray<string> variables, IReadOnlyDictionary<string, double> point) =>
        string.Join(", ", variables.Where(point.ContainsKey).Select(v => $"{v} = {Show(point[v])}"));
}
