using System.Collections.Immutable;
using System.Globalization;
using SymDiff.Tensors;

namespace SymDiff.Optimization;

/// <summary>
/// Where each optimised variable lives in the flat parameter array the update rules work on: variables in order,
/// each taking its shape's entries row-major (as PyTorch stores a contiguous tensor). Reports name entries by it
/// (<c>x</c>, <c>v[2]</c>, <c>W[0,1]</c>).
/// </summary>
/// <example><code>var layout = new ParameterLayout([("W", Shape.Matrix(2, 2)), ("b", Shape.Vector(2))]);
/// layout.Size;           // 6
/// layout.EntryName(5);   // b[1]
/// layout.Slice("b");     // (4, 2)</code></example>
public sealed class ParameterLayout
{
    public ParameterLayout(IReadOnlyList<(string Name, Shape Shape)> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var offsets = ImmutableArray.CreateBuilder<int>();
        var offset = 0;
        foreach (var (name, shape) in variables)
        {
            offsets.Add(offset);
            offset += shape.Size;
        }
        if (variables.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count() != variables.Count)
            throw new ArgumentException("a variable is listed twice", nameof(variables));
        Names = [.. variables.Select(v => v.Name)];
        Shapes = [.. variables.Select(v => v.Shape)];
        Offsets = offsets.ToImmutable();
        Size = offset;
    }

    /// <summary>The optimised variables, in order.</summary>
    public ImmutableArray<string> Names { get; }

    public ImmutableArray<Shape> Shapes { get; }

    /// <summary>Where each variable's entries start in the flat array.</summary>
    public ImmutableArray<int> Offsets { get; }

    /// <summary>Entries in all.</summary>
    public int Size { get; }

    /// <summary>Whether every variable is a scalar.</summary>
    public bool AllScalar => Shapes.All(s => s.IsScalar);

    /// <summary>The offset and length of <paramref name="name"/>'s entries.</summary>
    public (int Offset, int Length) Slice(string name)
    {
        var i = Names.IndexOf(name);
        if (i < 0) throw new ArgumentException($"'{name}' is not an optimised variable", nameof(name));
        return (Offsets[i], Shapes[i].Size);
    }

    /// <summary>Variable <paramref name="index"/>'s value, a copy of its entries of <paramref name="flat"/>.</summary>
    public TensorValue ValueOf(int index, ReadOnlySpan<double> flat) =>
        new(Shapes[index], flat.Slice(Offsets[index], Shapes[index].Size).ToArray());

    /// <summary>Each variable's value, by name.</summary>
    public ImmutableDictionary<string, TensorValue> Values(ReadOnlySpan<double> flat)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, TensorValue>(StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++) builder[Names[i]] = ValueOf(i, flat);
        return builder.ToImmutable();
    }

    /// <summary>The flat array of <paramref name="values"/> (each of its variable's shape).</summary>
    /// <exception cref="ArgumentException">A variable has no value or a value of another shape.</exception>
    public double[] Flatten(IReadOnlyDictionary<string, TensorValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var flat = new double[Size];
        for (var i = 0; i < Names.Length; i++)
        {
            if (!values.TryGetValue(Names[i], out var v)) throw new ArgumentException($"no value for '{Names[i]}'", nameof(values));
            if (v.Shape != Shapes[i]) throw new ArgumentException($"'{Names[i]}' is {Shapes[i].Describe()}, its value {v.Shape.Describe()}", nameof(values));
            v.Data.CopyTo(flat, Offsets[i]);
        }
        return flat;
    }

    /// <summary>The name of flat entry <paramref name="k"/>: <c>x</c> for a scalar, <c>v[2]</c>, <c>W[0,1]</c> (PyTorch's indices).</summary>
    public string EntryName(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Size);
        var i = Offsets.Length - 1;
        while (Offsets[i] > k) i--;
        var local = k - Offsets[i];
        var shape = Shapes[i];
        return shape.Rank switch
        {
            0 => Names[i],
            1 => string.Create(CultureInfo.InvariantCulture, $"{Names[i]}[{local}]"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Names[i]}[{local / shape.Columns},{local % shape.Columns}]"),
        };
    }
}
