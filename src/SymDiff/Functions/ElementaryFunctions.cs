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

    // silu(x) = x*sigmoid(x) (torch.nn.functional.silu).
    public static double Silu(double x) => x * Sigmoid(x);

    // gelu(x) = x/2 * (1 + erf(x/sqrt 2)), PyTorch's exact form (approximate='none'); written with erfc(-x/sqrt 2)
    // so the tail below 0 keeps its digits instead of cancelling 1 + erf.
    public static double Gelu(double x) => double.IsNaN(x) ? x : 0.5 * x * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    // elu(x), alpha 1: x above 0, e^x - 1 at and below it (elu(0) = 0 either way).
    public static double Elu(double x) => double.IsNaN(x) ? x : x > 0 ? x : Expm1(x);

    // leaky_relu(x, slope): x above 0, slope*x at and below it; PyTorch's default slope is 0.01.
    public static double LeakyRelu(double x) => LeakyRelu(x, 0.01);
    public static double LeakyRelu(double x, double slope) => double.IsNaN(x) ? x : x > 0 ? x : slope * x;

    // mish(x) = x*tanh(softplus(x)); ATen's mish uses log1p(exp(x)) with no threshold, and above 20 both give tanh = 1.
    public static double Mish(double x) => x * Math.Tanh(Softplus(x));

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
