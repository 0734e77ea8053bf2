using System.Collections.Immutable;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Checking.Tensors;

/// <summary>One derivative of a vector/matrix check: its matrix notation and its values from each oracle.</summary>
/// <param name="Variable">What it differentiates by.</param>
/// <param name="IsJacobian">True for a vector/matrix function: values are the Jacobian, f.Size rows by variable.Size columns.</param>
/// <param name="Notation">The derivative in matrix notation; null where there is none.</param>
/// <param name="NoNotation">Why there is no matrix notation (null where there is).</param>
/// <param name="Symbolic">The notation's value at the point; null without notation.</param>
/// <param name="Autograd">PyTorch's autograd on the function as written; null when autograd did not run.</param>
/// <param name="Numeric">Finite differences of the function as written; null where it has no value.</param>
/// <param name="MaxAbsDiff">Largest |difference| between the compared values (symbolic or numeric against autograd or numeric).</param>
/// <param name="MaxRelDiff">Largest relative difference.</param>
/// <param name="WorstIndex">Where the largest relative difference is, as PyTorch indexes it: <c>[1, 0]</c> in a gradient, and in a
/// Jacobian the index into f.shape + variable.shape (<c>[2, 1, 0]</c> for a vector f and a matrix variable), as the JSON nests it.</param>
public sealed record TensorDerivative(string Variable, bool IsJacobian, string? Notation, string? NoNotation,
    TensorValue? Symbolic, TensorValue? Autograd, TensorValue? Numeric, double MaxAbsDiff, double MaxRelDiff, string WorstIndex)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The canonical expression behind <see cref="Notation"/> (for compiling or claims).</summary>
    public TensorExpr? Expression { get; init; }
}

/// <summary>The outcome of <see cref="TensorCheck.Run"/>.</summary>
public sealed record TensorCheckResult(string Input, TensorPoint Point, Shape FunctionShape, TensorValue Value,
    ImmutableArray<TensorDerivative> Derivatives, CaseStatus Status, ImmutableArray<string> Notes, string? Device)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The canonical form the derivatives were taken of (for reports); null when not recorded.</summary>
    public TensorExpr? Canonical { get; init; }

    /// <summary>
    /// Time in each stage, in microseconds (parse and canonical binding are the caller's, added with <c>with</c>):
    /// differentiate, evaluate (the notation's values and finite differences), autograd. The derivatives are built
    /// canonical, so there is no separate simplification pass: both node counts are the derivatives'.
    /// </summary>
    public CaseStats? Stats { get; init; }

    /// <summary>1 for gradients and Jacobians; 2 for second derivatives (each derivative's key is then "x,y").</summary>
    public int Order { get; init; } = 1;

    /// <summary>The derivative expressions share one forward pass; this prints them as a textbook's backprop equations.</summary>
    public string Verdict => Status switch
    {
        CaseStatus.Pass => "PASS",
        CaseStatus.Fail => "FAIL",
        CaseStatus.Undefined => "UNDEFINED",
        _ => "ERROR",
    };
}

