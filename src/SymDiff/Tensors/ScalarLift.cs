using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Tensors;

/// <summary>
/// Applies a scalar expression of the function table (a partial derivative such as <c>1 - tanh(a0)^2</c>) entry
/// by entry to tensor arguments: the elementwise chain rule reuses the table's scalar rules instead of knowing
/// any function. Subtraction and division come back as written (<c>a - b</c>, <c>a/b^2</c>).
/// </summary>
internal static class ScalarLift
{
    public static TensorExpr Lift(TensorFactory f, Expr e, ImmutableArray<TensorExpr> args)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (e)
        {
            case Num n: return f.Number(n.Value);
            case Sym s: return args[ArgumentIndex(s.Name)];
            case Call { Function.Name: "pi", Args.Length: 0 }: return f.Constant("pi", Math.PI);
            case Call { Function.Name: "exp" } c when c.Args[0] is Num { Value.IsOne: true }: return f.Constant("e", Math.E);
            case Call c: return f.Call(c.Function, [.. c.Args.Select(a => Lift(f, a, args))]);
            case Pow p when p.Exponent is Num { Value: var half } && half == Numbers.Rational.Half:
                return f.Call("sqrt", Lift(f, p.Base, args));
            case Pow { Exponent: Num { Value.IsNegative: true } k } p:
                var below = -k.Value;
                return f.Divide(f.One, below.IsOne ? Lift(f, p.Base, args) : f.Power(Lift(f, p.Base, args), f.Number(below)));
            case Pow p: return f.Power(Lift(f, p.Base, args), Lift(f, p.Exponent, args));
            case Add a: return LiftSum(f, a, args);
            case Mul m: return LiftProduct(f, m, args);
            default: throw new System.Diagnostics.UnreachableException($"Cannot lift {e.GetType().Name}.");
        }
    }

    /// <summary>The placeholder for argument <paramref name="index"/> of a row's partial rule.</summary>
    public static string ArgumentName(int index) => $"\u2983arg{index}";

    private static int ArgumentIndex(string name) =>
        name.StartsWith("\u2983arg", StringComparison.Ordinal) ? int.Parse(name.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"A table rule mentions the variable {name}.");

    private static TensorExpr LiftSum(TensorFactory f, Add a, ImmutableArray<TensorExpr> args)
    {
        TensorExpr? sum = null;
        foreach (var term in a.Terms)
        {
            var lifted = Lift(f, term, args);
            sum = sum is null ? lifted : f.Add(sum, lifted);
        }
        return sum!;
    }

    // Factors with a negative exponent go below a fraction bar, as a person writes a/b^2.
    private static TensorExpr LiftProduct(TensorFactory f, Mul m, ImmutableArray<TensorExpr> args)
    {
        TensorExpr? numerator = null, denominator = null;
        foreach (var factor in m.Factors)
        {
            if (factor is Pow { Exponent: Num { Value.IsNegative: true } k } p)
            {
                var inverted = -k.Value;
                var lifted = inverted.IsOne ? Lift(f, p.Base, args) : f.Power(Lift(f, p.Base, args), f.Number(inverted));
                denominator = denominator is null ? lifted : f.Multiply(denominator, lifted);
            }
            else
            {
                var lifted = Lift(f, factor, args);
                numerator = numerator is null ? lifted : f.Multiply(numerator, lifted);
            }
        }
        numerator ??= f.One;
        return denominator is null ? numerator : f.Divide(numerator, denominator);
    }
}
