using MathNet.Numerics;

namespace SymDiff.Functions;

/// <summary>
/// Numeric implementations of the table's functions that <see cref="Math"/> lacks. Each is a static method so
/// compiled evaluation can call it directly; each follows IEEE semantics (NaN in, NaN out; no exceptions)
/// and PyTorch's value conventions, so symbolic values and autograd agree.
/// </summary>
public static class ElementaryFunctions
{
    public static double Pi() => Math.PI;
    public static double Sec(double x) => 1 / Math.Cos(x);
    public static double Csc(double x) => 1 / Math.Sin(x);
    public static double Cot(double x) => Math.Cos(x) / Math.Sin(x);
    public static double Sign(double x) => double.IsNaN(x) ? x : Math.Sign(x);
    public static double Heaviside(double x) => double.IsNaN(x) ? x : x > 0 ? 1 : 0;
    public static double Relu(double x) => double.IsNaN(x) ? x : x > 0 ? x : 0;
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    // PyTorch's softplus returns x itself above the threshold 20; matching it keeps values identical.
    public static double Softplus(double x) => x > 20 ? x : Log1p(Math.Exp(x));

    public static double Erf(double x) => double.IsNaN(x) ? x : SpecialFunctions.Erf(x);
    public static double Erfc(double x) => double.IsNaN(x) ? x : SpecialFunctions.Erfc(x);
    // Base 0 has no logarithm (log(x)/log(0) would say -0); base 1 divides by log(1) = 0.
    public static double LogBase(double x, double b) => b == 0 ? double.NaN : Math.Log(x) / Math.Log(b);

    // NOTE: double.LogP1 is computed as Log(1 + x) and loses every digit for tiny x; Kahan's correction keeps them.
    // Below -1 (-inf included) there is no value; x/(u - 1) first, so x near the top of the range cannot overflow.
    public static double Log1p(double x)
    {
        if (x < -1) return double.NaN;
        var u = 1 + x;
        return u == 1 ? x : double.IsInfinity(u) ? u : Math.Log(u) * (x / (u - 1));
    }

    public static double Expm1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        var u = Math.Exp(x);
        return u == 1 ? x : (u - 1) * x / Math.Log(u);
    }

    public static double Max(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);
    public static double Min(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);
}
