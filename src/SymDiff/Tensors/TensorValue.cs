using System.Text;

namespace SymDiff.Tensors;

/// <summary>
/// A value of a tensor expression: its shape and its entries, row-major (as PyTorch stores a contiguous tensor).
/// </summary>
/// <example><code>var W = TensorValue.Matrix(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }); // 3x2
/// W[2, 1]; // 6</code></example>
public sealed class TensorValue
{
    public TensorValue(Shape shape, double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != shape.Size) throw new ArgumentException($"{shape.Describe()} has {shape.Size} entries, got {data.Length}.", nameof(data));
        Shape = shape;
        Data = data;
    }

    public Shape Shape { get; }

    /// <summary>The entries, row-major. Owned by this value: do not change them once it is shared.</summary>
    public double[] Data { get; }

    public static TensorValue Scalar(double value) => new(Shape.Scalar, [value]);

    public static TensorValue Vector(params double[] entries) => new(Shape.Vector(entries.Length), (double[])entries.Clone());

    public static TensorValue Matrix(double[,] entries)
    {
        var rows = entries.GetLength(0);
        var columns = entries.GetLength(1);
        var data = new double[rows * columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) data[i * columns + j] = entries[i, j];
        return new(Shape.Matrix(rows, columns), data);
    }

    public static TensorValue Filled(Shape shape, double value)
    {
        var data = new double[shape.Size];
        Array.Fill(data, value);
        return new(shape, data);
    }

    /// <summary>
    /// This value as <paramref name="shape"/>: itself; a scalar filled out (a derivative that simplified to the scalar
    /// 0 stands for zeros); or the same entries regrouped (a Jacobian flattened to f.Size x variable.Size).
    /// </summary>
    public TensorValue FitTo(Shape shape) =>
        Shape == shape ? this
        : Shape.IsScalar ? Filled(shape, Data[0])
        : Data.Length == shape.Size ? new TensorValue(shape, Data)
        : throw new ShapeException($"{Shape.Describe()} does not fit {shape.Describe()}");

    public double this[int i] => Data[i];
    public double this[int row, int column] => Data[row * Shape.Columns + column];

    /// <summary>The value of a scalar.</summary>
    public double AsScalar => Shape.IsScalar ? Data[0] : throw new InvalidOperationException($"The value is {Shape.Describe()}, not a scalar.");

    /// <summary>Row and column of entry <paramref name="flat"/>, as PyTorch indexes it: <c>[i]</c> or <c>[i, j]</c>.</summary>
    public static string IndexText(Shape shape, int flat) => shape.Rank switch
    {
        0 => "",
        1 => $"[{flat}]",
        _ => $"[{flat / shape.Columns}, {flat % shape.Columns}]",
    };

    /// <summary>Nested brackets, row-major, each entry in the shortest round-trip form: <c>[[1, 2], [3, 4]]</c>.</summary>
    public override string ToString() => Format(Numbers.NumberText.Value);

    public string Format(Func<double, string> entry)
    {
        if (Shape.IsScalar) return entry(Data[0]);
        var sb = new StringBuilder();
        if (Shape.IsVector) AppendRow(sb, 0, Shape.Rows, entry);
        else
        {
            sb.Append('[');
            for (var i = 0; i < Shape.Rows; i++)
            {
                if (i > 0) sb.Append(", ");
                AppendRow(sb, i * Shape.Columns, Shape.Columns, entry);
            }
            sb.Append(']');
        }
        return sb.ToString();
    }

    private void AppendRow(StringBuilder sb, int start, int count, Func<double, string> entry)
    {
        sb.Append('[');
        for (var k = 0; k < count; k++)
        {
            if (k > 0) sb.Append(", ");
            sb.Append(entry(Data[start + k]));
        }
        sb.Append(']');
    }
}
