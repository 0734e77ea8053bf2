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
        {
            // PERF: every row of column k steps the same entry by the same h's: evaluate f once per step, not once per row.
            var evaluated = new Dictionary<double, double[]>();
            var column = k;
            double[] With(double t)
            {
                if (evaluated.TryGetValue(t, out var known)) return known;
                var data = (double[])at.Data.Clone();
                data[column] = t;
                shifted[variable] = new TensorValue(at.Shape, data);
                return evaluated[t] = TensorInterpreter.Evaluate(written, shifted).Data;
            }
            for (var r = 0; r < rows; r++)
            {
                var row = r;
                var (value, error) = FiniteDifferences.Derivative(t => With(t)[row], at.Data[k]);
                result[r, k] = value;
                worst = Math.Max(worst, error);
            }
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

    /// <summary>
    /// d²f / d<paramref name="first"/> d<paramref name="second"/> of a scalar function as written, entry by entry
    /// (Ridders on central second and mixed differences): first.Size rows, second.Size columns, and the largest error estimate.
    /// </summary>
    public static (TensorValue Value, double Error) SecondDerivative(TensorExpr written, IReadOnlyDictionary<string, TensorValue> values, string first, string second)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(values);
        var (a, b) = (values[first], values[second]);
        var result = new double[a.Shape.Size * b.Shape.Size];
        var worst = 0.0;
        var shifted = new Dictionary<string, TensorValue>(values, StringComparer.Ordinal);
        double At(int i, double di, int j, double dj)
        {
            var da = (double[])a.Data.Clone();
            da[i] += di;
            shifted[first] = new TensorValue(a.Shape, da);
            if (first == second) da[j] += dj;
            else
            {
                var db = (double[])b.Data.Clone();
                db[j] += dj;
                shifted[second] = new TensorValue(b.Shape, db);
            }
            var v = TensorInterpreter.Evaluate(written, shifted).Data[0];
            shifted[first] = a;
            shifted[second] = b;
            return v;
        }
        var centre = TensorInterpreter.Evaluate(written, values).Data[0];
        for (var i = 0; i < a.Shape.Size; i++)
            for (var j = 0; j < b.Shape.Size; j++)
            {
                var (ii, jj) = (i, j);
                var h0 = FiniteDifferences.InitialStep(Math.Max(Math.Abs(a.Data[i]), Math.Abs(b.Data[j])));
                var (value, error) = first == second && i == j
                    ? FiniteDifferences.Ridders(h => (At(ii, h, 0, 0) - 2 * centre + At(ii, -h, 0, 0)) / (h * h), h0)
                    : FiniteDifferences.Ridders(h => (At(ii, h, jj, h) - At(ii, h, jj, -h) - At(ii, -h, jj, h) + At(ii, -h, jj, -h)) / (4 * h * h), h0);
                result[i * b.Shape.Size + j] = value;
                worst = Math.Max(worst, error);
            }
        return (new TensorValue(Shape.Matrix(a.Shape.Size, b.Shape.Size), result), worst);
    }
}
