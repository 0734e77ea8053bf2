using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SymDiff.Evaluation;
using SymDiff.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace SymDiff.Torch;

/// <summary>
/// PyTorch's autograd on real float64 tensors as the independent oracle for vector/matrix derivatives: the function
/// as written is lowered node by node (<see cref="TensorLowering"/>), each variable becomes a leaf that requires
/// grad, and the derivatives come from <c>torch.autograd.grad</c>: one call for a scalar function's gradients, one
/// per output entry (with the graph retained) for a vector or matrix function's Jacobians.
/// </summary>
/// <remarks>
/// As with <see cref="TorchAutogradOracle"/>, libtorch aborts the process when <c>autograd.grad</c> fails, so this
/// class never asks for the gradient of an output that does not require grad (it depends on no variable, or only
/// through heaviside: its derivatives are zeros) and always passes <c>allow_unused</c> (an unused variable gets
/// zeros). Forward operations report errors as exceptions instead: <c>inv</c> of a singular matrix throws
/// <see cref="ExternalException"/> with libtorch's message (PyTorch raises there; SymDiff's interpreter gives
/// NaN), while <c>logdet</c> of a matrix with a negative determinant is NaN with gradient exactly 0: libtorch's
/// logdet is <c>where(sign(det) == -1, NaN, log|det|)</c>, whose backward gives the log|det| branch nothing
/// there (SymDiff's symbolic <c>inv(A).T</c> is finite; both pinned by the Torch tests). Calls are serialized by the lock the
/// scalar oracle uses.
/// </remarks>
/// <example><code>var f = new TensorFactory(simplifying: false);
/// var x = f.Variable("x", Shape.Vector(2));
/// var oracle = new TorchTensorOracle("cpu");
/// var g = oracle.Derivatives(f.Apply(TensorOp.Sum, f.Call("sin", x)), new Dictionary&lt;string, TensorValue&gt; { ["x"] = TensorValue.Vector(0, 1) }, ["x"]);
/// g["x"]; // [1, cos(1)]</code></example>
public sealed class TorchTensorOracle : ITensorAutogradOracle
{
    private readonly torch.Device _device;

    /// <summary>
    /// Loads libtorch and selects <paramref name="device"/> (<c>auto</c>, <c>cpu</c> or <c>cuda</c>), as
    /// <see cref="TorchAutogradOracle"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown device name.</exception>
    /// <exception cref="TorchUnavailableException">libtorch cannot be loaded.</exception>
    /// <exception cref="DeviceUnavailableException">CUDA was requested but is not available.</exception>
    public TorchTensorOracle(string device)
        : this(TorchAutogradOracle.Select(device ?? throw new ArgumentNullException(nameof(device))))
    {
    }

    internal TorchTensorOracle(torch.Device device)
    {
        _device = device;
        Device = TorchAutogradOracle.DeviceName(device);
    }

    /// <inheritdoc />
    public string Device { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Every variable of <paramref name="function"/> and every one of <paramref name="variables"/> needs a value;
    /// a requested variable the function does not use gets zeros.
    /// </remarks>
    /// <exception cref="MissingBindingException">A variable has no value.</exception>
    /// <exception cref="ShapeException">A value's shape is not its variable's.</exception>
    /// <exception cref="ExternalException">libtorch rejected a forward operation (the inverse of a singular matrix).</exception>
    public ImmutableDictionary<string, TensorValue> Derivatives(TensorExpr function, IReadOnlyDictionary<string, TensorValue> values, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(variables);
        var shapes = Shapes(function, values, variables);
        var size = function.Shape.Size;

        lock (TorchAutogradOracle.Gate)
        {
            using var scope = torch.NewDisposeScope();
            using var grad = torch.enable_grad();
            using var lowering = new TorchLowering(ScalarType.Float64, _device);
            var leaves = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var name in function.FreeVariables) leaves.Add(name, Leaf(values[name], lowering));
            var output = TensorLowering.Lower(function, leaves, lowering);

            // Only the variables the function uses are inputs of the graph; the rest stay zeros.
            var used = variables.Distinct(StringComparer.Ordinal).Where(leaves.ContainsKey).ToArray();
            var results = variables.Distinct(StringComparer.Ordinal).ToDictionary(v => v, v => new double[size * shapes[v].Size], StringComparer.Ordinal);
            if (used.Length > 0 && output.requires_grad)
            {
                var flat = output.reshape(-1);
                for (var r = 0; r < size; r++)
                {
                    var grads = torch.autograd.grad(
                        [flat.select(0, r)],
                        [.. used.Select(v => leaves[v])],
                        retain_graph: r < size - 1,
                        allow_unused: true);
                    for (var i = 0; i < used.Length; i++)
                        if (grads[i] is { IsInvalid: false } g)
                            ReadInto(g, results[used[i]], r * shapes[used[i]].Size);
                }
            }
            return results.ToImmutableDictionary(kv => kv.Key,
                kv => new TensorValue(function.Shape.IsScalar ? shapes[kv.Key] : Shape.Matrix(size, shapes[kv.Key].Size), kv.Value),
                StringComparer.Ordinal);
        }
    }

