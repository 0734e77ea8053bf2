using System.Collections.Immutable;
using System.Diagnostics;
using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>What to differentiate and how strictly to compare.</summary>
public sealed record CheckOptions
{
    /// <summary>Variables to differentiate by; null means every variable, in order of first appearance.</summary>
    public IReadOnlyList<string>? Wrt { get; init; }
    public int Order { get; init; } = 1;
    public NumericType NumericType { get; init; } = NumericType.Float64;
    /// <summary>Null means the default for <see cref="NumericType"/>.</summary>
    public Tolerance? Tolerance { get; init; }
    public bool CollectStats { get; init; }
}

/// <summary>A case parsed, differentiated and simplified once, ready to be checked at any number of points.</summary>
public sealed class PreparedCase
{
    public required int Line { get; init; }
    public required string Input { get; init; }
    public required CheckOptions Options { get; init; }
    public ExprFactory Factory { get; init; } = new();
    public Expr? Function { get; init; }
    public ImmutableArray<string> Variables { get; init; } = [];
    public ImmutableArray<string> Wrt { get; init; } = [];
    /// <summary>Simplified derivatives in output order (gradient, or Hessian row-major for order 2).</summary>
    public ImmutableArray<PartialDerivative> Derivatives { get; init; } = [];
    /// <summary>Every derivative of lower order too, by key, for finite differences of order n from order n-1.</summary>
    public ImmutableDictionary<string, Expr> AllOrders { get; init; } = ImmutableDictionary<string, Expr>.Empty;
    public CaseError? Error { get; init; }
    public NodeCounts? Nodes { get; init; }
    public CaseStats? Stats { get; init; }
}

/// <summary>
/// The checking pipeline shared by <c>symdiff grad</c> and <c>symdiff check</c>: symbolic values of the
/// simplified derivatives, finite differences, and an autograd oracle's values, compared into a verdict that
/// explains undefined points and kink conventions instead of just failing.
/// </summary>
/// <example><code>var c = DerivativeCheck.Prepare("x^2+2*x+1", new CheckOptions());
/// var results = DerivativeCheck.Run(c, [new Dictionary&lt;string, double&gt; { ["x"] = 3 }], oracle: null);</code></example>
public static class DerivativeCheck
{
    public static PreparedCase Prepare(string input, CheckOptions options, int line = 1)
    {
        var clock = Stopwatch.StartNew();
        var factory = new ExprFactory();
        var parsed = Parser.Parse(input, factory);
        var parseUs = clock.Elapsed.TotalMicroseconds;
        if (parsed.Value is not { } function)
            return new PreparedCase { Line = line, Input = input, Options = options, Factory = factory, Error = ToError(parsed.Diagnostics, input) };

        var variables = parsed.Variables;
        var wrt = options.Wrt is { Count: > 0 } requested ? [.. requested] : variables;
        if (wrt.IsEmpty) wrt = ["x"];

        clock.Restart();
        var all = ImmutableDictionary.CreateBuilder<string, Expr>();
        ImmutableArray<PartialDerivative> level = [new PartialDerivative([], function)];
        for (var k = 0; k < options.Order; k++)
        {
            level = [.. level.SelectMany(d => wrt.Select(v =>
                new PartialDerivative(d.Variables.Add(v), Differentiator.Differentiate(d.Value, v, factory))))];
            foreach (var d in level) all[d.Key] = d.Value;
        }
        var differentiateUs = clock.Elapsed.TotalMicroseconds;
        var before = ExprMetrics.DistinctNodes(level.Select(d => d.Value));

        clock.Restart();
        var simplifiedValues = Simplifier.SimplifyAll([.. level.Select(d => d.Value)], factory).Values;
        var simplified = level.Select((d, i) => d with { Value = simplifiedValues[i] }).ToImmutableArray();
        var simplifyUs = clock.Elapsed.TotalMicroseconds;
        var after = ExprMetrics.DistinctNodes(simplified.Select(d => d.Value));

        return new PreparedCase
        {
            Line = line, Input = input, Options = options, Factory = factory, Function = function,
            Variables = variables, Wrt = wrt, Derivatives = simplified, AllOrders = all.ToImmutable(),
            Nodes = new NodeCounts(ExprMetrics.DistinctNodes([function]), after),
            Stats = new CaseStats(parseUs, differentiateUs, simplifyUs, 0, 0, 0, before, after),
        };
    }

