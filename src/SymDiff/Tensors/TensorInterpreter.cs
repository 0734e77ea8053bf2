using System.Collections.Immutable;
using SymDiff.Evaluation;

namespace SymDiff.Tensors;

/// <summary>
/// Evaluates a tensor expression at given values of its variables, each shared node once, without recursion.
/// Undefined entries are NaN (0/0, log of a negative, a singular inverse), as in PyTorch.
/// </summary>
/// <example><code>var v = TensorInterpreter.Evaluate(f, new Dictionary&lt;string, TensorValue&gt; { ["x"] = TensorValue.Vector(1, 2) });</code></example>
public static class TensorInterpreter
{
    public static TensorValue Evaluate(TensorExpr root, IReadOnlyDictionary<string, TensorValue> values) =>
        EvaluateAll([root], values)[0];

    /// <summary>Evaluates several expressions, sharing the nodes they have in common (a gradient's forward pass).</summary>
    /// <remarks>
    /// An intermediate result that no later node reads is overwritten by the elementwise node that reads it last
    /// (<c>0.25*(G.T@X)</c> scales the product in place): a layer-sized array less to allocate and fault in per
    /// node, which at 784x512 costs as much as the arithmetic. Variables' arrays and the roots are never written.
    /// </remarks>
    public static ImmutableArray<TensorValue> EvaluateAll(IReadOnlyList<TensorExpr> roots, IReadOnlyDictionary<string, TensorValue> values)
    {
        var memo = Run(roots, values, reuseBuffers: true);
        return [.. roots.Select(r => memo[r])];
    }

    /// <summary>The value of every node of <paramref name="roots"/> (for explaining where a value goes wrong).</summary>
    public static Dictionary<TensorExpr, TensorValue> EvaluateNodes(IReadOnlyList<TensorExpr> roots, IReadOnlyDictionary<string, TensorValue> values) =>
        Run(roots, values, reuseBuffers: false);

