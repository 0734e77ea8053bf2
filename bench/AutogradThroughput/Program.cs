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

// d/dx sin(x^2) at 10^6 points, six ways, as points per second (the median of several timed runs after a
// warm-up, the methods interleaved run by run so a busy moment of a shared machine slows them all alike):
//   torch raw        TorchSharp alone: tensor from the array, requires_grad, sin(x*x), autograd.grad, copy back
//   torch raw pow    the same with x.pow(2) for x*x, the operation the oracle runs for x^2 (as Python's x**2 does)
//   oracle columns   TorchAutogradOracle.Derivatives end to end, the points as one column (ReadOnlyMemory) per variable
//   oracle rows      the same with the points as rows (double[] per point), which it transposes once
//   compiled         SymDiff's simplified symbolic derivative, compiled batch loop
//   hand-written     2*x*cos(x*x) in a C# loop
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
double[] columnOut = [];
double[] rowOut = [];
double[] torchOut = [];

var methods = new (string Name, Action Work)[]
{
    ("TorchSharp autograd, raw (forward + backward)", () => torchOut = TorchRaw(xs, asWritten: false)),
    ("TorchSharp autograd, raw, x.pow(2) as the oracle lowers x^2", () => TorchRaw(xs, asWritten: true)),
    ("TorchAutogradOracle.Derivatives, columns (end to end)", () => columnOut = oracle.Derivatives(f, ["x"], [["x"]], [xs], n)[0]),
    ("TorchAutogradOracle.Derivatives, rows (end to end)", () => rowOut = oracle.Derivatives(f, ["x"], [["x"]], rows)[0]),
    ($"SymDiff compiled `{derivative}`", () => compiled.EvaluateBatch([xs], [compiledOut], n)),
    ("hand-written C# 2*x*cos(x*x)", () => HandWritten(xs, handOut)),
};
var (medians, cpuMedians) = Interleaved(methods.Select(m => m.Work).ToArray());

var maxDiff = 0.0;
for (var i = 0; i < n; i++)
    maxDiff = Math.Max(maxDiff, Math.Max(Math.Max(Math.Abs(columnOut[i] - compiledOut[i]), Math.Abs(rowOut[i] - compiledOut[i])),
        Math.Max(Math.Abs(torchOut[i] - compiledOut[i]), Math.Abs(handOut[i] - compiledOut[i]))));
var columnsAreRows = columnOut.AsSpan().SequenceEqual(rowOut);

Console.WriteLine($"{n:N0} points of d/dx sin(x^2), x in [-3, 3], float64, torch threads {torch.get_num_threads()}, " +
    $"median of {runs} interleaved runs; max |difference| between the methods: {maxDiff:G3}; " +
    $"columns and rows bit-identical: {(columnsAreRows ? "yes" : "NO")}");
Console.WriteLine();
Console.WriteLine("| method | time (ms) | points/s | vs torch raw (points/s) | CPU time (ms) | vs torch raw (CPU) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
for (var m = 0; m < methods.Length; m++)
    Console.WriteLine(FormattableString.Invariant(
        $"| {methods[m].Name} | {medians[m] * 1e3:F1} | {n / medians[m]:0.00e+0} | {medians[0] / medians[m]:F2}x | {cpuMedians[m] * 1e3:F1} | {cpuMedians[0] / cpuMedians[m]:F2}x |"));
return 0;

// One warm-up round (JIT, libtorch's allocator), then rounds of one run of each method in turn; per method the
// median wall time and the median CPU time of the process (all its threads: libtorch's, the GC's). On a shared,
// loaded machine the wall time includes waiting for a core; the CPU time does not.
(double[] Wall, double[] Cpu) Interleaved(Action[] work)
{
    foreach (var w in work) w();
    var wall = work.Select(_ => new double[runs]).ToArray();
    var cpu = work.Select(_ => new double[runs]).ToArray();
    var process = Process.GetCurrentProcess();
    for (var r = 0; r < runs; r++)
        for (var i = 0; i < work.Length; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            work[i]();
            wall[i][r] = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[i][r] = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        }
    return (Median(wall), Median(cpu));

    static double[] Median(double[][] times) => [.. times.Select(t => t.Order().ElementAt(t.Length / 2))];
}

// asWritten: x^2 as x.pow(2), the operation the written form (Python's x**2) asks for and the oracle lowers x^2 to;
// its backward (2 * x.pow(1) * grad) differs from x*x's (grad*x + grad*x).
static double[] TorchRaw(double[] values, bool asWritten)
{
    using var scope = torch.NewDisposeScope();
    using var two = 2.0.ToScalar();
    var x = torch.tensor(values, torch.ScalarType.Float64).requires_grad_(true);
    var y = torch.sin(asWritten ? x.pow(two) : x * x);
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
