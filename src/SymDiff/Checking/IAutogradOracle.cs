using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Checking;

/// <summary>
/// An independent source of derivative values, such as PyTorch's autograd. The core library only defines the
/// contract, so that users who want symbolic derivatives alone never load libtorch.
/// </summary>
/// <remarks>
/// Points come in two layouts: columns (one array of values per variable), the layout tensors and vectorised
/// evaluators use, so a backend can take them without transposing or copying; and rows (one array per point),
/// which an implementation transposes once (<see cref="PointColumns.FromRows"/>) and answers as the columns.
/// </remarks>
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
    /// <see cref="ExprProgram.Variables"/>. Returns values[derivative][point], the same values, bit for bit, as the
    /// column overload gives for the transposed points.
    /// </summary>
    /// <exception cref="ArgumentException">A point does not have one value per input of the program.</exception>
    double[][] Derivatives(ExprProgram function, IReadOnlyList<ImmutableArray<string>> derivatives, IReadOnlyList<double[]> points);

    /// <summary>
    /// As the row overload, with the points as columns: <paramref name="columns"/>[i] holds the values of
    /// <see cref="ExprProgram.Variables"/>[i] at all <paramref name="count"/> points, exactly
    /// <paramref name="count"/> values each (slice a longer array with <c>AsMemory(start, count)</c>).
    /// <paramref name="count"/> is needed because a program without inputs has no column to count. The columns are
    /// only read, and not referenced after the call returns. Returns values[derivative][point].
    /// </summary>
    /// <exception cref="ArgumentException">There is not one column per input, or a column does not hold
    /// <paramref name="count"/> values.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    double[][] Derivatives(ExprProgram function, IReadOnlyList<ImmutableArray<string>> derivatives,
        IReadOnlyList<ReadOnlyMemory<double>> columns, int count);
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
        return oracle.Derivatives(Lower(function, variables), derivatives, points);
    }

    /// <summary>
    /// Derivatives of a canonical expression at points given as columns (one per entry of
    /// <paramref name="variables"/>, <paramref name="count"/> values each): lowered as the row overload lowers it,
    /// then as <see cref="IAutogradOracle.Derivatives(ExprProgram, IReadOnlyList{ImmutableArray{string}}, IReadOnlyList{ReadOnlyMemory{double}}, int)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The function uses variables not in <paramref name="variables"/>, a variable
    /// is listed twice, or a column does not hold <paramref name="count"/> values.</exception>
    public static double[][] Derivatives(this IAutogradOracle oracle, Expr function, IReadOnlyList<string> variables,
        IReadOnlyList<ImmutableArray<string>> derivatives, IReadOnlyList<ReadOnlyMemory<double>> columns, int count)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        return oracle.Derivatives(Lower(function, variables), derivatives, columns, count);
    }

    private static ExprProgram Lower(Expr function, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(variables);
        var missing = function.FreeSymbols.Where(s => !variables.Contains(s)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"The function uses variable(s) without values: {string.Join(", ", missing)}.", nameof(variables));
        return ExprProgram.Lower(function, variables);
    }
}