    /// <inheritdoc />
    /// <remarks>The gradient is taken with <c>create_graph</c>, then each of its entries is differentiated again.</remarks>
    public TensorValue SecondDerivative(TensorExpr function, IReadOnlyDictionary<string, TensorValue> values, string first, string second)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (!function.Shape.IsScalar) throw new ShapeException($"a second derivative needs a scalar function, but this one is {function.Shape.Describe()}");
        var shapes = Shapes(function, values, [first, second]);
        var (rows, columns) = (shapes[first].Size, shapes[second].Size);
        var result = new double[rows * columns];
        lock (TorchAutogradOracle.Gate)
        {
            using var scope = torch.NewDisposeScope();
            using var grad = torch.enable_grad();
            using var lowering = new TorchLowering(ScalarType.Float64, _device);
            var leaves = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var name in function.FreeVariables) leaves.Add(name, Leaf(values[name], lowering));
            // A variable the function does not use has a zero block (and libtorch must not be asked about it).
            if (leaves.ContainsKey(first) && leaves.ContainsKey(second))
            {
                var output = TensorLowering.Lower(function, leaves, lowering);
                if (output.requires_grad)
                {
                    var gradient = torch.autograd.grad([output], [leaves[first]], retain_graph: true, create_graph: true, allow_unused: true)[0];
                    if (gradient is { IsInvalid: false } && gradient.requires_grad)
                    {
                        var flat = gradient.reshape(-1);
                        for (var r = 0; r < rows; r++)
                        {
                            var row = torch.autograd.grad([flat.select(0, r)], [leaves[second]], retain_graph: true, allow_unused: true)[0];
                            if (row is { IsInvalid: false } g) ReadInto(g, result, r * columns);
                        }
                    }
                }
            }
        }
        return new TensorValue(Shape.Matrix(rows, columns), result);
    }

    /// <summary>
    /// The value of <paramref name="expression"/> computed by libtorch through the same lowering (derivative
    /// expressions included: <c>sum_to</c>, <c>I</c>, <c>ones_like</c>, indexing), without autograd.
    /// </summary>
    /// <exception cref="MissingBindingException">A variable has no value.</exception>
    /// <exception cref="ShapeException">A value's shape is not its variable's.</exception>
    public TensorValue Evaluate(TensorExpr expression, IReadOnlyDictionary<string, TensorValue> values)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(values);
        Shapes(expression, values, []);
        lock (TorchAutogradOracle.Gate)
        {
            using var scope = torch.NewDisposeScope();
            using var lowering = new TorchLowering(ScalarType.Float64, _device);
            var leaves = expression.FreeVariables.ToDictionary(v => v, v => Leaf(values[v], lowering, requiresGrad: false), StringComparer.Ordinal);
            var value = TensorLowering.Lower(expression, leaves, lowering);
            // A variable-free node is a 0-dim constant; the copy broadcasts it to the node's shape.
            var result = new double[expression.Shape.Size];
            torch.from_array(result).reshape(TensorLowering.Dims(expression.Shape)).copy_(value.detach());
            return new TensorValue(expression.Shape, result);
        }
    }

    // The shape of every requested variable (from its value), after checking every value the function reads.
    private static Dictionary<string, Shape> Shapes(TensorExpr function, IReadOnlyDictionary<string, TensorValue> values, IReadOnlyList<string> variables)
    {
        var declared = new Dictionary<string, Shape>(StringComparer.Ordinal);
        foreach (var node in Nodes(function))
            if (node is TensorVariable v) declared[v.Name] = v.Shape;
        var missing = declared.Keys.Concat(variables).Where(v => !values.ContainsKey(v)).Distinct().ToArray();
        if (missing.Length > 0) throw new MissingBindingException([.. missing]);
        foreach (var (name, shape) in declared)
            if (values[name].Shape != shape)
                throw new ShapeException($"{name} is declared {shape.Describe()} but its value is {values[name].Shape.Describe()}");
        return variables.Distinct(StringComparer.Ordinal).ToDictionary(v => v, v => values[v].Shape, StringComparer.Ordinal);
    }

    private static IEnumerable<TensorExpr> Nodes(TensorExpr root)
    {
        var seen = new HashSet<TensorExpr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<TensorExpr>([root]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            yield return node;
            foreach (var c in node.Children) stack.Push(c);
        }
    }

    // One copy, into storage libtorch allocates (aligned as its kernels expect): torch.from_array is a view of the
    // value's own array, to(copy: true) the copy. Not zero-copy as the scalar oracle's leaves are: matmul and the
    // linalg functions go through BLAS/LAPACK, whose results may depend on the operands' alignment (MKL's
    // "conditional numerical reproducibility"), and a managed array is only 8-byte aligned; the copy keeps every
    // result as it was (the old path copied twice into the same kind of storage).
    private static Tensor Leaf(TensorValue value, TorchLowering c, bool requiresGrad = true) =>
        torch.from_array(value.Data).reshape(TensorLowering.Dims(value.Shape))
            .to(c.DType, c.Device, copy: true).requires_grad_(requiresGrad);

    /// <summary>
    /// The entries of <paramref name="t"/>, row-major, in a new array: one copy, made by libtorch (<c>copy_</c> into
    /// a tensor over the array), which also writes zeros for libtorch's storage-less zero tensors (see
    /// <see cref="TorchAutogradOracle.Read"/>).
    /// </summary>
    internal static double[] Read(Tensor t)
    {
        var result = new double[t.numel()];
        ReadInto(t, result, 0);
        return result;
    }

    /// <summary>Copies the entries of <paramref name="t"/>, row-major, into <paramref name="target"/> at <paramref name="offset"/>, in one copy.</summary>
    private static void ReadInto(Tensor t, double[] target, int offset) =>
        torch.from_array(target).narrow(0, offset, t.numel()).copy_(t.detach().reshape(-1));
}
