namespace SymDiff.Checking;

/// <summary>Central differences with one Richardson extrapolation step (error O(h^4)), and one-sided differences.</summary>
/// <example><code>FiniteDifferences.Central(Math.Sin, 0.5); // ~cos(0.5)</code></example>
public static class FiniteDifferences
{
    /// <summary>Step relative to the scale of x, near the optimum for O(h^4) formulas in double precision.</summary>
    public static double Step(double x) => 1e-3 * Math.Max(1, Math.Abs(x));

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
}
