using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Numbers;

namespace SymDiff.Checking;

/// <summary>A point where a non-smooth function of the expression sits exactly on its kink or singularity.</summary>
public sealed record Kink(Expr Node, string Description, string? Convention)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// Explains points: which subexpression makes a function undefined there, and which kinks of the table's Kink
/// column the point sits on, so verdicts can say why rather than just fail.
/// </summary>
public static class PointAnalysis
{
    /// <summary>
    /// The value of every distinct node at the point (children before parents), through the same lowering and
    /// interpreter as every other evaluation (<see cref="ExprProgram"/>); a variable without a value reads as NaN.
    /// </summary>
    public static Dictionary<Expr, double> NodeValues(Expr root, IReadOnlyDictionary<string, double> point)
    {
        var program = ExprProgram.Lower(root, [.. root.FreeSymbols]);
        var slots = Interpreter.EvaluateSlots(program, [.. program.Variables.Select(v => point.TryGetValue(v, out var x) ? x : double.NaN)]);
        return NodeValues(program, slots, slots.Length);
    }

    /// <summary>
    /// The values of the nodes in slots 0 to <paramref name="count"/> - 1 of <paramref name="program"/>, evaluated into
    /// <paramref name="slots"/>: the DAG of a root lowered first (<see cref="CasePrograms"/>), without walking it again.
    /// </summary>
    internal static Dictionary<Expr, double> NodeValues(ExprProgram program, double[] slots, int count)
    {
        var values = new Dictionary<Expr, double>(count);
        for (var s = 0; s < count; s++)
        {
            values[program.Nodes[s]] = slots[s];
            // A numeric exponent is an immediate of its power, not a slot; callers still ask for its value.
            if (program.Nodes[s] is Pow { Exponent: Num e }) values[e] = e.Value.ToDouble();
        }
        return values;
    }

    /// <summary>
    /// The innermost subexpression whose value is NaN or infinite while its arguments are finite, described
    /// for a person ("log(x) is -Infinity at this point (its argument is 0)"), or null when the value is finite.
    /// </summary>
    public static string? ExplainUndefined(Expr root, IReadOnlyDictionary<string, double> point)
    {
        var values = NodeValues(root, point);
        if (double.IsFinite(values[root])) return null;
        foreach (var (node, value) in values)
        {
            if (double.IsFinite(value) || node.Children.Any(c => !double.IsFinite(values[c]))) continue;
            var args = string.Join(", ", node.Children.Select(c => Show(values[c])));
            var what = node switch
            {
                Pow { Exponent: Num { Value.IsNegative: true } } => $"{node} divides by zero (its base is {args.Split(", ")[0]})",
                Pow => $"{node} is {Show(value)} (base and exponent {args})",
                Call c => $"{node} is {Show(value)}: {c.Function.Name} is not defined for {(c.Args.Length == 1 ? "the argument" : "the arguments")} {args}",
                _ => $"{node} is {Show(value)}",
            };
            return what;
        }
        return $"the value is {Show(values[root])}";
    }

    /// <summary>
    /// The kinks and singular points of non-smooth functions that the point sits on exactly, read from the table's
    /// Kink column; <see cref="KinkAnalysis.Find"/> adds the one-sided derivatives.
    /// </summary>
    public static List<Kink> FindKinks(Expr root, IReadOnlyDictionary<string, double> point) =>
        [.. KinkAnalysis.Locate(NodeValues(root, point)).Select(s => new Kink(s.Node, s.Description, s.Convention))];

    /// <summary><see cref="Show"/>: vector/matrix reports print entries with Python's lower-case exponent, 1e-14, 1e+308, as every report does.</summary>
    public static string ShowPython(double v) => Show(v);

    /// <summary>A value for a person (<see cref="NumberText.Value"/>): shortest round-trip, lower-case exponent, never -0, infinities signed.</summary>
    public static string Show(double v) => NumberText.Value(v);
}
