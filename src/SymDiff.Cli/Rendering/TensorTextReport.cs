using SymDiff.Checking;
using SymDiff.Numbers;
using SymDiff.Checking.Tensors;
using SymDiff.Tensors;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The text report of a vector/matrix check: the function as written with its shapes, each derivative in matrix
/// notation, the point (seeded values marked), each derivative's values from every oracle (small tensors whole,
/// large ones summarised), the verdict, notes and claims.
/// </summary>
internal static class TensorTextReport
{
    /// <summary>Tensors up to this many entries print whole; larger ones as a summary.</summary>
    public const int WholeUpTo = 24;

    /// <summary>
    /// The report of one or more points (all of the same shapes): the function and its derivatives' notation once,
    /// then each point's values and verdict, then the claims (judged once).
    /// </summary>
    public static void Write(TextWriter w, IReadOnlyList<TensorCheckResult> points, IReadOnlyList<string> variables, IReadOnlyList<TensorClaimResult> claims, Tolerance tolerance)
    {
        var r = points[0];
        w.WriteLine($"f({string.Join(", ", variables)}) = {r.Input}");
        w.WriteLine($"shapes: {string.Join(", ", variables.Select(v => $"{v} {r.Point.Shapes[v]}"))}; f is {r.FunctionShape.Describe()}");
        w.WriteLine();
        foreach (var d in r.Derivatives)
            w.WriteLine(d.Notation is null ? $"{Label(d)}: {d.NoNotation} (computed numerically)" : $"{Label(d)} = {d.Notation}");
        WriteBackprop(w, r, variables);
        foreach (var point in points) WritePoint(w, point, variables, tolerance);
        foreach (var c in claims)
        {
            w.WriteLine();
            w.WriteLine($"claim d/d{c.Claim.Variable}: {c.Claim.Text}");
            if (c.Correct && c.Compared == TensorClaims.RandomPoints + 1)
                w.WriteLine($"CORRECT  equals d/d{c.Claim.Variable} at {(points.Count > 1 ? "the first point" : "the point")} and at {TensorClaims.RandomPoints} random points");
            // Points where f or the derivative has no value decide nothing (logdet at a random X with det < 0).
            else if (c.Correct)
                w.WriteLine($"CORRECT  equals d/d{c.Claim.Variable} at {c.Compared} of the {TensorClaims.RandomPoints + 1} points tried (the point and {TensorClaims.RandomPoints} random ones); at the others there is no value to compare");
            else if (c.Unknown) w.WriteLine($"UNKNOWN  {c.Counterexample}");
            else
            {
                w.WriteLine($"INCORRECT  {c.Counterexample}");
                if (c.Hint is not null) w.WriteLine($"hint: {c.Hint}");
            }
        }
    }

    // One point: its values (seeded ones marked), each derivative's values from every oracle, the verdict and notes.
    private static void WritePoint(TextWriter w, TensorCheckResult r, IReadOnlyList<string> variables, Tolerance tolerance)
    {
        w.WriteLine();
        var seeded = r.Point.Seeded.Where(variables.Contains).ToList();
        w.WriteLine($"at {string.Join(", ", variables.Select(v => $"{v} = {Show(r.Point.Values[v])}"))}");
        if (seeded.Count > 0) w.WriteLine($"   ({string.Join(", ", seeded)} drawn at random, seed {r.Point.Seed}; --seed changes them, --at sets them)");
        w.WriteLine($"f = {Show(r.Value)}");
        foreach (var d in r.Derivatives.Where(d => d.Numeric is not null))
        {
            w.WriteLine();
            // A Jacobian nests as f.shape + variable.shape, as in the JSON, so that the worst entry's index reads off it;
            // a second derivative is a matrix: rows the first variable's entries, columns the second's.
            int[] dims = r.Order == 2 ? (d.Numeric ?? d.Symbolic)!.Shape.Dimensions
                : d.IsJacobian ? [.. r.FunctionShape.Dimensions, .. r.Point.Shapes[d.Variable].Dimensions] : r.Point.Shapes[d.Variable].Dimensions;
            w.WriteLine($"{Label(d)}  ({Describe(r, d, dims)})");
            var autogradLabel = $"autograd ({r.Device}, float64)";
            var width = Math.Max("finite difference".Length, autogradLabel.Length) + 2;
            if (d.Symbolic is { } s) w.WriteLine($"  {"symbolic".PadRight(width)}{Show(s, dims)}");
            w.WriteLine(d.Autograd is { } a ? $"  {autogradLabel.PadRight(width)}{Show(a, dims)}" : $"  {"autograd".PadRight(width)}-");
            w.WriteLine($"  {"finite difference".PadRight(width)}{(d.Numeric is { } n ? Show(n, dims) : "-")}");
            if (d.Numeric is not null)
                w.WriteLine(d.MaxRelDiff > 0 || double.IsNaN(d.MaxRelDiff) || d.MaxAbsDiff == 0
                    ? $"  max |diff| {Short(d.MaxAbsDiff)}, max rel. diff {Short(d.MaxRelDiff)}{(d.MaxRelDiff > 0 ? $" at {d.WorstIndex}" : "")}"
                    // Differences within atol are no relative difference (0 against rounding noise would read 1).
                    : $"  max |diff| {Short(d.MaxAbsDiff)} at {d.WorstIndex}, max rel. diff 0 (every difference within atol)");
        }
        w.WriteLine();
        var autograd = r.Derivatives.Any(d => d.Autograd is not null);
        w.WriteLine(r.Status switch
        {
            CaseStatus.Pass when autograd => $"PASS  symbolic and autograd agree entry by entry (rtol {tolerance.Relative:g}, atol {tolerance.Absolute:g})",
            CaseStatus.Pass => "PASS  symbolic values agree with finite differences entry by entry (autograd not run)",
            CaseStatus.Fail => "FAIL  the derivative disagrees with autograd and finite differences (see the values above)",
            CaseStatus.Undefined => "UNDEFINED  no value to check here: see the notes",
            _ => "ERROR",
        });
        foreach (var note in r.Notes) w.WriteLine($"note: {note}");
        if (r.Stats is { } st)
            w.WriteLine($"stats: parse {StatsText.Duration(st.ParseUs)}, bind and canonicalize {StatsText.Duration(st.SimplifyUs)}, " +
                        $"differentiate {StatsText.Duration(st.DifferentiateUs)}, evaluate (notation and finite differences) " +
                        $"{StatsText.Duration(st.EvaluateUs)}, autograd {(st.AutogradUs > 0 ? StatsText.Duration(st.AutogradUs) : "off")}; " +
                        $"derivative nodes {st.NodesAfterSimplify} (built canonical)");
    }

