// LoRA's rank, measured: fit a rank-r update B@A to a target matrix by gradient descent on
//
//     L(B, A) = norm(W0 + B@A - T)^2        W0, T m x n (frozen), B m x r, A r x n (trained)
//
// with SymDiff's matrix gradients (Adam, SymDiff.Optimization), and compare the loss reached with the best any
// rank-r update can do: by Eckart–Young, the truncated SVD of T - W0 keeps its r largest singular values, and the
// loss left is the sum of the squares of the others. The update a fine-tuning needs is T - W0; LoRA can only
// learn its best rank-r approximation. Writes examples/plots/lora-loss.png and examples/plots/lora-singular-values.png.

using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using ScottPlot;
using SymDiff.Optimization;
using SymDiff.Tensors;
using SymDiff.Torch;

const string LossText = "norm(W0 + B@A - T)^2";
const int Rows = 24, Columns = 16, Steps = 3000;
int[] ranks = [1, 2, 4, 8];
var plotsFolder = args.Length > 0 ? args[0] : Path.Combine(RepositoryRoot(), "examples", "plots");

// The frozen weights W0 and the target T = W0 + ΔW, where the needed update ΔW has singular values 4, 2.4, 1.44,
// ... (each 0.6 of the one before: most of it is low-rank, as fine-tuning updates are found to be).
var random = new Random(2026);
var w0 = Gaussian(random, Rows, Columns, 1 / Math.Sqrt(Columns));
var u = Gaussian(random, Rows, Columns, 1).QR().Q.SubMatrix(0, Rows, 0, Columns);
var v = Gaussian(random, Columns, Columns, 1).QR().Q;
var sigma = Enumerable.Range(0, Columns).Select(i => 4 * Math.Pow(0.6, i)).ToArray();
var update = u * Matrix<double>.Build.DiagonalOfDiagonalArray(sigma) * v.Transpose();
var target = w0 + update;

