using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using TorchSharp;
using static TorchSharp.torch;

namespace SymDiff.Torch;

/// <summary>
/// PyTorch's autograd as an independent source of derivative values: the expression DAG is lowered onto TorchSharp
/// tensors (<see cref="TorchBridge"/>), all points go through as one batch, and each requested derivative comes from
/// <c>torch.autograd.grad</c>, lower orders computed once and reused by the higher ones.
/// </summary>
/// <remarks>
/// libtorch aborts the process (it does not throw) when <c>autograd.grad</c> fails, so this class never asks for the
/// gradient of a tensor that does not require grad (a constant, or a constant derivative: its derivative is 0),
/// always passes <c>allow_unused</c> (an unused input comes back as a tensor whose <c>IsInvalid</c> is true: 0), keeps
/// the graph while a later call still needs it, and never differentiates through libtorch's heaviside.
/// Because the points are independent, the gradient of the batch's sum is the per-point derivative.
/// Calls are serialized by one process-wide lock.
/// </remarks>
/// <example><code>using var oracle = new TorchAutogradOracle("cpu", NumericType.Float64);
/// var f = new ExprFactory(); var x = f.Symbol("x");
/// double[][] d = oracle.Derivatives(f.Fn("sin", f.Pow(x, 2)), ["x"], [["x"]], [[1.0]]); // [[2*cos(1)]]</code></example>
public sealed class TorchAutogradOracle : IAutogradOracle
{
    /// <summary>The one lock of every libtorch computation (this oracle's and <see cref="TorchTensorOracle"/>'s).</summary>
    internal static readonly object Gate = new();

    private readonly torch.Device _device;
    private TorchTensorOracle? _tensors;
    private bool _disposed;