    // d/dW; for a second derivative (key "x,y") d2/dx2 or d2/dxdy, as the scalar reports label them.
    private static string Label(TensorDerivative d) => d.Variable.Split(',') switch
    {
        [var v, var w] when v == w => $"d2/d{v}2",
        [var v, var w] => $"d2/d{v}d{w}",
        _ => $"d/d{d.Variable}",
    };

    private static string Describe(TensorCheckResult r, TensorDerivative d, int[] dims) =>
        r.Order == 2 ? $"second derivative, {string.Join("x", dims)}: rows {d.Variable.Split(',')[0]}, columns {d.Variable.Split(',')[1]}"
        : d.IsJacobian ? $"Jacobian, {string.Join("x", dims)}: f {r.FunctionShape} by {d.Variable} {r.Point.Shapes[d.Variable]}"
        : r.Point.Shapes[d.Variable].ToString();

    // Differences in a form people read: 0, 1.7e-14, 0.25.
    public static string Short(double v) => NumberText.Difference(v);

    // The same derivatives with the forward pass named once, when that is much shorter (a network's backprop).
    private static void WriteBackprop(TextWriter w, TensorCheckResult r, IReadOnlyList<string> variables)
    {
        var with = r.Derivatives.Where(d => d.Expression is not null).ToList();
        if (with.Count == 0 || with.All(d => d.Notation!.Length <= 50)) return;
        var shared = SharedForm.Of([.. with.Select(d => d.Expression!)], variables.ToHashSet(StringComparer.Ordinal));
        var before = with.Sum(d => d.Notation!.Length);
        var after = shared.Definitions.Sum(d => d.Definition.Length) + shared.Derivatives.Sum(d => d.Length);
        if (shared.Definitions.IsEmpty || after > before * 2 / 3) return;
        w.WriteLine();
        w.WriteLine("as backprop equations (each shared part computed once):");
        foreach (var (name, definition) in shared.Definitions) w.WriteLine($"  {name} = {definition}");
        for (var i = 0; i < with.Count; i++) w.WriteLine($"  {Label(with[i])} = {shared.Derivatives[i]}");
    }

    // Values nested as dims (a Jacobian of a matrix function or by a matrix); otherwise in the value's own shape.
    public static string Show(TensorValue v, int[] dims)
    {
        if (dims.SequenceEqual(v.Shape.Dimensions) || v.Shape.Size > WholeUpTo) return Show(v);
        var sb = new System.Text.StringBuilder();
        var index = 0;
        Nest(sb, v.Data, dims, 0, ref index);
        return sb.ToString();
    }

    private static void Nest(System.Text.StringBuilder sb, double[] data, int[] dims, int level, ref int index)
    {
        if (level == dims.Length)
        {
            sb.Append(Number(data[index++]));
            return;
        }
        sb.Append('[');
        for (var i = 0; i < dims[level]; i++)
        {
            if (i > 0) sb.Append(", ");
            Nest(sb, data, dims, level + 1, ref index);
        }
        sb.Append(']');
    }

    /// <summary>Small tensors whole; large ones as their shape, first entries and range.</summary>
    public static string Show(TensorValue v)
    {
        if (v.Shape.Size <= WholeUpTo) return v.Format(Number);
        var finite = v.Data.Where(double.IsFinite).ToArray();
        var first = string.Join(", ", v.Data.Take(4).Select(Number));
        return finite.Length == 0
            ? $"{v.Shape.Describe()}, no finite entries"
            : $"{v.Shape.Describe()}: {first}, ... (min {Number(finite.Min())}, max {Number(finite.Max())}, norm {Number(Math.Sqrt(finite.Sum(x => x * x)))})";
    }

    /// <summary>An entry, shortest round-trip, with Python's exponent (2.2667053419430278e-14, not .NET's E-14).</summary>
    public static string Number(double v) => PointAnalysis.ShowPython(v);
}