    public static CaseError ToError(ImmutableArray<Diagnostic> diagnostics, string input)
    {
        var first = diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) ?? diagnostics[0];
        return new CaseError(first.Message, first.Column, first.Span.Length,
            string.Join(Environment.NewLine, diagnostics.Select(d => d.Render(input))));
    }

    /// <summary>A result for a case that has no point: derivatives only.</summary>
    public static CaseResult Describe(PreparedCase c) => c.Error is { } error
        ? new CaseResult { Line = c.Line, Input = c.Input, Status = CaseStatus.Error, Error = error, Notes = [error.Message] }
        : Base(c) with
        {
            Derivatives = [.. c.Derivatives.Select(d => new DerivativeResult(d.Variables, d.Value, null, null, null))],
            Status = CaseStatus.Pass,
        };

    private static CaseResult Base(PreparedCase c) => new()
    {
        Line = c.Line, Input = c.Input, Expression = c.Function?.ToString(), Variables = c.Variables, Nodes = c.Nodes,
        DType = c.Options.NumericType == NumericType.Float32 ? "float32" : "float64", Stats = c.Options.CollectStats ? c.Stats : null,
    };

    /// <summary>Checks a prepared case at every point, all points through the oracle in one batch.</summary>
    public static IReadOnlyList<CaseResult> Run(PreparedCase c, IReadOnlyList<IReadOnlyDictionary<string, double>> points, IAutogradOracle? oracle)
    {
        if (c.Error is not null || points.Count == 0) return [Describe(c)];
        var function = c.Function!;
        var missing = c.Variables.Where(v => points.Any(p => !p.ContainsKey(v))).ToList();
        if (missing.Count > 0)
        {
            var message = $"no value for variable{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} at the point";
            return [.. points.Select(p => Base(c) with { Point = Ordered(c, p), Status = CaseStatus.Error, Error = new CaseError(message, 1, c.Input.Length, message), Notes = [message] })];
        }

        var clock = Stopwatch.StartNew();
        double[][]? autograd = null;
        string? device = null;
        if (oracle is not null)
        {
            var rows = points.Select(p => c.Variables.Select(v => p[v]).ToArray()).ToList();
            autograd = oracle.Derivatives(function, c.Variables, [.. c.Derivatives.Select(d => d.Variables)], rows);
            device = oracle.Device;
        }
        var autogradUs = clock.Elapsed.TotalMicroseconds;

        clock.Restart();
        var results = new List<CaseResult>(points.Count);
        for (var i = 0; i < points.Count; i++)
            results.Add(CheckPoint(c, points[i], autograd is null ? null : [.. autograd.Select(a => a[i])], device));
        var evaluateUs = clock.Elapsed.TotalMicroseconds;
        if (c.Options.CollectStats && c.Stats is { } stats)
        {
            var perPoint = stats with { AutogradUs = autogradUs / points.Count, EvaluateUs = evaluateUs / points.Count };
            for (var i = 0; i < results.Count; i++) results[i] = results[i] with { Stats = perPoint };
        }
        return results;
    }

    private static ImmutableArray<KeyValuePair<string, double>> Ordered(PreparedCase c, IReadOnlyDictionary<string, double> point) =>
        [.. c.Variables.Where(point.ContainsKey).Select(v => KeyValuePair.Create(v, point[v])),
         .. point.Where(p => !c.Variables.Contains(p.Key))];

    private static CaseResult CheckPoint(PreparedCase c, IReadOnlyDictionary<string, double> point, double[]? autograd, string? device)
    {
        var function = c.Function!;
        var tolerance = c.Options.Tolerance ?? Tolerance.For(c.Options.NumericType);
        var notes = new List<string>();
        foreach (var extra in point.Keys.Where(k => !c.Variables.Contains(k)))
            notes.Add($"'{extra}' is not a variable of the function; its value is ignored");

        var derivatives = new List<DerivativeResult>();
        for (var k = 0; k < c.Derivatives.Length; k++)
        {
            var d = c.Derivatives[k];
            var symbolic = Evaluator.Evaluate(d.Value, point);
            var lowerKey = string.Join(',', d.Variables[..^1]);
            var lower = lowerKey.Length == 0 ? function : c.AllOrders[lowerKey];
            var v = d.Variables[^1];
            // A --wrt variable the function does not contain needs no value: the derivative by it is 0 anywhere.
            var numeric = FiniteDifferences.Central(t => Evaluator.Evaluate(lower, With(point, v, t)), point.GetValueOrDefault(v));
            derivatives.Add(new DerivativeResult(d.Variables, d.Value, symbolic, autograd?[k], numeric));
        }

        var status = Verdict(c, point, derivatives, tolerance, notes);
        return Base(c) with
        {
            Point = Ordered(c, point), Derivatives = [.. derivatives], Device = device, Status = status, Notes = [.. notes],
        };
    }

    private static CaseStatus Verdict(PreparedCase c, IReadOnlyDictionary<string, double> point,
        List<DerivativeResult> derivatives, Tolerance tolerance, List<string> notes)
    {
        var function = c.Function!;
        if (PointAnalysis.ExplainUndefined(function, point) is { } why)
        {
            notes.Add($"the function is not defined at this point: {why}");
            return CaseStatus.Undefined;
        }
        var kinks = PointAnalysis.FindKinks(function, point);
        var undefined = derivatives.Where(d => !double.IsFinite(d.Symbolic!.Value)).ToList();
        if (undefined.Count > 0)
        {
            foreach (var d in undefined)
            {
                var agreement = d.Autograd is { } a ? (tolerance.Agrees(d.Symbolic!.Value, a) ? "; autograd agrees" : $"; autograd gives {PointAnalysis.Show(a)}") : "";
                notes.Add($"d/d{d.Key.Replace(",", " d/d")} is {PointAnalysis.Show(d.Symbolic!.Value)} here{agreement}");
            }
            AddKinkNotes(c, point, kinks, notes);
            return CaseStatus.Undefined;
        }

        var autogradDisagrees = derivatives.Where(d => d.Autograd is { } a && !tolerance.Agrees(d.Symbolic!.Value, a)).ToList();
        var numericDisagrees = derivatives.Where(d => !Tolerance.FiniteDifference.Agrees(d.Symbolic!.Value, d.Numeric!.Value)).ToList();
        if (kinks.Count > 0) AddKinkNotes(c, point, kinks, notes);

        if (autogradDisagrees.Count > 0)
        {
            foreach (var d in autogradDisagrees)
                notes.Add($"d/d{d.Key}: symbolic {PointAnalysis.Show(d.Symbolic!.Value)} and autograd {PointAnalysis.Show(d.Autograd!.Value)} differ by {PointAnalysis.Show(d.AbsoluteDifference!.Value)}");
            // At a kink the derivative is a convention, not a fact: explain instead of failing.
            if (kinks.Count > 0)
            {
                notes.Add("the values differ only at a kink, where each side uses its own convention");
                return CaseStatus.Undefined;
            }
            return CaseStatus.Fail;
        }
        if (numericDisagrees.Count > 0)
        {
            foreach (var d in numericDisagrees)
                notes.Add($"d/d{d.Key}: finite differences give {PointAnalysis.Show(d.Numeric!.Value)}" +
                          (kinks.Count > 0 ? " (the stencil straddles a kink, so finite differences average the two sides)" : ""));
            // Without autograd, finite differences are the only independent check.
            if (derivatives.All(d => d.Autograd is null) && kinks.Count == 0) return CaseStatus.Fail;
        }
        return CaseStatus.Pass;
    }

    private static void AddKinkNotes(PreparedCase c, IReadOnlyDictionary<string, double> point, List<Kink> kinks, List<string> notes)
    {
        foreach (var kink in kinks)
        {
            var sides = c.Wrt.Where(kink.Node.DependsOn).Select(v =>
            {
                double Along(double t) => Evaluator.Evaluate(c.Function!, With(point, v, t));
                var left = FiniteDifferences.OneSided(Along, point[v], -1);
                var right = FiniteDifferences.OneSided(Along, point[v], +1);
                return $"d/d{v} from the left {Round(left)}, from the right {Round(right)}";
            });
            var convention = kink.Convention is { } cv ? $"; convention: {cv}" : "";
            notes.Add($"{kink.Description}: {string.Join("; ", sides)}{convention}");
        }
    }

    private static string Round(double v) => PointAnalysis.Show(Math.Round(v, 6));

    private static Dictionary<string, double> With(IReadOnlyDictionary<string, double> point, string variable, double value)
    {
        var copy = new Dictionary<string, double>(point) { [variable] = value };
        return copy;
    }
}
