using System.Collections.Immutable;

namespace SymDiff.Tensors;

/// <summary>
/// Tensor expressions compiled for repeated evaluation: the nodes in an order where operands come first, each
/// node's operands as indices, and how many nodes read each one, worked out once. Evaluating it is then a loop
/// over arrays calling SIMD and blocked-product kernels per node (no dictionary, no walk), and an intermediate
/// array is overwritten in place by the elementwise node that reads it last: at layer sizes a fresh array costs
/// as much as the arithmetic done in it. What a training loop or an optimizer calls thousands of times.
/// </summary>
/// <remarks>
/// Immutable and thread-safe: each evaluation has its own arrays. Variables' arrays and the roots' values are
/// never written; the roots' arrays are the caller's to keep. Interpreting the nodes one by one is right here
/// (unlike scalar programs, lowered to IL): each node is a whole-array operation.
/// </remarks>
/// <example><code>var program = TensorProgram.Compile([f.Expression, f.Gradient("W")]);
/// var (value, dW) = (program.Evaluate(values)[0], program.Evaluate(values)[1]);</code></example>
public sealed class TensorProgram
{
    private readonly TensorExpr[] _nodes;
    private readonly int[][] _inputs;
    private readonly bool[] _inPlace;
    private readonly int[] _readers;
    private readonly int[] _roots;

    private TensorProgram(TensorExpr[] nodes, int[][] inputs, int[] readers, int[] roots)
    {
        (_nodes, _inputs, _readers, _roots) = (nodes, inputs, readers, roots);
        _inPlace = [.. nodes.Select(n => n is TensorElementwise or TensorCall or TensorNegate)];
    }

    /// <summary>The expressions this program evaluates, in the order <see cref="Evaluate"/> returns them.</summary>
    public ImmutableArray<TensorExpr> Roots => [.. _roots.Select(r => _nodes[r])];

    /// <summary>Plans the evaluation of <paramref name="roots"/>, each shared node once.</summary>
    public static TensorProgram Compile(IReadOnlyList<TensorExpr> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        // A matrix product's operands are the matrices it reads in place (A for A.T), not the transpose nodes.
        var nodes = TensorGradient.PostOrder(roots, TensorInterpreter.Operands);
        var index = new Dictionary<TensorExpr, int>(nodes.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < nodes.Count; i++) index[nodes[i]] = i;
        var inputs = nodes.Select(n => TensorInterpreter.Operands(n).Select(c => index[c]).ToArray()).ToArray();
        var readers = new int[nodes.Count];
        foreach (var operands in inputs)
            foreach (var i in operands) readers[i]++;
        var rootIndices = roots.Select(r => index[r]).ToArray();
        // A root is read by the caller too: one reader that never finishes, so its array is never overwritten.
        foreach (var r in rootIndices) readers[r]++;
        return new TensorProgram([.. nodes], inputs, readers, rootIndices);
    }

    /// <summary>The roots' values at <paramref name="values"/> (every variable bound, with its declared shape).</summary>
    /// <exception cref="Evaluation.MissingBindingException">A variable has no value.</exception>
    /// <exception cref="ShapeException">A value's shape is not the variable's.</exception>
    public ImmutableArray<TensorValue> Evaluate(IReadOnlyDictionary<string, TensorValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var results = Run(values, reuseArrays: true);
        return [.. _roots.Select(r => results[r])];
    }

    /// <summary>Every node's value, none overwritten (for explaining where a value goes wrong).</summary>
    internal Dictionary<TensorExpr, TensorValue> EvaluateNodes(IReadOnlyDictionary<string, TensorValue> values)
    {
        var results = Run(values, reuseArrays: false);
        var memo = new Dictionary<TensorExpr, TensorValue>(_nodes.Length, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < _nodes.Length; i++) memo[_nodes[i]] = results[i];
        return memo;
    }

    private TensorValue[] Run(IReadOnlyDictionary<string, TensorValue> values, bool reuseArrays)
    {
        var results = new TensorValue[_nodes.Length];
        var readers = reuseArrays ? (int[])_readers.Clone() : null;
        // Arrays this evaluation made and no other node's value shares: the only ones it may overwrite.
        var owned = reuseArrays ? new bool[_nodes.Length] : null;
        for (var i = 0; i < _nodes.Length; i++)
        {
            var inputs = _inputs[i];
            var operands = new TensorValue[inputs.Length];
            for (var k = 0; k < inputs.Length; k++) operands[k] = results[inputs[k]];
            var spare = reuseArrays ? Spare(i, readers!, owned!) : -1;
            var value = TensorInterpreter.Step(_nodes[i], operands, values, spare < 0 ? null : results[spare].Data);
            results[i] = value;
            if (!reuseArrays) continue;
            foreach (var k in inputs) readers![k]--;
            if (spare >= 0 && ReferenceEquals(value.Data, results[spare].Data))
            {
                owned![spare] = false; // the array moved to this node
                owned[i] = true;
            }
            else owned![i] = _nodes[i] is not TensorVariable && !inputs.Any(k => ReferenceEquals(results[k].Data, value.Data));
        }
        return results;
    }

    // An operand of node i it may write its result into: of its shape, owned, and read by nobody after node i.
    private int Spare(int i, int[] readers, bool[] owned)
    {
        if (!_inPlace[i]) return -1;
        var inputs = _inputs[i];
        foreach (var k in inputs)
        {
            if (!owned[k] || _nodes[k].Shape != _nodes[i].Shape) continue;
            var slots = 0;
            foreach (var o in inputs) if (o == k) slots++;
            if (readers[k] == slots) return k;
        }
        return -1;
    }
}