    /// <summary>
    /// Loads libtorch and selects <paramref name="device"/> (<c>auto</c>, <c>cpu</c> or <c>cuda</c>).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown device name.</exception>
    /// <exception cref="TorchUnavailableException">libtorch cannot be loaded.</exception>
    /// <exception cref="DeviceUnavailableException">CUDA was requested but is not available.</exception>
    public TorchAutogradOracle(string device, NumericType type)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (type is not (NumericType.Float64 or NumericType.Float32))
            throw new ArgumentOutOfRangeException(nameof(type), type, "Expected Float64 or Float32.");
        _device = Select(device);
        NumericType = type;
        Device = DeviceName(_device);
    }

    /// <summary>
    /// The oracle for vector/matrix functions on this oracle's device (float64 whatever <see cref="NumericType"/>
    /// is); made on first use, libtorch and the device already selected.
    /// </summary>
    public TorchTensorOracle Tensors => _tensors ??= new TorchTensorOracle(_device);

    /// <summary>"cpu", or the accelerator with its index ("cuda:0").</summary>
    public string Device { get; }

    public NumericType NumericType { get; }

    /// <inheritdoc />
    /// <remarks>
    /// The rows are transposed once (<see cref="PointColumns.FromRows"/>) and go through the column overload.
    /// </remarks>
    public double[][] Derivatives(ExprProgram function, IReadOnlyList<ImmutableArray<string>> derivatives, IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Derivatives(function, derivatives, PointColumns.FromRows(points, function.Variables.Length), points.Count);
    }

    /// <inheritdoc />
    /// <remarks>
    /// An empty list of variables in <paramref name="derivatives"/> asks for the function's values; a variable that
    /// is not one of the program's inputs gives zeros. On the CPU in float64 the leaves are the columns themselves
    /// (<see cref="Leaf"/>): no value is copied on the way in, and each result is copied once, by libtorch, into
    /// the array returned (<see cref="Read"/>). Float32 and other devices cost one conversion of each column.
    /// </remarks>
    public double[][] Derivatives(ExprProgram function, IReadOnlyList<ImmutableArray<string>> derivatives,
        IReadOnlyList<ReadOnlyMemory<double>> columns, int count)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(derivatives);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var variables = function.Variables;
        PointColumns.Validate(columns, count, variables.Length);
        var trie = DerivativeTrie.Build(derivatives, variables);
        if (count == 0) return [.. derivatives.Select(_ => Array.Empty<double>())];

        lock (Gate)
        {
            using var scope = torch.NewDisposeScope();
            using var grad = torch.enable_grad();
            using var lowering = new TorchLowering(DType(NumericType), _device);
            var leaves = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (var i = 0; i < variables.Length; i++) leaves.Add(variables[i], Leaf(columns[i], lowering));
            trie.Root.Value = TorchBridge.Lower(function, [.. variables.Select(v => leaves[v])], lowering);
            trie.Differentiate(leaves);
            return [.. trie.Requested.Select(node => node.Value is null ? new double[count] : Read(node.Value, count))];
        }
    }

    /// <summary>
    /// Forward values of <paramref name="function"/> at every point (rows of values in the order of
    /// <paramref name="variables"/>), computed in one batch by the same lowering the oracle uses.
    /// </summary>
    /// <exception cref="TorchUnavailableException">libtorch cannot be loaded.</exception>
    public static double[] Evaluate(Expr function, IReadOnlyList<string> variables, IReadOnlyList<double[]> points,
        string device = "cpu", NumericType type = NumericType.Float64)
    {
        using var oracle = new TorchAutogradOracle(device, type);
        return oracle.Derivatives(function, variables, [[]], points)[0];
    }

    /// <summary>Forward values of a program (a function's written form) at every point, in one batch.</summary>
    public static double[] Evaluate(ExprProgram function, IReadOnlyList<double[]> points,
        string device = "cpu", NumericType type = NumericType.Float64)
    {
        using var oracle = new TorchAutogradOracle(device, type);
        return oracle.Derivatives(function, [[]], points)[0];
    }

    public void Dispose() => _disposed = true;

    /// <summary>Parses and selects <paramref name="device"/>, loading libtorch (see the constructor).</summary>
    internal static torch.Device Select(string device)
    {
        var selected = TorchRuntime.SelectDevice(TorchRuntime.ParseDevice(device));
        // "cuda" without an index is the current device, 0 unless the process changed it; name it explicitly.
        return selected.type == DeviceType.CPU ? selected : new torch.Device(selected.type, Math.Max(0, (int)selected.index));
    }

    internal static string DeviceName(torch.Device device) =>
        device.type == DeviceType.CPU ? "cpu" : $"{device.type.ToString().ToLowerInvariant()}:{Math.Max(0, (int)device.index)}";

    private static ScalarType DType(NumericType type) => type == NumericType.Float32 ? ScalarType.Float32 : ScalarType.Float64;

    /// <summary>
    /// A leaf that requires grad over one column. The tensor is made over the caller's array itself
    /// (<c>torch.from_array</c>: libtorch's from_blob over the array, pinned until libtorch frees the storage), a
    /// slice of it a view (<c>narrow</c>), so in float64 on the CPU nothing is copied; <c>to</c> converts (float32)
    /// or moves (another device) in one copy where needed. Nothing writes to a leaf (the lowering has no in-place
    /// operation), so the caller's values are only read.
    /// </summary>
    private static Tensor Leaf(ReadOnlyMemory<double> column, TorchLowering lowering)
    {
        Tensor values;
        if (MemoryMarshal.TryGetArray(column, out var segment))
        {
            values = torch.from_array(segment.Array!);
            if (segment.Offset != 0 || segment.Count != segment.Array!.Length)
                values = values.narrow(0, segment.Offset, segment.Count);
        }
        else
        {
            values = torch.from_array(column.ToArray()); // memory that no array backs: copied once
        }
        return values.to(lowering.DType, lowering.Device).requires_grad_(true);
    }

    /// <summary>
    /// Copies a result into a new array of <paramref name="n"/> doubles, in one copy that libtorch makes
    /// (<c>copy_</c> into a tensor over the array): it converts float32 exactly, broadcasts a 0-dim result (one that
    /// depends on no variable) to every point, brings a result back from the device, and writes zeros for
    /// libtorch's storage-less "zero tensors" (the second derivative of abs or relu), whose <c>data</c> reads throw.
    /// </summary>
    internal static double[] Read(Tensor value, int n)
    {
        var result = GC.AllocateUninitializedArray<double>(n); // copy_ writes every entry: no need to zero it first
        torch.from_array(result).copy_(value.detach());
        return result;
    }

    /// <summary>
    /// The requested derivatives as a trie of differentiation variables: a node's tensor is the derivative along its
    /// path, so [x], [x,y] and [x,x] share d/dx. Each node with children costs one <c>autograd.grad</c> call that
    /// differentiates the node's (summed) tensor with respect to every child variable at once.
    /// </summary>
    private sealed class DerivativeTrie
    {
        private DerivativeTrie(Node root, Node[] requested)
        {
            Root = root;
            Requested = requested;
        }

        public Node Root { get; }

        /// <summary>The node of each requested derivative, in request order.</summary>
        public Node[] Requested { get; }

        public static DerivativeTrie Build(IReadOnlyList<ImmutableArray<string>> derivatives, IReadOnlyList<string> variables)
        {
            var known = new HashSet<string>(variables, StringComparer.Ordinal);
            var root = new Node();
            var zero = new Node { IsZero = true }; // d/dv for a v without values: 0, and so are all its derivatives
            var requested = new Node[derivatives.Count];
            for (var d = 0; d < derivatives.Count; d++)
            {
                var node = root;
                foreach (var v in derivatives[d])
                {
                    ArgumentNullException.ThrowIfNull(v, nameof(derivatives));
                    if (node.IsZero || !known.Contains(v)) { node = zero; continue; }
                    if (!node.Children.TryGetValue(v, out var child)) node.Children.Add(v, child = new Node());
                    node = child;
                }
                requested[d] = node;
            }
            return new DerivativeTrie(root, requested);
        }

        /// <summary>Fills in every node's tensor, level by level; a node left without one is identically 0.</summary>
        public void Differentiate(IReadOnlyDictionary<string, Tensor> leaves)
        {
            var order = new List<Node>(); // nodes with children, parents before children
            var queue = new Queue<Node>([Root]);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                if (node.Children.Count == 0) continue;
                order.Add(node);
                foreach (var child in node.Children.Values) queue.Enqueue(child);
            }

            for (var k = 0; k < order.Count; k++)
            {
                var node = order[k];
                // A constant (or a derivative that came out constant) has derivative 0; asking autograd would abort.
                if (node.Value is not { requires_grad: true } value) continue;
                var names = node.Children.Keys.ToArray();
                var grads = torch.autograd.grad(
                    [value.sum()],
                    [.. names.Select(v => leaves[v])],
                    retain_graph: k < order.Count - 1, // a later call may walk back through this graph
                    create_graph: names.Any(v => node.Children[v].Children.Count > 0),
                    allow_unused: true);
                for (var i = 0; i < names.Length; i++)
                    if (grads[i] is { IsInvalid: false } g) node.Children[names[i]].Value = g;
            }
        }

        public sealed class Node
        {
            public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
            public Tensor? Value { get; set; }
            public bool IsZero { get; init; }
        }
    }
}