    private static Dictionary<TensorExpr, TensorValue> Run(IReadOnlyList<TensorExpr> roots, IReadOnlyDictionary<string, TensorValue> values, bool reuseBuffers)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(values);
        var order = Order(roots);
        var buffers = reuseBuffers ? new Buffers(order, roots) : null;
        var memo = new Dictionary<TensorExpr, TensorValue>(ReferenceEqualityComparer.Instance);
        foreach (var node in order)
        {
            var spare = buffers?.Spare(node, memo);
            var value = node is TensorMatMul m ? MatMul(m, memo) : Step(node, [.. node.Children.Select(c => memo[c])], values, spare);
            memo[node] = value;
            buffers?.Done(node, value, spare, memo);
        }
        return memo;
    }

    // Each node once, operands before the nodes that read them, without recursion (deep chains are common).
    private static List<TensorExpr> Order(IReadOnlyList<TensorExpr> roots)
    {
        var order = new List<TensorExpr>();
        var seen = new HashSet<TensorExpr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(TensorExpr Node, bool Expanded)>();
        foreach (var root in roots)
        {
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (node, expanded) = stack.Pop();
                if (seen.Contains(node)) continue;
                if (!expanded)
                {
                    stack.Push((node, true));
                    foreach (var c in Operands(node)) if (!seen.Contains(c)) stack.Push((c, false));
                    continue;
                }
                seen.Add(node);
                order.Add(node);
            }
        }
        return order;
    }

    /// <summary>
    /// Which intermediate arrays an elementwise node may overwrite: those it reads last, of its own shape, made by
    /// this evaluation and seen by no other node (a kernel that hands back its operand, such as a vector's
    /// transpose, makes its array shared for good).
    /// </summary>
    private sealed class Buffers
    {
        private readonly Dictionary<TensorExpr, int> _readers = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<double[]> _owned = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<double[]> _shared = new(ReferenceEqualityComparer.Instance);

        public Buffers(List<TensorExpr> order, IReadOnlyList<TensorExpr> roots)
        {
            foreach (var node in order)
                foreach (var c in Operands(node)) _readers[c] = _readers.GetValueOrDefault(c) + 1;
            // A root is read by the caller: one reader more that never finishes.
            foreach (var root in roots) _readers[root] = _readers.GetValueOrDefault(root) + 1;
        }

        public double[]? Spare(TensorExpr node, Dictionary<TensorExpr, TensorValue> memo)
        {
            if (node is not (TensorElementwise or TensorCall or TensorNegate)) return null;
            foreach (var c in node.Children)
            {
                var data = memo[c].Data;
                if (c.Shape == node.Shape && _owned.Contains(data) && _readers[c] == node.Children.Count(o => ReferenceEquals(o, c)))
                    return data;
            }
            return null;
        }

        public void Done(TensorExpr node, TensorValue value, double[]? spare, Dictionary<TensorExpr, TensorValue> memo)
        {
            foreach (var c in Operands(node)) _readers[c]--;
            if (ReferenceEquals(value.Data, spare)) return; // written in place: still this evaluation's own
            if (node is TensorVariable || Operands(node).Any(c => ReferenceEquals(memo[c].Data, value.Data)))
            {
                _owned.Remove(value.Data);
                _shared.Add(value.Data);
            }
            else if (!_shared.Contains(value.Data)) _owned.Add(value.Data);
        }
    }

    private static TensorValue Step(TensorExpr node, TensorValue[] a, IReadOnlyDictionary<string, TensorValue> values, double[]? spare) => node switch
    {
        TensorNumber n => TensorValue.Scalar(n.Value.ToDouble()),
        TensorConstant c => TensorValue.Scalar(c.Value),
        TensorVariable v => Bound(v, values),
        TensorElementwise e => TensorKernels.Arithmetic(e.Op, a[0], a[1], e.Shape, spare) ?? TensorKernels.Map(e.Shape, a, Elementwise(e.Op), spare),
        TensorNegate => TensorKernels.Map(node.Shape, a, x => -x[0], spare),
        TensorCall { Function.Eval: Func<double, double> unary } c when a[0].Shape == c.Shape => TensorKernels.Unary(unary, a[0], spare),
        TensorCall c => TensorKernels.Map(c.Shape, a, x => c.Function.Evaluate(x), spare),
        TensorMatMul m => TensorKernels.MatMul(a[0], a[1], m.Shape),
        TensorApply ap => Apply(ap, a),
        TensorList l => TensorKernels.Stack(a, l.Shape),
        TensorSumTo s => TensorKernels.SumTo(a[0], s.Shape),
        TensorIdentity i => TensorKernels.Identity(i.Shape.Rows),
        TensorOnesLike o => TensorValue.Filled(o.Shape, 1),
        TensorIndex i => TensorKernels.Row(a[0], i.Index, i.Shape),
        _ => throw new System.Diagnostics.UnreachableException($"No evaluation for {node.GetType().Name}."),
    };

    // A matrix product reads a transposed matrix operand in place (A@B.T, A.T@B): the transpose is never built.
    private static IEnumerable<TensorExpr> Operands(TensorExpr node) =>
        node is TensorMatMul m ? [Stored(m.Left), Stored(m.Right)] : node.Children;

    private static TensorExpr Stored(TensorExpr operand) =>
        operand is TensorApply { Op: TensorOp.Transpose } t && t.Children[0].Shape.IsMatrix ? t.Children[0] : operand;

    private static TensorValue MatMul(TensorMatMul m, Dictionary<TensorExpr, TensorValue> memo) =>
        TensorKernels.MatMul(memo[Stored(m.Left)], !ReferenceEquals(Stored(m.Left), m.Left), memo[Stored(m.Right)], !ReferenceEquals(Stored(m.Right), m.Right), m.Shape);

    private static TensorValue Bound(TensorVariable v, IReadOnlyDictionary<string, TensorValue> values)
    {
        if (!values.TryGetValue(v.Name, out var value)) throw new MissingBindingException([v.Name]);
        if (value.Shape != v.Shape)
            throw new ShapeException($"{v.Name} is declared {v.Shape.Describe()} but its value is {value.Shape.Describe()}");
        return value;
    }

    // a^b follows PyTorch's real rule: a negative base needs an integer exponent, else NaN (Math.Pow agrees).
    private static Func<double[], double> Elementwise(ElementwiseOp op) => op switch
    {
        ElementwiseOp.Add => x => x[0] + x[1],
        ElementwiseOp.Subtract => x => x[0] - x[1],
        ElementwiseOp.Multiply => x => x[0] * x[1],
        ElementwiseOp.Divide => x => x[0] / x[1],
        _ => x => Math.Pow(x[0], x[1]),
    };

    private static TensorValue Apply(TensorApply node, TensorValue[] a) => node.Op switch
    {
        TensorOp.Sum => TensorValue.Scalar(TensorKernels.Sum(a[0])),
        TensorOp.Mean => TensorValue.Scalar(TensorKernels.Sum(a[0]) / a[0].Shape.Size),
        TensorOp.Dot => TensorKernels.MatMul(a[0], a[1], Shape.Scalar),
        TensorOp.Outer => TensorKernels.Outer(a[0], a[1]),
        TensorOp.Norm => TensorValue.Scalar(TensorKernels.Norm(a[0])),
        TensorOp.Trace => TensorValue.Scalar(TensorKernels.Trace(a[0])),
        TensorOp.Det => TensorValue.Scalar(TensorKernels.Det(a[0])),
        TensorOp.Logdet => TensorValue.Scalar(TensorKernels.Logdet(a[0])),
        TensorOp.Inv => TensorKernels.Inv(a[0]),
        TensorOp.Diag => TensorKernels.Diag(a[0]),
        TensorOp.Transpose => TensorKernels.Transpose(a[0]),
        TensorOp.Softmax or TensorOp.LogSoftmax or TensorOp.Logsumexp => TensorKernels.AlongLast(a[0], node.Op, node.Shape),
        _ => throw new System.Diagnostics.UnreachableException($"No evaluation for {node.Op}."),
    };
}
