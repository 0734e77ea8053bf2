// Part 1 of the example: the network of Program.cs written in matrix form, over the whole batch at once.
//
//     L = mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)      X 8x2, W1 4x2, b1 4, W2 1x4, b2 1, Y 8x1
//
// Its four gradients are printed as the textbook's backprop equations, checked against PyTorch's autograd on real
// tensors (TorchTensorOracle, and the same network written with plain TorchSharp tensors), then used for gradient
// descent. W1, b1, W2, b2 are w11..w42, b1..b4, v1..v4 and c of the scalar form, so both parts train the same way.

using System.Collections.Immutable;
using System.Globalization;
using SymDiff.Tensors;
using SymDiff.Torch;

internal static class MatrixNetwork
{
    public const string LossText = "mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)";

    private static readonly string[] Parameters = ["W1", "b1", "W2", "b2"];

    /// <summary>Prints part 1; true when every autograd check agrees and the loss fell.</summary>
    public static bool Run(double[][] samples, double[] theta, int hidden, int steps, double learningRate, double tolerance)
    {
        var shapes = new Dictionary<string, Shape>
        {
            ["X"] = Shape.Matrix(samples.Length, 2), ["W1"] = Shape.Matrix(hidden, 2), ["b1"] = Shape.Vector(hidden),
            ["W2"] = Shape.Matrix(1, hidden), ["b2"] = Shape.Vector(1), ["Y"] = Shape.Matrix(samples.Length, 1),
        };
        var parsed = MatrixFunction.Parse(LossText, shapes);
        if (!parsed.Success) throw new InvalidOperationException(parsed.Render());
        var f = parsed.Value!;

        Console.WriteLine($"L = {LossText}");
        Console.WriteLine($"shapes: {string.Join(", ", f.Variables.Select(v => $"{v} {f.Shapes[v]}"))}");

        // 1. The four gradients, with the forward pass named once.
        Console.WriteLine("Backprop equations:");
        var equations = f.Backprop(Parameters);
        foreach (var (name, definition) in equations.Definitions) Console.WriteLine($"  {name} = {definition}");
        for (var i = 0; i < Parameters.Length; i++) Console.WriteLine($"  dL/d{Parameters[i]} = {equations.Derivatives[i]}");

        // 2. One evaluator for the loss and the four gradients (the forward pass computed once per call).
        var lossAndGradients = f.CompileGradients(Parameters);
        var values = new Dictionary<string, TensorValue>(StringComparer.Ordinal)
        {
            ["X"] = new(shapes["X"], [.. samples.SelectMany(s => s[..2])]),
            ["Y"] = new(shapes["Y"], [.. samples.Select(s => s[2])]),
        };
        SetWeights(values, shapes, theta, hidden);

        // 3. Against autograd: TorchTensorOracle lowers the function as written to TorchSharp, and the network
        //    written by hand with TorchSharp tensors (Program.TorchLossAndGradient) is a second, independent check.
        var oracle = new TorchTensorOracle("cpu");
        var agree = Check(f, lossAndGradients, oracle, values, theta, samples, tolerance, trained: false);

        // 4. Gradient descent with the symbolic gradients, on the whole batch.
        Console.WriteLine($"Gradient descent: {steps} steps, learning rate {learningRate.ToString("R", CultureInfo.InvariantCulture)}, batch of {samples.Length}");
        var initialLoss = double.NaN;
        var finalLoss = double.NaN;
        for (var step = 0; step <= steps; step++)
        {
            var (loss, gradients) = lossAndGradients(values);
            if (step == 0) initialLoss = loss;
            finalLoss = loss;
            if (step % 10 == 0) Console.WriteLine($"step {step,2}: loss = {F6(loss)}");
            if (step == steps) break;
            foreach (var p in Parameters)
            {
                var (w, g) = (values[p].Data, gradients[p].Data);
                var next = new double[w.Length];
                for (var k = 0; k < w.Length; k++) next[k] = w[k] - learningRate * g[k];
                values[p] = new TensorValue(shapes[p], next);
            }
        }
        var fell = finalLoss < initialLoss;
        Console.WriteLine($"Loss fell: {fell} ({F6(initialLoss)} -> {F6(finalLoss)})");

        double[] trained = [.. Parameters.SelectMany(p => values[p].Data)];
        agree &= Check(f, lossAndGradients, oracle, values, trained, samples, tolerance, trained: true);
        return agree && fell;
    }

    private static bool Check(MatrixFunction f, Func<IReadOnlyDictionary<string, TensorValue>, (double Value, ImmutableDictionary<string, TensorValue> Gradients)> lossAndGradients,
        TorchTensorOracle oracle, Dictionary<string, TensorValue> values, double[] theta, double[][] samples, double tolerance, bool trained)
    {
        var (_, symbolic) = lossAndGradients(values);
        var autograd = oracle.Derivatives(f.Written, values, Parameters);
        var oracleDiff = Parameters.Max(p => MaxDiff(symbolic[p].Data, autograd[p].Data));
        double[] flat = [.. Parameters.SelectMany(p => symbolic[p].Data)];
        var (_, plain) = Program.TorchLossAndGradient(theta, samples);
        var plainDiff = MaxDiff(flat, plain);
        var where = trained ? "at the trained weights" : $"({oracle.Device}, float64)";
        Console.WriteLine($"Autograd check {where}: max |SymDiff - TorchTensorOracle| over {string.Join(", ", Parameters)} = {Program.Small(oracleDiff)}");
        Console.WriteLine($"Autograd check {where}: max |SymDiff - plain TorchSharp network| = {Program.Small(plainDiff)}");
        var agree = oracleDiff < tolerance && plainDiff < tolerance;
        if (!trained) Console.WriteLine($"Agree (< 1e-9): {agree}");
        return agree;
    }

    // W1, b1, W2, b2 from the scalar form's parameter vector (w11, w12, ..., w42, b1..b4, v1..v4, c): the same layout.
    private static void SetWeights(Dictionary<string, TensorValue> values, Dictionary<string, Shape> shapes, double[] theta, int hidden)
    {
        var offset = 0;
        foreach (var p in Parameters)
        {
            var size = shapes[p].Size;
            values[p] = new TensorValue(shapes[p], theta[offset..(offset + size)]);
            offset += size;
        }
        if (offset != 4 * hidden + 1) throw new InvalidOperationException("the parameter layouts differ");
    }

    private static double MaxDiff(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    private static string F6(double d) => d.ToString("F6", CultureInfo.InvariantCulture);
}
