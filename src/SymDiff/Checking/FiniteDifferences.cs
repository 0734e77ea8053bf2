namespace SymDiff.Checking;

/// <summary>
/// Numerical derivatives. <see cref="Ridders"/> extrapolates a difference quotient to step 0 (Ridders' method, as in
/// Numerical Recipes' dfridr) and returns an error estimate, so a verdict can tell a wrong derivative from a crude
/// step; <see cref="Central"/> and <see cref="OneSided"/> are the fixed-step formulas.
/// </summary>
/// <example><code>var (d, error) = FiniteDifferences.Derivative(Math.Sin, 0.5); // cos(0.5), error ~1e-13</code></example>
public static class FiniteDifferences
{
    /// <summary>Step relative to the scale of x, near the optimum for O(h^4) formulas in double precision.</summary>
    public static double Step(double x) => 1e-3 * Math.Max(1, Math.Abs(x));

    /// <summary>Central differences with one Richardson step (error O(h^4)).</summary>
    public static double Central(Func<double, double> f, double x)
    {
        var h = Step(x);
        double D(double step) => (f(x + step) - f(x - step)) / (2 * step);
        return (4 * D(h / 2) - D(h)) / 3;
    }

    /// <summary>One-sided derivative from the left (direction -1) or right (+1), second-order accurate.</summary>
    public static double OneSided(Func<double, double> f, double x, int direction)
    {
        var h = direction * Step(x) * 1e-2;
        // f'(x) ~ (-3 f(x) + 4 f(x + h) - f(x + 2h)) / (2h); the sign of h picks the side.
        return (-3 * f(x) + 4 * f(x + h) - f(x + 2 * h)) / (2 * h);
    }

    /// <summary>f'(x) by Ridders' extrapolation of central differences, with an error estimate.</summary>
    public static (double Value, double Error) Derivative(Func<double, double> f, double x) =>
        Ridders(h => (f(x + h) - f(x - h)) / (2 * h), InitialStep(x));

    /// <summary>
    /// Extrapolates <paramref name="quotient"/>(h) to h = 0, assuming its error is a series in h^2 (true of central
    /// first and second differences and of the mixed difference). Starts at <paramref name="h0"/>, halving it while
    /// the quotient is not finite (a singularity or the domain's edge within reach), then shrinks it by 1.4 per row of
    /// the tableau and keeps the entry with the smallest estimated error; when that error is still poor (a pole close
    /// by), tries again from h0/10 and h0/100. Returns NaN and +inf error when no step gives a finite quotient.
    /// </summary>
    public static (double Value, double Error) Ridders(Func<double, double> quotient, double h0)
    {
        // A first step that reaches a nearby pole spoils the tableau, and its error estimate says so: start again
        // from steps 10 and 100 times smaller and keep the estimate with the smallest error.
        var best = RiddersFrom(quotient, h0);
        for (var k = 1; k <= 2 && !(best.Error <= 1e-8 * Math.Max(1, Math.Abs(best.Value))); k++)
        {
            var next = RiddersFrom(quotient, h0 / Math.Pow(10, k));
            if (next.Error < best.Error) best = next;
        }
        return best;
    }

    private static (double Value, double Error) RiddersFrom(Func<double, double> quotient, double h0)
    {
        const double Shrink = 1.4, Shrink2 = Shrink * Shrink, Safe = 2;
        const int Rows = 12;
        var h = h0;
        var first = quotient(h);
        for (var k = 0; k < 40 && !double.IsFinite(first); k++) first = quotient(h /= 2);
        if (!double.IsFinite(first)) return (double.NaN, double.PositiveInfinity);

        var table = new double[Rows, Rows];
        table[0, 0] = first;
        var best = first;
        var error = double.PositiveInfinity;
        for (var i = 1; i < Rows; i++)
        {
            h /= Shrink;
            table[0, i] = quotient(h);
            if (!double.IsFinite(table[0, i])) break;
            var factor = Shrink2;
            for (var j = 1; j <= i; j++)
            {
                table[j, i] = (table[j - 1, i] * factor - table[j - 1, i - 1]) / (factor - 1);
                factor *= Shrink2;
                var estimate = Math.Max(Math.Abs(table[j, i] - table[j - 1, i]), Math.Abs(table[j, i] - table[j - 1, i - 1]));
                if (estimate <= error)
                {
                    error = estimate;
                    best = table[j, i];
                }
            }
            // Higher orders are getting worse: rounding has taken over.
            if (Math.Abs(table[i, i] - table[i - 1, i - 1]) >= Safe * error) break;
        }
        return (best, error);
    }

    /// <summary>A first step that sees the function's curvature but not far-away features: 1/20 of the scale of x.</summary>
    public static double InitialStep(double x) => 0.05 * Math.Max(1, Math.Abs(x));
}
