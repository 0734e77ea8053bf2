using BenchmarkDotNet.Attributes;
using SymDiff.Tensors;

namespace SymDiff.Benchmarks;

/// <summary>
/// Issue 9: the symbolic gradient of a two-layer network's loss, mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2), with
/// respect to its four parameters: parse, bind with shapes, differentiate and simplify. The work is on the
/// expression, not the sizes, so a 3-4-2 network and a 784-512-10 one should cost the same.
/// </summary>
[Config(typeof(BenchConfig))]
public class MatrixBenchmarks
{
    public const string Loss = "mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)";

    [Params("3-4-2 batch 8", "784-512-10 batch 64")]
    public string Network { get; set; } = "";

    private Dictionary<string, Shape> _shapes = [];

    [GlobalSetup]
    public void Setup() => _shapes = Shapes(Network);

    public static Dictionary<string, Shape> Shapes(string network)
    {
        var (inputs, hidden, outputs, batch) = network.StartsWith("3-", StringComparison.Ordinal) ? (3, 4, 2, 8) : (784, 512, 10, 64);
        return new()
        {
            ["X"] = Shape.Matrix(batch, inputs), ["W1"] = Shape.Matrix(hidden, inputs), ["b1"] = Shape.Vector(hidden),
            ["W2"] = Shape.Matrix(outputs, hidden), ["b2"] = Shape.Vector(outputs), ["Y"] = Shape.Matrix(batch, outputs),
        };
    }

    [Benchmark]
    public int Gradient()
    {
        var f = MatrixFunction.Parse(Loss, _shapes).Value!;
        return f.Gradients("W1", "b1", "W2", "b2").Sum(g => g.Value.TreeSize);
    }
}
