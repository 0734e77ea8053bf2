namespace SymDiff.Tests.Support;

/// <summary>The library's central differences (Richardson, O(h^4)) plus the checks tests need around them.</summary>
internal static class NumericDerivative
{
    public static double Central(Func<double, double> f, double x) => SymDiff.Checking.FiniteDifferences.Central(f, x);

    /// <summary>True when two step sizes agree, i.e. no kink or singularity lies within the stencil.</summary>
    public static bool IsStable(Func<double, double> f, double x, out double derivative)
    {
        derivative = Central(f, x);
        var h = SymDiff.Checking.FiniteDifferences.Step(x);
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
