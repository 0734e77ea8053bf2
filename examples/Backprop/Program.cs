// "Manual backprop for a whole network", checked, twice.
//
// Part 1 (MatrixNetwork.cs): the network in matrix form over the whole batch,
//     L = mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)
// its four gradients printed as the textbook's backprop equations, checked against PyTorch's autograd on real
// tensors, then 50 steps of gradient descent with the symbolic gradients.
//
// Part 2 (below): the same network one weight at a time: its loss written as ONE scalar expression, its gradient
// with respect to all 17 weights and biases derived by SymDiff, compared with TorchSharp's autograd on the same
// network built from plain tensors, then used for 50 steps of gradient descent.
//
// Network: 2 inputs (x1, x2), 4 tanh hidden units, one linear output, squared error against a target t:
//     L = (v1*tanh(w11*x1 + w12*x2 + b1) + ... + v4*tanh(w41*x1 + w42*x2 + b4) + c - t)^2
// Both parts start from the same seeded weights (W1 = [[w11, w12], ...], b1, W2 = [[v1, ..., v4]], b2 = [c]).
//
// Exit code: 0 when SymDiff and autograd agree (max abs difference < 1e-9 in float64) and the loss fell in both
// parts, 1 otherwise, 3 when libtorch cannot be loaded.
// tests/SymDiff.Tests/Examples/ExampleProgramTests.cs runs this program and asserts its output: keep it stable.

using System.Globalization;
using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;
using SymDiff.Torch;
using TorchSharp;

const string LossText = """
    (v1*tanh(w11*x1 + w12*x2 + b1)
   + v2*tanh(w21*x1 + w22*x2 + b2)
   + v3*tanh(w31*x1 + w32*x2 + b3)
   + v4*tanh(w41*x1 + w42*x2 + b4) + c - t)^2
   """;
const int Hidden = 4;
const int Steps = 50;
const double LearningRate = 0.4;
const double Tolerance = 1e-9;

try
{
    TorchRuntime.EnsureLoaded();
}
catch (TorchUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}

// Parameter order: w11, w12, ..., w42 (row-major, the layout of the 4x2 weight tensor), b1..b4, v1..v4, c.
string[] parameters =
[
    .. Enumerable.Range(1, Hidden).SelectMany(i => new[] { $"w{i}1", $"w{i}2" }),
    .. Enumerable.Range(1, Hidden).Select(i => $"b{i}"),
    .. Enumerable.Range(1, Hidden).Select(i => $"v{i}"),
    "c",
];
string[] inputs = ["x1", "x2", "t"];

// XOR-like data: the target is the sign of x1*x2, at the corners of two squares.
double[][] samples =
[
    [-1.0, -1.0, 1.0], [-1.0, 1.0, -1.0], [1.0, -1.0, -1.0], [1.0, 1.0, 1.0],
    [-0.5, -0.5, 1.0], [-0.5, 0.5, -1.0], [0.5, -0.5, -1.0], [0.5, 0.5, 1.0],
];

// Seeded initial weights: the run is deterministic. Both parts start from them.
var random = new Random(2024);
var theta = parameters.Select(_ => random.NextDouble() - 0.5).ToArray();

Console.WriteLine("# Part 1: the network in matrix form");
var matrixOk = MatrixNetwork.Run(samples, (double[])theta.Clone(), Hidden, Steps, LearningRate, Tolerance);
Console.WriteLine();
Console.WriteLine("# Part 2: the same network, one weight at a time");

// 1. The loss as one expression, and its 17 partial derivatives, simplified.
var f = new ExprFactory();
var parsed = Parser.Parse(LossText, f);
if (!parsed.Success)
    throw new InvalidOperationException(string.Join("; ", parsed.Diagnostics.Select(d => d.Message)));
var loss = parsed.Value!;
var gradient = Derivatives.Gradient(loss, parameters, f)
    .Select(d => Simplifier.Simplify(d.Value, f).Value)
    .ToArray();

Console.WriteLine($"L = {loss}");
Console.WriteLine($"{parameters.Length} parameters: {string.Join(", ", parameters)}");
Console.WriteLine($"dL/dw11 = {gradient[0]}");

// 2. Compiled once: the loss and all 17 partials share one program over the parameters and one sample's inputs.
var compiled = CompiledFunction.Compile([loss, .. gradient], [.. parameters, .. inputs]);
Console.WriteLine($"Compiled: loss and {gradient.Length} partials, {compiled.Program.InstructionCount} instructions");

// 3. SymDiff against autograd on the same network, at the initial weights.
var (symbolicLoss, symbolicGradient) = MeanLossAndGradient(compiled, theta, samples);
var (torchLoss, torchGradient) = TorchLossAndGradient(theta, samples);
var maxDiff = symbolicGradient.Zip(torchGradient, (a, b) => Math.Abs(a - b)).Max();
Console.WriteLine($"Loss at the initial weights: SymDiff = {Show(symbolicLoss)}, autograd = {Show(torchLoss)}");
Console.WriteLine($"Autograd check ({samples.Length} samples, float64): max |SymDiff - autograd| over {parameters.Length} partials = {Small(maxDiff)}");
var agree = maxDiff < Tolerance;
Console.WriteLine($"Agree (< 1e-9): {agree}");

