using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SymDiff.Calculus;
using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;
using SymDiff.Torch;
using TorchSharp;

// d/dx sin(x^2) at 10^6 points, four ways, as points per second (median of several timed runs after a warm-up):
//   torch raw     TorchSharp alone: tensor from the array, requires_grad, sin(x*x), autograd.grad, copy back
//   oracle        SymDiff.Torch's TorchAutogradOracle.Derivatives end to end (rows in, doubles out)
//   compiled      SymDiff's simplified symbolic derivative, compiled batch loop
//   hand-written  2*x*cos(x*x) in a C# loop
// Usage: AutogradThroughput [points=1000000] [runs=7]
// AutogradThroughput matrix [runs]: issue 9's two-layer network instead (MatrixThroughput.cs).
// AutogradThroughput optimize [runs]: issue 10's optimizer steps per second (OptimizerThroughput.cs).
if (args is ["optimize", ..])
{
    OptimizerThroughput.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5);
    return 0;
}
if (args is ["matrix", ..])
{
    MatrixThroughput.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9);
    return 0;
}

var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;

var random = new Random(42);
var xs = new double[n];
for (var i = 0; i < n; i++) xs[i] = -3 + 6 * random.NextDouble();
double[][] rows = [.. xs.Select(x => new[] { x })];

var factory = new ExprFactory();
var f = Parser.Parse("sin(x^2)", factory).Value!;
var derivative = Simplifier.Simplify(Differentiator.Differentiate(f, "x", factory), factory).Value;
var compiled = CompiledFunction.Compile([derivative], ["x"]);
var compiledOut = new double[n];
var handOut = new double[n];

TorchRuntime.EnsureLoaded(); // also torch.set_num_threads(1), as in the CLI
using var oracle = new TorchAutogradOracle("cpu", NumericType.Float64);
double[] oracleOut = [];
double[] torchOut = [];

var results = new List<(string Name, double Seconds)>
{
    ("TorchSharp autograd, raw (forward + backward)", Median(() => torchOut = TorchRaw(xs))),
    ("TorchAutogradOracle.Derivatives (end to end)", Median(() => oracleOut = oracle.Derivatives(f, ["x"], [["x"]], rows)[0])),
    ($"SymDiff compiled `{derivative}`", Median(() => compiled.EvaluateBatch([xs], [compiledOut], n))),
    ("hand-written C# 2*x*cos(x*x)", Median(() => HandWritten(xs, handOut))),
};

var maxDiff = 0.0;
for (var i = 0; i < n; i++)
    maxDiff = Math.Max(maxDiff, Math.Max(Math.Abs(oracleOut[i] - compiledOut[i]),
        Math.Max(Math.Abs(torchOut[i] - compiledOut[i]), Math.Abs(handOut[i] - compiledOut[i]))));

Console.WriteLine($"{n:N0} points of d/dx sin(x^2), x in [-3, 3], float64, torch threads {torch.get_num_threads()}, " +
    $"median of {runs} runs; max |difference| between the four: {maxDiff:G3}");
Console.WriteLine();
Console.WriteLine("| method | time (ms) | points/s |");
Console.WriteLine("|---|---:|---:|");
foreach (var (name, seconds) in results)
    Console.WriteLine(FormattableString.Invariant($"| {name} | {seconds * 1e3:F1} | {n / seconds:0.00e+0} |"));
return 0;

double Median(Action action)
{
    action(); // warm-up: JIT, libtorch allocator
    var times = new double[runs];
    for (var r = 0; r < runs; r++)
    {
        var clock = Stopwatch.StartNew();
        action();
        times[r] = clock.Elapsed.TotalSeconds;
    }
    Array.Sort(times);
    return times[runs / 2];
}

static double[] TorchRaw(double[] values)
{
    using var scope = torch.NewDisposeScope();
    var x = torch.tensor(values, torch.ScalarType.Float64).requires_grad_(true);
    var y = torch.sin(x * x);
    var grad = torch.autograd.grad([y.sum()], [x])[0];
    return MemoryMarshal.Cast<byte, double>(grad.bytes).ToArray(); // data<double>().ToArray() goes element by element
}

static void HandWritten(double[] x, double[] dx)
{
    for (var i = 0; i < x.Length; i++)
    {
        var xi = x[i];
        dx[i] = 2 * xi * Math.Cos(xi * xi);
    }
}
