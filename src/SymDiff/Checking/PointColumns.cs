namespace SymDiff.Checking;

/// <summary>
/// The column layout of a batch of points (one array of values per variable, the layout of
/// <see cref="IAutogradOracle"/>'s column overload): made from rows (one transposition) or from points given by
/// name, and the checks of its shape.
/// </summary>
/// <example><code>ReadOnlyMemory&lt;double&gt;[] columns = PointColumns.FromRows([[1.0, 2.0], [3.0, 4.0]], variables: 2);
/// // columns[0] is [1, 3] (the first variable), columns[1] is [2, 4]</code></example>
public static class PointColumns
{
    /// <summary>Transposes rows of <paramref name="variables"/> values each into one column per variable.</summary>
    /// <exception cref="ArgumentException">A row does not have <paramref name="variables"/> values.</exception>
    public static ReadOnlyMemory<double>[] FromRows(IReadOnlyList<double[]> points, int variables)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfNegative(variables);
        var columns = new double[variables][];
        for (var i = 0; i < variables; i++) columns[i] = new double[points.Count];
        for (var p = 0; p < points.Count; p++)
        {
            var point = points[p];
            if (point is null || point.Length != variables)
                throw new ArgumentException(
                    $"Point {p} has {point?.Length ?? 0} value(s); expected {variables}, one per variable.", nameof(points));
            for (var i = 0; i < variables; i++) columns[i][p] = point[i];
        }
        return [.. columns.Select(c => (ReadOnlyMemory<double>)c)];
    }

    /// <summary>
    /// One column per entry of <paramref name="variables"/> from points given by name, as
    /// <see cref="Evaluation.WrittenForm.Inputs"/> reads one point: a variable a point has no value for reads as NaN.
    /// </summary>
    /// <example><code>// the check path's batch for the oracle, one column per input of the written form
    /// var columns = PointColumns.FromPoints(points, written.Variables);
    /// double[][] values = oracle.Derivatives(written.Program, derivatives, columns, points.Count);</code></example>
    public static ReadOnlyMemory<double>[] FromPoints(IReadOnlyList<IReadOnlyDictionary<string, double>> points, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(variables);
        var columns = new ReadOnlyMemory<double>[variables.Count];
        for (var i = 0; i < variables.Count; i++)
        {
            var column = new double[points.Count];
            for (var p = 0; p < points.Count; p++)
                column[p] = points[p].TryGetValue(variables[i], out var value) ? value : double.NaN;
            columns[i] = column;
        }
        return columns;
    }

    /// <summary>Checks that there is one column per variable and that each holds <paramref name="count"/> values.</summary>
    /// <exception cref="ArgumentException">A column too many or too few, or one of another length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static void Validate(IReadOnlyList<ReadOnlyMemory<double>> columns, int count, int variables)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (columns.Count != variables)
            throw new ArgumentException(
                $"{columns.Count} column(s) of values; expected {variables}, one per variable.", nameof(columns));
        for (var i = 0; i < columns.Count; i++)
            if (columns[i].Length != count)
                throw new ArgumentException(
                    $"Column {i} has {columns[i].Length} value(s); expected {count}, one per point.", nameof(columns));
    }
}