// 4. Gradient descent with the compiled gradient, averaged over the samples.
Console.WriteLine($"Gradient descent: {Steps} steps, learning rate {Show(LearningRate)}, mean over {samples.Length} samples");
var initialLoss = symbolicLoss;
var finalLoss = symbolicLoss;
for (var step = 0; step <= Steps; step++)
{
    var (meanLoss, meanGradient) = MeanLossAndGradient(compiled, theta, samples);
    finalLoss = meanLoss;
    if (step % 10 == 0) Console.WriteLine($"step {step,2}: loss = {meanLoss.ToString("F6", CultureInfo.InvariantCulture)}");
    if (step == Steps) break;
    for (var k = 0; k < theta.Length; k++) theta[k] -= LearningRate * meanGradient[k];
}
var fell = finalLoss < initialLoss;
Console.WriteLine($"Loss fell: {fell} ({initialLoss.ToString("F6", CultureInfo.InvariantCulture)} -> {finalLoss.ToString("F6", CultureInfo.InvariantCulture)})");

// The trained weights are a second, different point for the same check.
var (_, trainedSymbolic) = MeanLossAndGradient(compiled, theta, samples);
var (_, trainedTorch) = TorchLossAndGradient(theta, samples);
var trainedDiff = trainedSymbolic.Zip(trainedTorch, (a, b) => Math.Abs(a - b)).Max();
Console.WriteLine($"Autograd check at the trained weights: max |SymDiff - autograd| = {Small(trainedDiff)}");
agree &= trainedDiff < Tolerance;

return matrixOk && agree && fell ? 0 : 1;

// The mean loss and mean gradient over the samples, from the compiled program (outputs: L, dL/dθ1, ..., dL/dθ17).
static (double Loss, double[] Gradient) MeanLossAndGradient(CompiledFunction compiled, double[] theta, double[][] samples)
{
    var point = new double[theta.Length + 3];
    var outputs = new double[theta.Length + 1];
    var gradient = new double[theta.Length];
    var loss = 0.0;
    theta.CopyTo(point, 0);
    foreach (var sample in samples)
    {
        sample.CopyTo(point, theta.Length);
        compiled.Evaluate(point, outputs);
        loss += outputs[0];
        for (var k = 0; k < gradient.Length; k++) gradient[k] += outputs[k + 1];
    }
    for (var k = 0; k < gradient.Length; k++) gradient[k] /= samples.Length;
    return (loss / samples.Length, gradient);
}

// Shared with MatrixNetwork.cs (part 1).
internal partial class Program
{
    // The same network with plain TorchSharp tensors, as a PyTorch course writes it:
    //     hidden = tanh(X @ W.T + b); y = hidden @ v + c; loss = ((y - t)**2).mean(); loss.backward()
    // The gradients are then read from W.grad, b.grad, v.grad and c.grad, in the parameter order above.
    internal static (double Loss, double[] Gradient) TorchLossAndGradient(double[] theta, double[][] samples)
    {
        const int hidden = 4;
        using var scope = torch.NewDisposeScope();
        // Every tensor with an explicit dtype: TorchSharp's default is float32.
        var W = torch.tensor(theta[..(2 * hidden)], [hidden, 2], dtype: torch.float64, requires_grad: true);
        var b = torch.tensor(theta[(2 * hidden)..(3 * hidden)], dtype: torch.float64, requires_grad: true);
        var v = torch.tensor(theta[(3 * hidden)..(4 * hidden)], dtype: torch.float64, requires_grad: true);
        var c = torch.tensor(theta[4 * hidden], dtype: torch.float64, requires_grad: true);
        var X = torch.tensor(samples.SelectMany(s => s[..2]).ToArray(), [samples.Length, 2], dtype: torch.float64);
        var t = torch.tensor(samples.Select(s => s[2]).ToArray(), dtype: torch.float64);

        var h = torch.tanh(X.matmul(W.t()) + b);   // [samples, hidden]
        var y = h.matmul(v) + c;                    // [samples]
        var error = y - t;
        var loss = (error * error).mean();
        loss.backward();

        double[] gradient =
        [
            .. W.grad!.data<double>().ToArray(),
            .. b.grad!.data<double>().ToArray(),
            .. v.grad!.data<double>().ToArray(),
            c.grad!.item<double>(),
        ];
        return (loss.item<double>(), gradient);
    }

    internal static string Show(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    internal static string Small(double d) => d.ToString("0.00e+0", CultureInfo.InvariantCulture);
}