// What the data says, not what we built it from: the SVD of T - W0.
var singularValues = (target - w0).Svd(computeVectors: false).S.ToArray();
Console.WriteLine($"L(B, A) = {LossText}    W0, T {Rows}x{Columns}; B {Rows}xr, A rx{Columns}");
Console.WriteLine($"singular values of T - W0: {string.Join(", ", singularValues.Take(8).Select(s => s.ToString("0.####", CultureInfo.InvariantCulture)))}, ...");

var curves = new List<(int Rank, double[] Loss, double Bound)>();
var worstOverall = 0.0;
var header = $"Adam (lr 0.01, torch.optim defaults otherwise), {Steps} steps from B = 0, A ~ N(0, 1/r) (LoRA's start)";
foreach (var r in ranks)
{
    var shapes = new Dictionary<string, Shape>
    {
        ["W0"] = Shape.Matrix(Rows, Columns), ["B"] = Shape.Matrix(Rows, r), ["A"] = Shape.Matrix(r, Columns), ["T"] = Shape.Matrix(Rows, Columns),
    };
    var parsed = MatrixFunction.Parse(LossText, shapes);
    if (!parsed.Success) throw new InvalidOperationException(parsed.Render());
    var f = parsed.Value!;
    if (r == ranks[0])
    {
        Console.WriteLine();
        Console.WriteLine("SymDiff's gradients (the same text for every rank and size):");
        Console.WriteLine($"  dL/dB = {f.Gradient("B")}");
        Console.WriteLine($"  dL/dA = {f.Gradient("A")}");
        Console.WriteLine();
        Console.WriteLine(header);
        Console.WriteLine("rank  loss reached  Eckart–Young bound  reached/bound  |∇L| at the end  steps/s");
    }

    var data = new Dictionary<string, TensorValue> { ["W0"] = Value(w0), ["T"] = Value(target) };
    var objective = Objective.Matrix(f, ["B", "A"], data);
    var start = new double[objective.Layout.Size];
    var (aOffset, aLength) = objective.Layout.Slice("A");
    for (var i = 0; i < aLength; i++) start[aOffset + i] = Normal(random) / Math.Sqrt(r);

    // The symbolic gradients at the start, against PyTorch's autograd on the same tensors.
    var worst = WorstDifferenceFromAutograd(f, objective, start, data);
    worstOverall = Math.Max(worstOverall, worst);

    var watch = System.Diagnostics.Stopwatch.StartNew();
    var run = Optimizer.Run(OptimizerMethod.Adam.Defaults.With("lr", 0.01), objective, start, Steps);
    var stepsPerSecond = Steps / watch.Elapsed.TotalSeconds;
    var bound = singularValues.Skip(r).Sum(s => s * s);
    var reached = run.Final.Value;
    curves.Add((r, [.. run.Steps.Select(s => s.Value)], bound));
    Console.WriteLine(FormattableString.Invariant($"{r,4}  {reached,-12:0.000000}  {bound,-18:0.000000}  {reached / bound,-13:0.0000}  {run.Final.GradientNorm,-15:0.0e+0}  {stepsPerSecond:0}"));
}

// The truncated SVD itself reaches the bound: W0 + U_r S_r V_r^T is the best rank-r update.
var svd = (target - w0).Svd();
Console.WriteLine();
foreach (var r in ranks)
{
    var best = svd.U.SubMatrix(0, Rows, 0, r) * Matrix<double>.Build.DiagonalOfDiagonalVector(svd.S.SubVector(0, r)) * svd.VT.SubMatrix(0, r, 0, Columns);
    var left = (w0 + best - target).FrobeniusNorm();
    Console.WriteLine(FormattableString.Invariant($"truncated SVD, rank {r}: L = {left * left:0.000000}"));
}

Directory.CreateDirectory(plotsFolder);
SaveLossPlot(Path.Combine(plotsFolder, "lora-loss.png"), curves);
SaveSingularValuesPlot(Path.Combine(plotsFolder, "lora-singular-values.png"), singularValues, ranks);
Console.WriteLine();
Console.WriteLine($"wrote {Path.Combine(plotsFolder, "lora-loss.png")} and {Path.Combine(plotsFolder, "lora-singular-values.png")}");
var agree = worstOverall < 1e-9;
Console.WriteLine(FormattableString.Invariant(
    $"autograd (TorchSharp, float64) at each start: largest relative difference {worstOverall:0.0e+0}: {(agree ? "agree" : "DISAGREE")}"));
return agree ? 0 : 1;

// |symbolic - autograd| / max(1, |autograd|) over every entry of dL/dB and dL/dA.
static double WorstDifferenceFromAutograd(MatrixFunction f, Objective objective, double[] start, Dictionary<string, TensorValue> data)
{
    var values = new Dictionary<string, TensorValue>(data);
    foreach (var (name, value) in objective.Layout.Values(start)) values[name] = value;
    var symbolic = f.CompileGradients("B", "A")(values).Gradients;
    var autograd = new TorchTensorOracle("cpu").Derivatives(f.Written, values, ["B", "A"]);
    return symbolic.Max(p => p.Value.Data.Zip(autograd[p.Key].Data, (x, y) => Math.Abs(x - y) / Math.Max(1, Math.Abs(y))).Max());
}

static void SaveLossPlot(string path, List<(int Rank, double[] Loss, double Bound)> curves)
{
    var plot = new Plot();
    var palette = new ScottPlot.Palettes.Category10();
    for (var i = 0; i < curves.Count; i++)
    {
        var (rank, loss, bound) = curves[i];
        var color = palette.GetColor(i);
        var line = plot.Add.Scatter(Enumerable.Range(0, loss.Length).Select(k => (double)k).ToArray(), loss.Select(Math.Log10).ToArray());
        line.Color = color;
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = $"rank {rank}";
        var floor = plot.Add.HorizontalLine(Math.Log10(bound));
        floor.Color = color;
        floor.LinePattern = LinePattern.Dashed;
        floor.LineWidth = 1.5f;
    }
    plot.Title("LoRA: loss of B@A (Adam) and the Eckart–Young bound (dashed)");
    plot.XLabel("step");
    plot.YLabel("‖W0 + B@A − T‖² (log scale)");
    // A log axis: the curves are log10 of the loss, ticks at whole decades labelled with the loss itself.
    plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
    {
        LabelFormatter = y => Math.Pow(10, y).ToString("0.####", CultureInfo.InvariantCulture),
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
    };
    plot.ShowLegend(Alignment.UpperRight);
    plot.SavePng(path, 900, 560);
}

static void SaveSingularValuesPlot(string path, double[] singularValues, int[] ranks)
{
    var plot = new Plot();
    var bars = plot.Add.Bars(singularValues.Select((s, i) => new Bar { Position = i + 1, Value = s, FillColor = Colors.SteelBlue }).ToArray());
    foreach (var r in ranks)
    {
        var line = plot.Add.VerticalLine(r + 0.5);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.DarkRed;
        var label = plot.Add.Text($"r = {r}", r + 0.6, singularValues[0] * 0.97);
        label.LabelFontColor = Colors.DarkRed;
        label.LabelFontSize = 13;
        label.LabelAlignment = Alignment.UpperLeft;
    }
    plot.Axes.SetLimitsX(0.3, singularValues.Length + 0.7);
    plot.Title("Singular values of the needed update T − W0: rank r keeps those left of its line");
    plot.XLabel("index i");
    plot.YLabel("σᵢ");
    plot.Axes.Margins(bottom: 0);
    plot.SavePng(path, 900, 500);
}

static Matrix<double> Gaussian(Random random, int rows, int columns, double scale) =>
    Matrix<double>.Build.Dense(rows, columns, (_, _) => Normal(random) * scale);

static double Normal(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

static TensorValue Value(Matrix<double> m) =>
    new(Shape.Matrix(m.RowCount, m.ColumnCount), [.. Enumerable.Range(0, m.RowCount).SelectMany(i => Enumerable.Range(0, m.ColumnCount).Select(j => m[i, j]))]);

static string RepositoryRoot()
{
    var folder = AppContext.BaseDirectory;
    while (folder is not null && !File.Exists(Path.Combine(folder, "SymDiff.sln"))) folder = Path.GetDirectoryName(folder);
    return folder ?? Directory.GetCurrentDirectory();
}
