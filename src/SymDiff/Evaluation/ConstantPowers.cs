using System.Numerics.Tensors;
using LinqExpr = System.Linq.Expressions.Expression;

namespace SymDiff.Evaluation;

/// <summary>
/// x^n for the exponents PyTorch's pow kernel special-cases (2, 3, -1, -2, 1/2, -1/2): computed the way it
/// computes them (x*x, 1/x, sqrt), so symbolic values match autograd's bit for bit more often than Math.Pow
/// does, and x*x is correctly rounded where Math.Pow may be off by an ulp. Interpreter, compiler and column
/// evaluator share it.
/// </summary>
internal static class ConstantPowers
{
    public static double Pow(double x, double n) => n switch
    {
        2 => x * x,
        3 => x * x * x,
        -1 => 1 / x,
        -2 => 1 / (x * x),
        0.5 => Math.Sqrt(x),
        -0.5 => 1 / Math.Sqrt(x),
        _ => Math.Pow(x, n),
    };

    /// <summary>The same computation over a column (<paramref name="d"/> must not overlap <paramref name="x"/>): the same
    /// IEEE operations in the same order, so the same bits.</summary>
    public static void Pow(ReadOnlySpan<double> x, double n, Span<double> d)
    {
        switch (n)
        {
            case 2:
                TensorPrimitives.Multiply(x, x, d);
                return;
            case 3:
                TensorPrimitives.Multiply(x, x, d);
                TensorPrimitives.Multiply(d, x, d);
                return;
            case -1:
                TensorPrimitives.Divide(1.0, x, d);
                return;
            case -2:
                TensorPrimitives.Multiply(x, x, d);
                TensorPrimitives.Divide(1.0, d, d);
                return;
            case 0.5:
                TensorPrimitives.Sqrt(x, d);
                return;
            case -0.5:
                TensorPrimitives.Sqrt(x, d);
                TensorPrimitives.Divide(1.0, d, d);
                return;
            default:
                for (var i = 0; i < d.Length; i++) d[i] = Math.Pow(x[i], n);
                return;
        }
    }

    /// <summary>The same computation as an expression tree; <paramref name="x"/> must be free of side effects (a local).</summary>
    public static LinqExpr Build(LinqExpr x, double n)
    {
        var one = LinqExpr.Constant(1.0);
        var sqrt = typeof(Math).GetMethod(nameof(Math.Sqrt), [typeof(double)])!;
        return n switch
        {
            2 => LinqExpr.Multiply(x, x),
            3 => LinqExpr.Multiply(LinqExpr.Multiply(x, x), x),
            -1 => LinqExpr.Divide(one, x),
            -2 => LinqExpr.Divide(one, LinqExpr.Multiply(x, x)),
            0.5 => LinqExpr.Call(sqrt, x),
            -0.5 => LinqExpr.Divide(one, LinqExpr.Call(sqrt, x)),
            _ => LinqExpr.Call(typeof(Math).GetMethod(nameof(Math.Pow), [typeof(double), typeof(double)])!, x, LinqExpr.Constant(n)),
        };
    }
}
