using SymDiff.Functions;
using SymDiff.Tensors;
using SymDiff.Torch;

namespace SymDiff.Tests.Torch;

/// <summary>
/// Issue 9: every row of the function table works elementwise on a matrix: it evaluates, differentiates in matrix
/// notation, and its gradient agrees with finite differences of the written form and with autograd on real tensors.
/// </summary>
[Trait("Category", "Torch")]
[Collection("Torch")]
public class TensorFunctionTableTests
{
    public static TheoryData<string, int> Rows()
    {
        var rows = new TheoryData<string, int>();
        foreach (var r in FunctionTable.All.Where(r => r.Arity is 1 or 2 && r.Partials.All(p => p is not null))) rows.Add(r.Name, r.Arity);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_table_function_applies_elementwise_with_checked_gradients(string name, int arity)
    {
        var row = FunctionTable.Lookup(name, arity)!;
        var shape = Shape.Matrix(2, 3);
        var written = new TensorFactory(simplifying: false);
        var canonical = new TensorFactory();
        TensorExpr Loss(TensorFactory f)
        {
            var args = Enumerable.Range(0, arity).Select(i => f.Variable($"a{i}", shape)).ToArray();
            return f.Apply(TensorOp.Sum, f.Multiply(f.Call(row, [.. args]), f.Variable("R", shape)));
        }
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        var values = new Dictionary<string, TensorValue>
        {
            ["R"] = new(shape, [.. Enumerable.Range(0, 6).Select(_ => random.NextDouble() + 0.5)]),
        };
        // Inside the row's test domain, away from kinks and ties (arguments differ by construction).
        for (var i = 0; i < arity; i++)
            values[$"a{i}"] = new(shape, [.. Enumerable.Range(0, 6).Select(k =>
                row.TestDomain.Low + (row.TestDomain.High - row.TestDomain.Low) * (0.1 + 0.8 * ((k * 0.137 + i * 0.311 + random.NextDouble() * 0.05) % 1)))]);
        var variables = Enumerable.Range(0, arity).Select(i => $"a{i}").ToList();
        var writtenLoss = Loss(written);
        var gradients = TensorGradient.Of(canonical, Loss(canonical), variables);
        var autograd = new TorchTensorOracle("cpu").Derivatives(writtenLoss, values, variables);
        foreach (var v in variables)
        {
            var symbolic = TensorInterpreter.Evaluate(gradients[v], values);
            var (numeric, _) = TensorFiniteDifferences.Gradient(writtenLoss, values, v);
            for (var k = 0; k < 6; k++)
            {
                var s = symbolic.Shape.IsScalar ? symbolic.Data[0] : symbolic.Data[k];
                Assert.True(Math.Abs(s - autograd[v].Data[k]) <= 1e-9 * (1 + Math.Abs(s)), $"{name}: d/d{v}[{k}] symbolic {s}, autograd {autograd[v].Data[k]} ({gradients[v]})");
                Assert.True(Math.Abs(s - numeric.Data[k]) <= 1e-6 * (1 + Math.Abs(s)), $"{name}: d/d{v}[{k}] symbolic {s}, numeric {numeric.Data[k]} ({gradients[v]})");
            }
        }
    }
}
