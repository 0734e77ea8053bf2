namespace SymDiff.Tensors;

/// <summary>
/// The type of a tensor expression: a scalar, a vector of <see cref="Rows"/> entries, or a matrix of
/// <see cref="Rows"/> x <see cref="Columns"/> (row-major). Ranks above 2 are not part of SymDiff's notation.
/// </summary>
/// <example><code>Shape.Matrix(3, 2).ToString(); // "3x2"
/// Shape.Broadcast(Shape.Matrix(3, 2), Shape.Vector(2)); // 3x2, as in PyTorch</code></example>
public readonly record struct Shape
{
    private Shape(int rank, int rows, int columns) => (Rank, Rows, Columns) = (rank, rows, columns);

    public int Rank { get; }
    public int Rows { get; }
    public int Columns { get; }

    public static readonly Shape Scalar = new(0, 1, 1);

    public static Shape Vector(int length) => length >= 1 ? new(1, length, 1) : throw new ArgumentOutOfRangeException(nameof(length));

    public static Shape Matrix(int rows, int columns) =>
        rows >= 1 && columns >= 1 ? new(2, rows, columns) : throw new ArgumentOutOfRangeException(nameof(rows));

    public bool IsScalar => Rank == 0;
    public bool IsVector => Rank == 1;
    public bool IsMatrix => Rank == 2;
    public bool IsSquare => IsMatrix && Rows == Columns;

    /// <summary>Number of entries.</summary>
    public int Size => Rank switch { 0 => 1, 1 => Rows, _ => Rows * Columns };

    /// <summary>The dimensions, as PyTorch's <c>shape</c> lists them (empty for a scalar).</summary>
    public int[] Dimensions => Rank switch { 0 => [], 1 => [Rows], _ => [Rows, Columns] };

    /// <summary>The last dimension (the one softmax and friends run along); 1 for a scalar.</summary>
    public int Last => Rank == 2 ? Columns : Rows;

    public Shape Transposed => IsMatrix ? Matrix(Columns, Rows) : this;

    public static Shape FromDimensions(IReadOnlyList<int> dims) => dims.Count switch
    {
        0 => Scalar,
        1 => Vector(dims[0]),
        2 => Matrix(dims[0], dims[1]),
        _ => throw new ArgumentException("SymDiff handles scalars, vectors and matrices only.", nameof(dims)),
    };

    /// <summary>
    /// PyTorch's broadcasting for ranks up to 2: dimensions are matched from the last; equal sizes or a size of 1
    /// stretch. Null when the shapes do not broadcast.
    /// </summary>
    public static Shape? Broadcast(Shape a, Shape b)
    {
        if (a == b) return a;
        var rank = Math.Max(a.Rank, b.Rank);
        var da = Padded(a, rank);
        var db = Padded(b, rank);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            if (da[i] == db[i] || db[i] == 1) result[i] = da[i];
            else if (da[i] == 1) result[i] = db[i];
            else return null;
        }
        return FromDimensions(result);
    }

    private static int[] Padded(Shape s, int rank)
    {
        var dims = s.Dimensions;
        var padded = new int[rank];
        Array.Fill(padded, 1);
        dims.CopyTo(padded, rank - dims.Length);
        return padded;
    }

    /// <summary>"scalar", "3" (a vector) or "3x2".</summary>
    public override string ToString() => Rank switch { 0 => "scalar", 1 => $"{Rows}", _ => $"{Rows}x{Columns}" };

    /// <summary>How a person says it: "a scalar", "a vector of 3", "a 3x2 matrix".</summary>
    public string Describe() => Rank switch { 0 => "a scalar", 1 => $"a vector of {Rows}", _ => $"a {Rows}x{Columns} matrix" };
}
