using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Checking;

/// <summary>
/// An independent source of derivative values, such as PyTorch's autograd. The core library only defines the
/// contract, so that users who want symbolic derivatives alone never load libtorch.
/// </summary>
public interface IAutogradOracle : IDisposable
{
    /// <summary>The device that computed the values, as the backend names it ("cpu", "cuda:0").</summary>
    string Device { get; }

    NumericType NumericType { get; }

    /// <summary>
    /// Derivatives of the program's (first) output at every point in one batch: the written form of a function
    /// (<see cref="WrittenForm.Program"/>), so autograd sees the operations the user wrote, or a lowered canonical
    /// expression. <paramref name="derivatives"/> lists the differentiation variables of each derivative (["x"] for
    /// d/dx, ["x","y"] for d²/dxdy, [] for the value); points are rows of values in the order of
    /// <see cref="ExprProgram.Variables"/>. Returns values[derivative][point].
    /// </summary>
    double[][] Derivatives(ExprProgram function, IReadOnlyList<ImmutableArray<string>> derivatives, IReadOnlyList<double[]> points);
}

/// <summary>Conveniences over <see cref="IAutogradOracle"/>.</summary>
public static class AutogradOracleExtensions
{
    /// <summary>
    /// Derivatives of a canonical expression: lowered with <see cref="ExprProgram.Lower(Expr, IReadOnlyList{string})"/>
    /// over <paramref name="variables"/> (which may list variables it does not use), then as
    /// <see cref="IAutogradOracle.Derivatives(ExprProgram, IReadOnlyList{ImmutableArray{string}}, IReadOnlyList{double[]})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The function uses variables not in <paramref name="variables"/>, a variable
    /// is listed twice, or a point does not have one value per variable.</exception>
    public static double[][] Derivatives(this IAutogradOracle oracle, Expr function, IReadOnlyList<string> variables,
        IReadOnlyList<ImmutableArray<string>> derivatives, IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(variables);
        var missing = function.FreeSymbols.Where(s => !variables.Contains(s)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"The function uses variable(s) without values: {string.Join(", ", missing)}.", nameof(variables));
        return oracle.Derivatives(ExprProgram.Lower(function, variables), derivatives, points);
    }
}
