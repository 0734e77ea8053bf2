using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Numbers;

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
        return Smallest(h0 => Of(written.Variables, inputs, variables, point => written.Evaluate(point), null, h0), 0.05, 5e-6);
    }

    /// <summary>
    /// <see cref="Of(WrittenForm, double[], ImmutableArray{string})"/> through <paramref name="runner"/> (the written
    /// program, evaluated without allocating), with the function's <paramref name="value"/> at the point already known.
    /// </summary>
    internal static (double Value, double Error)? Of(ProgramRunner runner, WrittenForm written, double[] inputs, double value, ImmutableArray<string> variables) =>
        Smallest(h0 => Of(written.Variables, inputs, variables, point => runner.First(point), value, h0), 0.05, 5e-6);

    // A fast-varying function (cot(cosh(sec(z)))) defeats a first step of 0.05: retry with steps 10x smaller and keep
    // the estimate with the smallest error.
    private static (double Value, double Error)? Smallest(Func<double, (double Value, double Error)?> estimate, double first, double last)
    {
        (double Value, double Error)? best = null;
        for (var h0 = first; h0 >= last; h0 /= 10)
        {
            var e = estimate(h0);
            if (e is null) return null;
            if (best is null || e.Value.Error < best.Value.Error || double.IsNaN(best.Value.Value)) best = e;
            if (best.Value.Error <= 1e-10 * Math.Max(1, Math.Abs(best.Value.Value))) break;
        }
        return best;
    }

    /// <summary>
    /// The same differences with the written form evaluated in 31-digit arithmetic (<see cref="PreciseEvaluator"/>):
    /// the differences lose no digits to cancellation, so a smaller step and a tighter extrapolation give a reference
    /// value independent of both the differentiator and double-precision rounding.
    /// </summary>
    public static (double Value, double Error)? Precise(WrittenForm written, double[] inputs, ImmutableArray<string> variables)
    {
        ArgumentNullException.ThrowIfNull(written);
        return Smallest(h0 => Of(written.Variables, inputs, variables, point => PreciseEvaluator.Evaluate(written.Program, point)[0], null, h0), 1e-3, 1e-7);
    }

    // centre: the value at inputs when known (the same evaluation gives the same double), else evaluated here.
    private static (double Value, double Error)? Of(ImmutableArray<string> names, double[] inputs, ImmutableArray<string> variables,
        Func<double[], DoubleDouble> evaluate, double? knownCentre, double initialStep)
    {
        if (variables.Length is 0 or > MaxOrder) return null;
        var index = variables.Select(v => names.IndexOf(v)).ToArray();
        if (index.Any(i => i < 0)) return (0, 0);

        // Each shifted coordinate is a double; the differences below divide by the shifts actually taken, which are
        // exact (x + d - x for a small d), so the quotients carry no representation error of the step. One buffer for
        // every shifted point: evaluate never keeps it.
        var moved = new double[inputs.Length];
        DoubleDouble F(ReadOnlySpan<(int Variable, double Shift)> shifts)
        {
            inputs.CopyTo(moved, 0);
            foreach (var (variable, shift) in shifts) moved[variable] += shift;
            return evaluate(moved);
        }
        double Shift(int i, double h) => inputs[i] + h * Math.Max(1, Math.Abs(inputs[i])) - inputs[i];

        var a = index[0];
        if (index.Length == 1)
            return FiniteDifferences.Ridders(h =>
            {
                var d = Shift(a, h);
                return (double)((F([(a, d)]) - F([(a, -d)])) / (2 * d));
            }, initialStep);

        var b = index[1];
        var centre = knownCentre is { } known ? (DoubleDouble)known : evaluate(inputs);
        if (a == b)
            return FiniteDifferences.Ridders(h =>
            {
                var d = Shift(a, h);
                return (double)((F([(a, d)]) - 2 * centre + F([(a, -d)])) / (d * d));
            }, initialStep);
        return FiniteDifferences.Ridders(h =>
        {
            var da = Shift(a, h);
            var db = Shift(b, h);
            return (double)((F([(a, da), (b, db)]) - F([(a, da), (b, -db)]) - F([(a, -da), (b, db)]) + F([(a, -da), (b, -db)])) / (4 * da * db));
        }, initialStep);
    }
}