/// <summary>
/// Checks the derivatives of a vector/matrix function: the gradient (scalar function) or the Jacobian (vector
/// function) with respect to each variable, in matrix notation from the canonical form; compared entry by entry
/// with PyTorch's autograd and with finite differences, both on the function as written. As for scalars, a
/// disagreement is a FAIL only when the independent oracles agree with each other and not with the notation.
/// </summary>
public static class TensorCheck
{
    /// <summary>Binds <paramref name="parsed"/> at <paramref name="point"/>; the shape errors are diagnostics.</summary>
    public static (TensorExpr? Written, TensorExpr? Canonical, TensorFactory Factory, ImmutableArray<Diagnostic> Errors) Bind(
        ParseResult parsed, TensorPoint point)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(point);
        var factory = new TensorFactory();
        if (parsed.Syntax is null) return (null, null, factory, parsed.Diagnostics);
        var written = TensorBinder.Bind(parsed.Syntax, parsed.Text, point.Shapes, new TensorFactory(simplifying: false));
        if (!written.Success) return (null, null, factory, written.Diagnostics);
        var canonical = TensorBinder.Bind(parsed.Syntax, parsed.Text, point.Shapes, factory);
        return (written.Value, canonical.Value, factory, canonical.Diagnostics);
    }

    public static TensorCheckResult Run(string input, TensorExpr written, TensorExpr canonical, TensorFactory factory, TensorPoint point,
        IReadOnlyList<string> wrt, Tolerance tolerance, ITensorAutogradOracle? oracle)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(point);
        var notes = ImmutableArray.CreateBuilder<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var symbolic = Symbolic(factory, canonical, point, wrt);
        var differentiateUs = clock.Elapsed.TotalMicroseconds;
        var (evaluateUs, autogradUs) = (0.0, 0.0);
        foreach (var v in wrt.Where(v => !written.DependsOn(v)))
            notes.Add($"{v} does not appear in the function: d/d{v} is 0");
        var facts = TensorPointNotes.Of(written, point.Values);
        var value = facts.Value;
        if (facts.Undefined is { } why)
        {
            // No value, no derivative: print the notation, check nothing (the function as written decides).
            notes.Add(facts.Overflow ? $"the function as written overflows float64 here: {why}" : $"the function as written has no value here: {why}");
            // logdet(X) at a random X with det < 0: another draw may have a value.
            if (!point.Seeded.IsEmpty)
                notes.Add($"{string.Join(", ", point.Seeded.Where(written.DependsOn))} {(point.Seeded.Count(written.DependsOn) > 1 ? "were" : "was")} drawn at random (seed {point.Seed}): " +
                    "another --seed, or values of your own (--at, or a point in check), may give a point where f has a value");
            var listed = wrt.Select(v => new TensorDerivative(v, !written.Shape.IsScalar, symbolic[v].Expression is { } e ? TensorFormatter.Format(e) : null,
                symbolic[v].Why, null, null, null, double.NaN, double.NaN, "") { Expression = symbolic[v].Expression });
            return new TensorCheckResult(input, point, written.Shape, value, [.. listed], CaseStatus.Undefined, notes.ToImmutable(), oracle?.Device)
            {
                Canonical = canonical,
            };
        }
        notes.AddRange(facts.Kinks);
        notes.AddRange(facts.Approximations);

        ImmutableDictionary<string, TensorValue>? autograd = null;
        try
        {
            clock.Restart();
            autograd = oracle?.Derivatives(written, point.Values, wrt);
            autogradUs = clock.Elapsed.TotalMicroseconds;
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException)
        {
            // libtorch refuses some inputs outright (the inverse of a singular matrix): say so, check without it.
            notes.Add($"autograd could not run here: {e.Message.Split('\n')[0]}");
        }
        var derivatives = ImmutableArray.CreateBuilder<TensorDerivative>();
        var status = CaseStatus.Pass;
        foreach (var v in wrt)
        {
            var (expression, noNotation) = symbolic[v];
            clock.Restart();
            var numeric = written.Shape.IsScalar ? TensorFiniteDifferences.Gradient(written, point.Values, v).Value : Flattened(written, point.Values, v);
            var sym = expression is null ? null : Reshape(TensorInterpreter.Evaluate(expression, point.Values), written.Shape, point.Shapes[v]);
            evaluateUs += clock.Elapsed.TotalMicroseconds;
            var auto = autograd?[v];
            var reference = auto ?? numeric;
            var compared = sym ?? numeric;
            var (abs, rel, worst) = Compare(compared, reference, written.Shape.IsScalar ? point.Shapes[v].Dimensions : [.. written.Shape.Dimensions, .. point.Shapes[v].Dimensions],
                (auto is null || sym is null ? Tolerance.FiniteDifference : tolerance).Absolute);
            // Finite differences carry their own error: where they stand in for the notation, compare with their tolerance.
            if (!Agrees(compared, reference, auto is null || sym is null ? Tolerance.FiniteDifference : tolerance))
                status = Worse(status, Disagreement(v, sym, auto, numeric, worst, facts, notes, written, point, expression));
            if (noNotation is not null) notes.Add($"d/d{v}: {noNotation}; checked numerically only");
            derivatives.Add(new TensorDerivative(v, !written.Shape.IsScalar, expression is null ? null : TensorFormatter.Format(expression), noNotation,
                sym, auto, numeric, abs, rel, worst) { Expression = expression });
        }
        if (status == CaseStatus.Pass && derivatives.Any(d => HasNaN(d.Symbolic) || HasNaN(d.Autograd)))
        {
            status = CaseStatus.Undefined;
            notes.Add("a derivative is NaN or infinite at this point (outside the domain of a derivative, or a kink)");
        }
        var nodes = derivatives.Sum(d => d.Expression?.TreeSize ?? 0);
        return new TensorCheckResult(input, point, written.Shape, value, derivatives.ToImmutable(), status, notes.ToImmutable(), oracle?.Device)
        {
            Canonical = canonical,
            Stats = new CaseStats(0, differentiateUs, 0, 0, evaluateUs, autogradUs, nodes, nodes),
        };
    }

    // Who is right when the notation and the reference differ? Finite differences of the written form side with one
    // of them; a documented PyTorch approximation or a kink explains autograd; otherwise it is inconclusive.
    private static CaseStatus Disagreement(string v, TensorValue? sym, TensorValue? auto, TensorValue numeric, string worst,
        TensorPointNotes facts, ImmutableArray<string>.Builder notes, TensorExpr written, TensorPoint point, TensorExpr? expression)
    {
        if (sym is not null && sym.Data.Any(d => !double.IsFinite(d)))
        {
            var dims = written.Shape.IsScalar ? point.Shapes[v].Dimensions : [.. written.Shape.Dimensions, .. point.Shapes[v].Dimensions];
            var where = NonFinite(sym, dims);
            // f is defined here and its one-sided differences agree: the derivative exists, only the printed form has no
            // value (det(X)*inv(X).T at a singular X, where it equals adj(X).T). Not a kink, and autograd is no convention.
            if (facts.Kinks.IsEmpty && numeric.Data.All(double.IsFinite) && DifferentiableAt(written, point, v, numeric))
            {
                var printed = expression is null ? "the printed form" : TensorFormatter.Format(expression);
                var removable = expression is not null && printed.Contains("det(", StringComparison.Ordinal) && printed.Contains("inv(", StringComparison.Ordinal)
                    ? $" (a removable problem of the formula: det(X)*inv(X).T = adj(X).T, the adjugate transposed, which is defined for every X)"
                    : " (a removable problem of the formula, not of f)";
                notes.Add($"d/d{v}: {printed} is NaN or infinite in {where}, although f is differentiable here (finite differences from each side agree){removable}; " +
                    $"finite differences give {Short(numeric)}");
                if (auto is not null && !Agrees(auto, numeric, Tolerance.FiniteDifference))
                    notes.Add($"d/d{v}: autograd gives {Short(auto)}, which is wrong here: finite differences, from each side, give {Short(numeric)}");
                return CaseStatus.Undefined;
            }
            // 0/0 or an infinite slope in the notation (norm at 0, sqrt at 0): no derivative to check, not a wrong one.
            notes.Add($"d/d{v}: the notation is NaN or infinite in {where} (a kink or the end of a domain); autograd's value there is a convention");
            return CaseStatus.Undefined;
        }
        var symbolicRight = sym is not null && Agrees(sym, numeric, Tolerance.FiniteDifference);
        var autogradRight = auto is not null && Agrees(auto, numeric, Tolerance.FiniteDifference);
        if (sym is not null && auto is not null && !facts.Approximations.IsEmpty && symbolicRight)
        {
            notes.Add($"d/d{v}: autograd follows PyTorch's approximation above (entry {worst}); the notation and finite differences agree");
            return CaseStatus.Pass;
        }
        if (!facts.Kinks.IsEmpty)
        {
            notes.Add($"d/d{v}: the values differ at {worst}, on a kink, where each side uses its own convention");
            return CaseStatus.Undefined;
        }
        if (sym is null || (autogradRight && !symbolicRight)) return CaseStatus.Fail;
        if (symbolicRight)
        {
            notes.Add($"d/d{v}: autograd differs from the notation at {worst}; finite differences of the function as written agree with the notation");
            return CaseStatus.Pass;
        }
        notes.Add($"d/d{v}: the notation, autograd and finite differences disagree at {worst}: inconclusive");
        return CaseStatus.Undefined;
    }

    private static CaseStatus Worse(CaseStatus a, CaseStatus b) =>
        a == CaseStatus.Fail || b == CaseStatus.Fail ? CaseStatus.Fail : a == CaseStatus.Undefined || b == CaseStatus.Undefined ? CaseStatus.Undefined : CaseStatus.Pass;

    /// <summary>The derivatives in matrix notation (null with the reason where there is none).</summary>
    public static ImmutableDictionary<string, (TensorExpr? Expression, string? Why)> Symbolic(TensorFactory factory, TensorExpr canonical,
        TensorPoint point, IReadOnlyList<string> wrt)
    {
        var result = ImmutableDictionary.CreateBuilder<string, (TensorExpr?, string?)>(StringComparer.Ordinal);
        if (canonical.Shape.IsScalar)
        {
            var gradients = TensorGradient.Of(factory, canonical, wrt);
            foreach (var v in wrt) result[v] = (gradients[v], null);
        }
        else
            foreach (var v in wrt)
            {
                var variable = (TensorVariable)factory.Variable(v, point.Shapes[v]);
                result[v] = TensorJacobian.TryOf(factory, canonical, variable);
            }
        return result.ToImmutable();
    }

    // A gradient that simplified to the scalar 0 is zeros of the variable's shape; a Jacobian is f.Size x variable.Size.
    internal static TensorValue Reshape(TensorValue v, Shape function, Shape variable) =>
        v.FitTo(function.IsScalar ? variable : Shape.Matrix(function.Size, variable.Size));

    internal static TensorValue Flattened(TensorExpr written, IReadOnlyDictionary<string, TensorValue> at, string v)
    {
        var (value, _) = TensorFiniteDifferences.Jacobian(written, at, v);
        var data = new double[value.Length];
        Buffer.BlockCopy(value, 0, data, 0, data.Length * sizeof(double));
        return new TensorValue(Shape.Matrix(value.GetLength(0), value.GetLength(1)), data);
    }

    internal static bool Agrees(TensorValue a, TensorValue b, Tolerance t)
    {
        for (var i = 0; i < a.Data.Length; i++)
            if (!t.Agrees(a.Data[i], b.Data[i])) return false;
        return true;
    }

    // dims: how the values nest (a Jacobian's f.Size x variable.Size data is f.shape + variable.shape, row-major).
    // The relative difference is the scalar report's, |a - b| / max(|a|, |b|), over the entries that differ by more
    // than the absolute tolerance: an entry that is 0 on one side and rounding noise (2e-14) on the other agrees, and
    // is not reported as a relative difference of 1.
    internal static (double Abs, double Rel, string Worst) Compare(TensorValue a, TensorValue b, int[] dims, double absolute = 0)
    {
        // The worst entry: the largest relative difference, or where none counts, the largest absolute one.
        var (abs, rel, worst, worstAbs) = (0.0, 0.0, 0, 0);
        for (var i = 0; i < a.Data.Length; i++)
        {
            var d = Math.Abs(a.Data[i] - b.Data[i]);
            var r = d <= absolute ? 0 : d / Math.Max(Math.Abs(a.Data[i]), Math.Abs(b.Data[i]));
            if (double.IsNaN(d)) (d, r) = (double.NaN, double.NaN);
            if (d > abs || double.IsNaN(d)) (abs, worstAbs) = (d, i);
            if (r > rel || double.IsNaN(r)) { rel = r; worst = i; }
        }
        return (abs, rel, IndexText(dims, rel > 0 || double.IsNaN(rel) ? worst : worstAbs));
    }

    /// <summary>Entry <paramref name="flat"/> of row-major data nested as <paramref name="dims"/>: <c>[i, j, k]</c>; "" for a scalar.</summary>
    internal static string IndexText(int[] dims, int flat)
    {
        if (dims.Length == 0) return "";
        var index = new int[dims.Length];
        for (var k = dims.Length - 1; k >= 0; k--)
        {
            index[k] = flat % dims[k];
            flat /= dims[k];
        }
        return $"[{string.Join(", ", index)}]";
    }

    // "every entry", "[1, 1]" or "[0, 1], [1, 1]": the entries of v that are NaN or infinite, nested as dims.
    private static string NonFinite(TensorValue v, int[] dims)
    {
        var bad = Enumerable.Range(0, v.Data.Length).Where(i => !double.IsFinite(v.Data[i])).ToList();
        if (bad.Count == v.Data.Length && bad.Count > 1) return "every entry";
        if (bad.Count > 6) return $"{bad.Count} of its {v.Data.Length} entries, {string.Join(", ", bad.Take(3).Select(i => IndexText(dims, i)))}, ...";
        return (bad.Count == 1 ? "entry " : "entries ") + string.Join(", ", bad.Select(i => IndexText(dims, i)));
    }

    // A scalar f's forward and backward differences agree with each other and with the central ones at every entry:
    // f has a derivative here (false at a kink such as norm at 0, and for vector functions, which this does not try).
    private static bool DifferentiableAt(TensorExpr written, TensorPoint point, string v, TensorValue central)
    {
        if (!written.Shape.IsScalar) return false;
        var at = point.Values[v];
        var values = new Dictionary<string, TensorValue>(point.Values, StringComparer.Ordinal);
        var f0 = TensorInterpreter.Evaluate(written, point.Values).Data[0];
        for (var k = 0; k < at.Data.Length; k++)
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(at.Data[k]));
            double F(double t)
            {
                var data = (double[])at.Data.Clone();
                data[k] += t;
                values[v] = new TensorValue(at.Shape, data);
                return TensorInterpreter.Evaluate(written, values).Data[0];
            }
            var (forward, backward) = ((F(h) - f0) / h, (f0 - F(-h)) / h);
            var scale = Math.Max(1, Math.Max(Math.Abs(forward), Math.Abs(backward)));
            if (!(Math.Abs(forward - backward) <= 1e-4 * scale && Math.Abs(forward - central.Data[k]) <= 1e-4 * scale)) return false;
        }
        return true;
    }

    // Values as a reader wants them in a note: 6 significant digits (4.0000000000000036 is 4).
    private static string Short(TensorValue v) => v.Format(d => PointAnalysis.Show(double.Parse(d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)));

    private static bool HasNaN(TensorValue? v) => v is not null && v.Data.Any(d => !double.IsFinite(d));

}
