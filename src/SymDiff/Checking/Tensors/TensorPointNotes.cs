using System.Collections.Immutable;
using SymDiff.Tensors;

namespace SymDiff.Checking.Tensors;

/// <summary>
/// What a person needs to know about a vector/matrix function at a point, read from the function as written and
/// the function table: the first subexpression without a value (and why), entries sitting on a kink (with the
/// convention autograd uses), and entries where PyTorch's operation is a documented approximation.
/// </summary>
public sealed record TensorPointNotes(string? Undefined, bool Overflow, ImmutableArray<string> Kinks, ImmutableArray<string> Approximations)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The function's value at the point (the notes' evaluation computes it anyway).</summary>
    public required TensorValue Value { get; init; }

    public static TensorPointNotes Of(TensorExpr written, IReadOnlyDictionary<string, TensorValue> values)
    {
        var nodes = TensorInterpreter.EvaluateNodes([written], values);
        string? undefined = null;
        var overflow = false;
        var kinks = ImmutableArray.CreateBuilder<string>();
        var approximations = ImmutableArray.CreateBuilder<string>();
        foreach (var node in TensorGradient.PostOrder(written))
        {
            // A transpose read in place by a matrix product has no value of its own; its operand is checked.
            if (!nodes.TryGetValue(node, out var value) || node.Children.Any(c => !nodes.ContainsKey(c))) continue;
            var args = node.Children.Select(c => nodes[c]).ToArray();
            if (undefined is null && args.All(a => a.Data.All(double.IsFinite)) && value.Data.FirstOrDefault(v => !double.IsFinite(v), 0) is var bad && !double.IsFinite(bad))
            {
                var k = Array.FindIndex(value.Data, v => !double.IsFinite(v));
                overflow = !double.IsNaN(bad);
                undefined = $"{Entry(node, k)} is {PointAnalysis.Show(bad)}" + (overflow ? " (it overflows float64)" : Why(node, args, k));
            }
            if (node is not TensorCall call) continue;
            for (var k = 0; k < value.Data.Length; k++)
            {
                var at = args.Select(a => TensorKernels.Read(a, node.Shape, k)).ToArray();
                foreach (var kink in call.Function.Kinks)
                    if (kink.IsAt(at))
                        kinks.Add($"{Entry(node, k)} is on a kink of {call.Function.Name} (arguments {string.Join(", ", at.Select(PointAnalysis.Show))}): " +
                                  $"{kink.Convention ?? call.Function.Convention ?? "its derivative is not defined there"}");
                if (call.Function.Approximation is { } approximation && approximation.AppliesAt(at))
                    approximations.Add($"{Entry(node, k)}: {approximation.Description}");
            }
        }
        return new TensorPointNotes(undefined, overflow, Limited(kinks), Limited(approximations)) { Value = nodes[written] };
    }

    // A few notes, then how many more: a 512x784 layer must not print half a million lines.
    private static ImmutableArray<string> Limited(ImmutableArray<string>.Builder notes) =>
        notes.Count <= 3 ? notes.ToImmutable() : [.. notes.Take(3), $"... and {notes.Count - 3} more entries like these"];

    private static string Entry(TensorExpr node, int k) =>
        node.Shape.IsScalar ? TensorFormatter.Format(node) : $"entry {TensorValue.IndexText(node.Shape, k)} of {TensorFormatter.Format(node)}";

    private static string Why(TensorExpr node, TensorValue[] args, int k) => node switch
    {
        TensorCall c => $": {c.Function.Name} is not defined for {string.Join(", ", args.Select(a => PointAnalysis.Show(TensorKernels.Read(a, node.Shape, k))))}",
        TensorElementwise { Op: ElementwiseOp.Divide } => $": {PointAnalysis.Show(TensorKernels.Read(args[0], node.Shape, k))}/{PointAnalysis.Show(TensorKernels.Read(args[1], node.Shape, k))}",
        TensorElementwise { Op: ElementwiseOp.Power } => $": {PointAnalysis.Show(TensorKernels.Read(args[0], node.Shape, k))}^{PointAnalysis.Show(TensorKernels.Read(args[1], node.Shape, k))} has no real value",
        _ => "",
    };
}
