using System.Collections.Immutable;
using SymDiff.Evaluation;

namespace SymDiff.Checking;

/// <summary>
/// Finite differences of the function as written (<see cref="WrittenForm"/>), never of SymDiff's rewriting of it:
/// first derivatives, pure and mixed second derivatives, each extrapolated by <see cref="FiniteDifferences.Ridders"/>
/// with a step scaled to each variable, and an error estimate.
/// </summary>
/// <example><code>var (d2, error) = WrittenDifferences.Of(written, written.Inputs(point), ["x", "y"]); // d²f/dxdy</code></example>
public static class WrittenDifferences
{
    /// <summary>The highest order computed on the written form; higher ones difference a symbolic lower order.</summary>
    public const int MaxOrder = 2;

    /// <summary>
    /// The derivative by <paramref name="variables"/> (one or two names) at <paramref name="inputs"/>; 0 with no
    /// error for a variable the function does not use; null for more than <see cref="MaxOrder"/> variables.
    /// </summary>
    public static (double Value, double Error)? Of(WrittenForm written, double[] inputs, ImmutableArray<string> variables)
    {
        ArgumentNullException.ThrowIfNull(written);
        if (variables.Length is 0 or > MaxOrder) return null;
        var index = variables.Select(v => written.Variables.IndexOf(v)).ToArray();
        if (index.Any(i => i < 0)) return (0, 0);

        double F(ReadOnlySpan<(int Variable, double Shift)> shifts)
        {
            var moved = (double[])inputs.Clone();
            foreach (var (variable, shift) in shifts) moved[variable] += shift;
            return written.Evaluate(moved);
        }
        double Scale(int i) => Math.Max(1, Math.Abs(inputs[i]));

        var a = index[0];
        if (index.Length == 1)
            return FiniteDifferences.Ridders(h =>
            {
                var d = h * Scale(a);
                return (F([(a, d)]) - F([(a, -d)])) / (2 * d);
            }, FiniteDifferences.InitialStep(0));

        var b = index[1];
        var centre = written.Evaluate(inputs);
        if (a == b)
            return FiniteDifferences.Ridders(h =>
            {
                var d = h * Scale(a);
                return (F([(a, d)]) - 2 * centre + F([(a, -d)])) / (d * d);
            }, FiniteDifferences.InitialStep(0));
        return FiniteDifferences.Ridders(h =>
        {
            var da = h * Scale(a);
            var db = h * Scale(b);
            return (F([(a, da), (b, db)]) - F([(a, da), (b, -db)]) - F([(a, -da), (b, db)]) + F([(a, -da), (b, -db)])) / (4 * da * db);
        }, FiniteDifferences.InitialStep(0));
    }
}
