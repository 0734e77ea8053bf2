using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Calculus;

/// <summary>A derivative with the variables it was taken with respect to, in order (x,y means d²/dx dy).</summary>
public sealed record PartialDerivative(ImmutableArray<string> Variables, Expr Value)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The variables joined by commas: "x" for d/dx, "x,x" for d²/dx², "x,y" for d²/dxdy.</summary>
    public string Key => string.Join(',', Variables);
}

/// <summary>Gradients, higher-order derivatives and Hessians built on <see cref="Differentiator"/>.</summary>
/// <example><code>var grad = Derivatives.Gradient(f, ["x", "y"], factory);</code></example>
public static class Derivatives
{
    /// <summary>The n-th derivative with respect to one variable (n = 0 gives the expression itself).</summary>
    public static Expr Nth(Expr e, string variable, int order, ExprFactory factory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        for (var i = 0; i < order; i++) e = Differentiator.Differentiate(e, variable, factory);
        return e;
    }

    /// <summary>One partial derivative per variable, in the order given.</summary>
    public static ImmutableArray<PartialDerivative> Gradient(Expr e, IReadOnlyList<string> variables, ExprFactory factory)
    {
        var partials = ImmutableArray.CreateBuilder<PartialDerivative>(variables.Count);
        foreach (var v in variables) partials.Add(new PartialDerivative([v], Differentiator.Differentiate(e, v, factory)));
        return partials.MoveToImmutable();
    }

    /// <summary>
    /// All derivatives of the given order over the variables: the gradient for order 1, the Hessian
    /// (row-major, mixed partials included) for order 2, and so on. Lower orders are reused.
    /// </summary>
    public static ImmutableArray<PartialDerivative> OfOrder(Expr e, IReadOnlyList<string> variables, int order, ExprFactory factory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        ImmutableArray<PartialDerivative> level = [new PartialDerivative([], e)];
        for (var k = 0; k < order; k++)
            level = [.. level.SelectMany(d => variables.Select(v =>
                new PartialDerivative(d.Variables.Add(v), Differentiator.Differentiate(d.Value, v, factory))))];
        return level;
    }
}
