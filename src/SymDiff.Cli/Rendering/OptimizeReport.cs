using System.Globalization;
using System.Text;
using System.Text.Json;
using SymDiff.Checking;
using SymDiff.Numbers;
using SymDiff.Optimization;
using SymDiff.Tensors;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The report of <c>symdiff optimize</c> in its three forms: text (a header with the method, its hyper-parameters
/// and update rule, a table of every k-th step, the final point, why it stopped, the check), JSON (the same, tensors
/// as nested arrays) and CSV (one row per shown step, one column per parameter entry, named as PyTorch indexes it).
/// </summary>
/// <example><code>new OptimizeReport(input, objective, run, every: 100, tolerance: null, seeded: [], seed: 0, check: null, device: null).WriteText(Console.Out);</code></example>
internal sealed class OptimizeReport(string input, Objective objective, Trajectory run, int every, double? tolerance,
    IReadOnlyList<string> seeded, int seed, TrajectoryComparison? check, string? device)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Every k-th recorded step, and always the last.</summary>
    private IEnumerable<TrajectoryStep> Shown => run.Steps.Where(s => s.Step % every == 0 || ReferenceEquals(s, run.Final));

    private ParameterLayout Layout => objective.Layout;

    private string StopText => run.Stopped switch
    {
        StopReason.StepsDone => "steps done",
        StopReason.GradientBelowTolerance => "gradient below tolerance",
        _ => "not finite",
    };

    public void WriteText(TextWriter w)
    {
        var names = Layout.Names.Concat(objective.Data.Keys.Order(StringComparer.Ordinal)).ToList();
        w.WriteLine($"f({string.Join(", ", names)}) = {input.Trim()}");
        var method = run.Settings.Method;
        w.WriteLine($"method: {method.Name} ({method.TorchName}): {run.Settings}");
        w.WriteLine($"update: {method.Rule}");
        foreach (var line in GradientLines()) w.WriteLine(line);
        if (!objective.Data.IsEmpty)
            w.WriteLine($"fixed: {string.Join(", ", objective.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} = {TensorTextReport.Show(kv.Value)}"))}");
        w.WriteLine($"from: {Point(run.Steps[0])}");
        if (seeded.Count > 0) w.WriteLine($"drawn at random, seed {seed}: {string.Join(", ", seeded)}");
        w.WriteLine();

        string[] header = ["step", "f", "|∇f|", .. Layout.Names];
        var rows = Shown.Select(s => (string[])[s.Step.ToString(Invariant), Show(s.Value), Short(s.GradientNorm),
            .. Layout.Names.Select((_, i) => TensorTextReport.Show(Layout.ValueOf(i, s.Parameters)))]).ToList();
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        w.WriteLine(Row(header, widths));
        foreach (var r in rows) w.WriteLine(Row(r, widths));
        w.WriteLine();

        w.WriteLine($"final (step {run.Final.Step}): f = {Show(run.Final.Value)}, |∇f| = {Short(run.Final.GradientNorm)}");
        for (var i = 0; i < Layout.Names.Length; i++)
            w.WriteLine($"  {Layout.Names[i]} = {TensorTextReport.Show(Layout.ValueOf(i, run.Final.Parameters))}");
        w.WriteLine($"stopped: {run.Describe(tolerance)}");

        if (check is { } c)
        {
            w.WriteLine();
            w.WriteLine($"check: {method.TorchName} in TorchSharp ({device}, float64), autograd gradients of the function as written");
            w.WriteLine($"largest deviation over {c.StepsCompared} steps: parameters {Short(c.MaxAbsoluteParameters)} absolute, {Short(c.MaxRelativeParameters)} relative; " +
                        $"f {Short(c.MaxAbsoluteValue)} absolute, {Short(c.MaxRelativeValue)} relative");
            w.WriteLine(c.Describe());
        }
    }

    public void WriteJson(TextWriter w)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("function", input.Trim());
            json.WriteString("method", run.Settings.Method.Name);
            json.WriteString("torch", run.Settings.Method.TorchName);
            json.WriteString("rule", run.Settings.Method.Rule);
            json.WriteStartObject("hyperparameters");
            foreach (var h in run.Settings.Method.Hyperparameters) Number(json, h.Name, run.Settings[h.Name]);
            json.WriteEndObject();
            json.WriteStartObject("shapes");
            for (var i = 0; i < Layout.Names.Length; i++)
            {
                json.WriteStartArray(Layout.Names[i]);
                foreach (var d in Layout.Shapes[i].Dimensions) json.WriteNumberValue(d);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteStartObject("fixed");
            foreach (var (name, value) in objective.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(name);
                Tensor(json, value);
            }
            json.WriteEndObject();
            json.WriteStartArray("seeded");
            foreach (var v in seeded) json.WriteStringValue(v);
            json.WriteEndArray();
            json.WriteNumber("seed", seed);
            json.WriteStartArray("steps");
            foreach (var s in Shown) Step(json, s);
            json.WriteEndArray();
            json.WritePropertyName("final");
            Step(json, run.Final);
            json.WriteString("stopped", StopText);
            json.WriteString("reason", run.Describe(tolerance));
            if (tolerance is { } tol) json.WriteNumber("tolerance", tol); else json.WriteNull("tolerance");
            if (check is { } c)
            {
                json.WriteStartObject("check");
                json.WriteString("torch", run.Settings.Method.TorchName);
                json.WriteString("device", device);
                json.WriteString("dtype", "float64");
                json.WriteString("verdict", c.Verdict switch { TrajectoryVerdict.Pass => "pass", TrajectoryVerdict.RoundingAmplified => "rounding-amplified", _ => "fail" });
                json.WriteNumber("stepsCompared", c.StepsCompared);
                Number(json, "maxAbsoluteParameters", c.MaxAbsoluteParameters);
                Number(json, "maxRelativeParameters", c.MaxRelativeParameters);
                Number(json, "maxAbsoluteValue", c.MaxAbsoluteValue);
                Number(json, "maxRelativeValue", c.MaxRelativeValue);
                Number(json, "earlyRelative", c.EarlyRelative);
                if (c.PartStep is { } part) json.WriteNumber("partStep", part); else json.WriteNull("partStep");
                json.WriteString("partAt", c.PartWhere);
                Number(json, "rtol", c.RelativeTolerance);
                Number(json, "atol", c.AbsoluteTolerance);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("check");
            }
            json.WriteEndObject();
        }
        w.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public void WriteCsv(TextWriter w)
    {
        var columns = new[] { "step", "f", "grad_norm" }.Concat(Enumerable.Range(0, Layout.Size).Select(Layout.EntryName));
        w.WriteLine(string.Join(',', columns.Select(Quote)));
        foreach (var s in Shown)
            w.WriteLine(string.Join(',', new[] { s.Step.ToString(Invariant), Csv(s.Value), Csv(s.GradientNorm) }.Concat(s.Parameters.Select(Csv))));
    }

    // One line per gradient, in the notation SymDiff differentiated (long ones clipped: the table is the point here).
    private IEnumerable<string> GradientLines()
    {
        for (var i = 0; i < Layout.Names.Length; i++)
        {
            var name = Layout.Names[i];
            var text = objective.TensorGradient is { } tensors
                ? tensors.TryGetValue(name, out var g) ? TensorFormatter.Format(g) : "0"
                : objective.ScalarGradient[i].ToString();
            if (text.Length > 160) text = text[..157] + "...";
            yield return objective.TensorGradient is null ? $"df/d{name} = {text}" : $"d/d{name} = {text}";
        }
    }

    private string Point(TrajectoryStep s) =>
        string.Join(", ", Layout.Names.Select((n, i) => $"{n} = {TensorTextReport.Show(Layout.ValueOf(i, s.Parameters))}"));

    private void Step(Utf8JsonWriter json, TrajectoryStep s)
    {
        json.WriteStartObject();
        json.WriteNumber("step", s.Step);
        Number(json, "f", s.Value);
        Number(json, "gradNorm", s.GradientNorm);
        json.WriteStartObject("point");
        for (var i = 0; i < Layout.Names.Length; i++)
        {
            json.WritePropertyName(Layout.Names[i]);
            Tensor(json, Layout.ValueOf(i, s.Parameters));
        }
        json.WriteEndObject();
        json.WriteStartObject("gradient");
        for (var i = 0; i < Layout.Names.Length; i++)
        {
            json.WritePropertyName(Layout.Names[i]);
            Tensor(json, Layout.ValueOf(i, s.Gradient));
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Tensor(Utf8JsonWriter json, TensorValue v) => TensorJsonReport.WriteTensor(json, v, v.Shape);

    private static void Number(Utf8JsonWriter json, string name, double v) => TensorJsonReport.WriteNumber(json, name, v);

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Show(double v) => PointAnalysis.Show(v);

    // Deviations and norms in a form people read: 0, 1.7e-14, 0.25.
    private static string Short(double v) => NumberText.Difference(v);

    // Every digit, as Python's float() and NumPy read them back (Infinity unsigned: "+Infinity" is not NumPy's).
    private static string Csv(double v) => double.IsPositiveInfinity(v) ? "Infinity" : NumberText.Value(v);

    private static string Quote(string cell) => cell.Contains(',') || cell.Contains('"') ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}
