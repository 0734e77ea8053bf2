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
    /// <remarks>Plans the evaluation each call; <see cref="TensorProgram.Compile"/> plans once for repeated calls.</remarks>
    public static ImmutableArray<TensorValue> EvaluateAll(IReadOnlyList<TensorExpr> roots, IReadOnlyDictionary<string, TensorValue> values) =>
        TensorProgram.Compile(roots).Evaluate(values);

    /// <summary>The value of every node of <paramref name="roots"/> (for explaining where a value goes wrong).</summary>
    public static Dictionary<TensorExpr, TensorValue> EvaluateNodes(IReadOnlyList<TensorExpr> roots, IReadOnlyDictionary<string, TensorValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return TensorProgram.Compile(roots).EvaluateNodes(values);
    }

    // One node from its operands' values (for a matrix product: the stored operands, see Operands). spare: an
    // operand's array nobody reads any more, which an elementwise node may write its result into.
    internal static TensorValue Step(TensorExpr node, TensorValue[] a, IReadOnlyDictionary<string, TensorValue> values, double[]? spare) => node switch
    {
        TensorNumber n => TensorValue.Scalar(n.Value.ToDouble()),
        TensorConstant c => TensorValue.Scalar(c.Value),
        TensorVariable v => Bound(v, values),
        TensorElementwise e => TensorKernels.Arithmetic(e.Op, a[0], a[1], e.Shape, spare) ?? TensorKernels.Map(e.Shape, a, Elementwise(e.Op), spare),
        TensorNegate => TensorKernels.Map(node.Shape, a, x => -x[0], spare),
        TensorCall { Function.Eval: Func<double, double> unary } c when a[0].Shape == c.Shape => TensorKernels.Unary(unary, a[0], spare),
        TensorCall c => TensorKernels.Map(c.Shape, a, x => c.Function.Evaluate(x), spare),
        TensorMatMul m => TensorKernels.MatMul(a[0], !ReferenceEquals(Stored(m.Left), m.Left), a[1], !ReferenceEquals(Stored(m.Right), m.Right), m.Shape),
        TensorApply ap => Apply(ap, a),
        TensorList l => TensorKernels.Stack(a, l.Shape),
        TensorSumTo s => TensorKernels.SumTo(a[0], s.Shape),
        TensorIdentity i => TensorKernels.Identity(i.Shape.Rows),
        TensorOnesLike o => TensorValue.Filled(o.Shape, 1),
        TensorIndex i => TensorKernels.Row(a[0], i.Index, i.Shape),
        _ => throw new System.Diagnostics.UnreachableException($"No evaluation for {node.GetType().Name}."),
    };

    // A matrix product reads a transposed matrix operand in place (A@B.T, A.T@B): the transpose is never built.
    internal static IEnumerable<TensorExpr> Operands(TensorExpr node) =>
        node is TensorMatMul m ? [Stored(m.Left), Stored(m.Right)] : node.Children;

    private static TensorExpr Stored(TensorExpr operand) =>
        operand is TensorApply { Op: TensorOp.Transpose } t && t.Children[0].Shape.IsMatrix ? t.Children[0] : operand;

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
