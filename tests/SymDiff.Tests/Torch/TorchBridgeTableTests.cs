using SymDiff.Checking;
using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace SymDiff.Tests.Torch;

/// <summary>Every row of the <see cref="FunctionTable"/> against its TorchSharp operation (values and first partials).</summary>
[Trait("Category", "Torch")]
[Collection("Torch")]
public class TorchBridgeTableTests
{
    public static TheoryData<string, int> Rows()
    {
        var data = new TheoryData<string, int>();
        foreach (var row in FunctionTable.All) data.Add(row.Name, row.Arity);
        return data;
    }

    public static TheoryData<string, int> DifferentiableRows()
    {
        var data = new TheoryData<string, int>();
        foreach (var row in FunctionTable.All.Where(r => r.Arity >= 1)) data.Add(row.Name, row.Arity);
        return data;
    }

    private static readonly string[] Names = ["x", "y"];

    // Three points inside the row's test domain; the second argument is drawn at other fractions, so that
    // max and min never tie.
    private static double[][] Points(FunctionInfo row)
    {
        double At(double fraction) => row.TestDomain.Low + fraction * (row.TestDomain.High - row.TestDomain.Low);
        double[][] fractions = [[0.15, 0.7], [0.55, 0.3], [0.85, 0.45]];
        return [.. fractions.Select(p => p[..row.Arity].Select(At).ToArray())];
    }

    [Fact]
    public void Every_row_resolves_to_a_torch_operation()
    {
        var unresolved = FunctionTable.All.Where(r => !TorchBridge.Resolves(r)).Select(r => $"{r} ('{r.TorchName}')").ToList();
        Assert.True(unresolved.Count == 0, "No TorchSharp operation for: " + string.Join(", ", unresolved));
        Assert.Superset(FunctionTable.All.Select(r => r.TorchName).ToHashSet(), TorchBridge.Supported.ToHashSet());
    }

    /// <summary>Forward values of f(x[, y]) through the oracle's lowering equal the row's own evaluation.</summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public void Forward_values_match_the_row(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        var f = new ExprFactory();
        var call = f.Call(row, [.. Names[..arity].Select(f.Symbol)]);
        var points = Points(row);
        var values = TorchAutogradOracle.Evaluate(call, Names[..arity], points);
        for (var p = 0; p < points.Length; p++)
            TorchAssert.Close(row.Evaluate(points[p]), values[p], 1e-12, $"{call} at ({string.Join(", ", points[p])})");
    }

    /// <summary>d/dx (and d/dy) of f(x[, y]) by autograd equal the symbolic derivative, evaluated.</summary>
    [Theory]
    [MemberData(nameof(DifferentiableRows))]
    public void First_derivatives_match_the_symbolic_ones(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        var f = new ExprFactory();
        var variables = Names[..arity];
        var call = f.Call(row, [.. variables.Select(f.Symbol)]);
        var points = Points(row);
        using var oracle = TorchAssert.Oracle();
        var autograd = oracle.Derivatives(call, variables, [.. variables.Select(v => System.Collections.Immutable.ImmutableArray.Create(v))], points);
        for (var i = 0; i < arity; i++)
        {
            var symbolic = Differentiator.Differentiate(call, variables[i], f);
            for (var p = 0; p < points.Length; p++)
            {
                var bindings = variables.Select((v, k) => (v, points[p][k])).ToDictionary(b => b.v, b => b.Item2);
                TorchAssert.Close(Evaluator.Evaluate(symbolic, bindings), autograd[i][p], 1e-9,
                    $"d/d{variables[i]} {call} = {symbolic} at ({string.Join(", ", points[p])})");
            }
        }
    }

    /// <summary>
    /// The row's own operation, applied to leaf tensors (the factory rewrites sqrt, pow and log(x, b) before any tree
    /// holds them, so only this reaches their operations): values and partials against the row's Eval and Partials.
    /// </summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public void The_rows_operation_matches_eval_and_partials(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        var points = Points(row);
        var f = new ExprFactory();
        var symbols = Names[..arity].Select(f.Symbol).ToArray();
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        using var lowering = new TorchLowering(ScalarType.Float64, torch.CPU);
        var leaves = Enumerable.Range(0, arity)
            .Select(i => torch.tensor(points.Select(p => p[i]).ToArray(), ScalarType.Float64).requires_grad_(true)).ToArray();
        var output = TorchBridge.Apply(row, leaves, lowering);
        var values = TorchAutogradOracle.Read(output, points.Length);
        for (var p = 0; p < points.Length; p++)
            TorchAssert.Close(row.Evaluate(points[p]), values[p], 1e-12, $"{row} ('{row.TorchName}') at ({string.Join(", ", points[p])})");
        if (arity == 0) return;

        // Never ask autograd for the gradient of an output that does not require grad: libtorch would abort.
        var grads = output.requires_grad ? torch.autograd.grad([output.sum()], leaves, allow_unused: true) : null;
        for (var i = 0; i < arity; i++)
        {
            var partial = row.Partials[i]!(f, [.. symbols]);
            var autograd = grads is null || grads[i].IsInvalid
                ? new double[points.Length] // constant in this argument: 0
                : TorchAutogradOracle.Read(grads[i], points.Length);
            for (var p = 0; p < points.Length; p++)
            {
                var bindings = Names[..arity].Select((v, k) => (v, points[p][k])).ToDictionary(b => b.v, b => b.Item2);
                TorchAssert.Close(Evaluator.Evaluate(partial, bindings), autograd[p], 1e-9,
                    $"partial {i} of {row} ('{row.TorchName}') = {partial} at ({string.Join(", ", points[p])})");
            }
        }
    }
}
