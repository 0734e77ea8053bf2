namespace SymDiff.Tests.Support;

/// <summary>Central differences with one Richardson step: error O(h^4), good to ~1e-9 relative for smooth functions.</summary>
internal static class NumericDerivative
{
    public static double Central(Func<double, double> f, double x)
    {
        var h = 1e-3 * Math.Max(1, Math.Abs(x));
        double D(double step) => (f(x + step) - f(x - step)) / (2 * step);
        return (4 * D(h / 2) - D(h)) / 3;
    }

    /// <summary>True when two step sizes agree, i.e. no kink or singularity lies within the stencil.</summary>
    public static bool IsStable(Func<double, double> f, double x, out double derivative)
    {
        derivative = Central(f, x);
        var h = 1e-3 * Math.Max(1, Math.Abs(x));
        var coarse = (f(x + 4 * h) - f(x - 4 * h)) / (8 * h);
        return double.IsFinite(derivative) && Close(derivative, coarse, 1e-2);
    }

    public static bool Close(double a, double b, double relative, double absolute = 1e-7)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
        if (double.IsInfinity(a) || double.IsInfinity(b)) return a == b;
        return Math.Abs(a - b) <= absolute + relative * Math.Max(Math.Abs(a), Math.Abs(b));
    }
}
