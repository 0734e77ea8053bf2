using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using SymDiff.Tensors;
using SymDiff.Torch;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Issue 9: the value and four gradients of a 784-512-10 network's loss on a batch of 64,
/// mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2), three ways, interleaved, the median of each after a warm-up:
///   symdiff       the symbolic gradients (MatrixFunction.CompileGradients: a TensorProgram, the shared forward pass once)
///   torch raw     TorchSharp alone: the same network, forward and autograd.grad (float64, threads as the CLI sets them)
///   oracle        SymDiff.Torch's TorchTensorOracle end to end (values in, gradients out)
/// Usage: AutogradThroughput matrix [runs=9]
/// </summary>
internal static class MatrixThroughput
{
    public static void Run(int runs)
    {
        const string loss = "mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)";
        var (inputs, hidden, outputs, batch) = (784, 512, 10, 64);
        var shapes = new Dictionary<string, Shape>
        {
            ["X"] = Shape.Matrix(batch, inputs), ["W1"] = Shape.Matrix(hidden, inputs), ["b1"] = Shape.Vector(hidden),
            ["W2"] = Shape.Matrix(outputs, hidden), ["b2"] = Shape.Vector(outputs), ["Y"] = Shape.Matrix(batch, outputs),
        };
        var random = new Random(7);
        var values = shapes.ToDictionary(p => p.Key, p => new TensorValue(p.Value, [.. Enumerable.Range(0, p.Value.Size).Select(_ => (random.NextDouble() - 0.5) * 0.1)]));
        string[] parameters = ["W1", "b1", "W2", "b2"];

        var f = MatrixFunction.Parse(loss, shapes).Value!;
        var compiled = f.CompileGradients(parameters);

        TorchRuntime.EnsureLoaded();
        var oracle = new TorchTensorOracle("cpu");
        var symbolic = compiled(values);
        var check = oracle.Derivatives(f.Written, values, parameters);
        var worst = parameters.Max(p => symbolic.Gradients[p].Data.Zip(check[p].Data, (a, b) => Math.Abs(a - b)).Max());

        double Raw()
        {
            using var scope = torch.NewDisposeScope();
            Tensor T(string name, bool grad) =>
                torch.tensor(values[name].Data, dtype: ScalarType.Float64).reshape([.. values[name].Shape.Dimensions.Select(d => (long)d)]).requires_grad_(grad);
            var (x, w1, b1, w2, b2, y) = (T("X", false), T("W1", true), T("b1", true), T("W2", true), T("b2", true), T("Y", false));
            var l = (torch.tanh(x.matmul(w1.mT) + b1).matmul(w2.mT) + b2 - y).pow(2).mean();
            var grads = torch.autograd.grad([l], [w1, b1, w2, b2]);
            return grads.Sum(g => g.data<double>()[0]);
        }

        var methods = new (string Name, Func<object> Work)[]
        {
            ("symdiff (symbolic gradients, TensorProgram)", () => compiled(values)),
            ($"torch raw (threads {torch.get_num_threads()})", () => Raw()),
            ("oracle (TorchTensorOracle)", () => oracle.Derivatives(f.Written, values, parameters)),
        };
        var medians = Interleaved(runs, methods.Select(m => m.Work).ToArray());
        var rows = methods.Select((m, i) => (m.Name, Seconds: medians[i])).ToList();
        Console.WriteLine($"value and 4 gradients of {loss}, 784-512-10, batch 64, float64; symdiff vs autograd max |diff| {worst:0.0e+0}");
        Console.WriteLine();
        Console.WriteLine("| method | time (ms) | vs torch raw |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, seconds) in rows)
            Console.WriteLine(FormattableString.Invariant($"| {name} | {seconds * 1e3:F2} | {seconds / rows[1].Seconds:F2}x |"));
    }

    // Rounds of one run of each method in turn, so a busy moment of a shared machine slows them all alike; the
    // median per method. One warm-up round first.
    private static double[] Interleaved(int runs, Func<object>[] work)
    {
        foreach (var w in work) w();
        var times = work.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < runs; r++)
            for (var i = 0; i < work.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                GC.KeepAlive(work[i]());
                times[i].Add(watch.Elapsed.TotalSeconds);
            }
        return [.. times.Select(t => t.Order().ElementAt(t.Count / 2))];
    }
}
