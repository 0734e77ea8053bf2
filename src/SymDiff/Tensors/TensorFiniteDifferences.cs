using SymDiff.Checking;

namespace SymDiff.Tensors;

/// <summary>
/// The gradient of a scalar tensor function by finite differences on the function as written, entry by entry
/// (Ridders' extrapolation of central differences, with its error estimate): the independent numeric oracle for
/// matrix derivatives.
/// </summary>
public static class TensorFiniteDifferences
{
    /// <summary>
    /// d f / d <paramref name="variable"/> at <paramref name="values"/>, with the variable's shape, and the largest
    /// error estimate over its entries.
    /// </summary>
    public static (TensorValue Value, double Error) Gradient(TensorExpr written, IReadOnlyDictionary<string, TensorValue> values, string variable)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(values);
        if (!written.Shape.IsScalar) throw new ShapeException($"a gradient needs a scalar function, but this one is {written.Shape.Describe()}");
        var at = values[variable];
        var result = new double[at.Shape.Size];
        var worst = 0.0;
        var shifted = new Dictionary<string, TensorValue>(values, StringComparer.Ordinal);
        for (var k = 0; k < result.Length; k++)
        {
            var (value, error) = FiniteDifferences.Derivative(t => ValueWith(written, shifted, variable, at, k, t), at.Data[k]);
            result[k] = value;
            worst = Math.Max(worst, error);
        }
        return (new TensorValue(at.Shape, result), worst);
    }

    /// <summary>
    /// The Jacobian of a vector or matrix function with respect to <paramref name="variable"/>: shape
    /// f.shape + variable.shape, flattened row-major into a matrix of f.Size rows and variable.Size columns.
    /// </summary>
    public static (double[,] Value, double Error) Jacobian(TensorExpr written, IReadOnlyDictionary<string, TensorValue> values, string variable)
    {
        var at = values[variable];
        var rows = written.Shape.Size;
        var result = new double[rows, at.Shape.Size];
        var worst = 0.0;
        var shifted = new Dictionary<string, TensorValue>(values, StringComparer.Ordinal);
        for (var k = 0; k < at.Shape.Size; k++)
            for (var r = 0; r < rows; r++)
            {
                var row = r;
                var (value, error) = FiniteDifferences.Derivative(t => EntryWith(written, shifted, variable, at, k, t, row), at.Data[k]);
                result[r, k] = value;
                worst = Math.Max(worst, error);
            }
        return (result, worst);
    }

    private static double ValueWith(TensorExpr f, Dictionary<string, TensorValue> values, string variable, TensorValue at, int k, double t) =>
        EntryWith(f, values, variable, at, k, t, 0);

    private static double EntryWith(TensorExpr f, Dictionary<string, TensorValue> values, string variable, TensorValue at, int k, double t, int entry)
    {
        var data = (double[])at.Data.Clone();
        data[k] = t;
        values[variable] = new TensorValue(at.Shape, data);
        return TensorInterpreter.Evaluate(f, values).Data[entry];
    }
}
