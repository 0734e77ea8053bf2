using System.Collections.Immutable;
using System.Diagnostics;
using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Formatting;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>What to differentiate and how strictly to compare.</summary>
public sealed record CheckOptions
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>Variables to differentiate by; null means every variable, in order of first appearance.</summary>
    public IReadOnlyList<string>? Wrt { get; init; }

    /// <summary>The highest order a check accepts (<c>--order</c>, an .sdx <c>order:</c>).</summary>
    public const int MaxOrder = 10;

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
    /// <summary>The canonical form: for differentiating only.</summary>
    public Expr? Function { get; init; }
    /// <summary>The function as written: the truth for values and domains (autograd, finite differences, notes).</summary>
    public WrittenForm? Written { get; init; }
    /// <summary>A variable-free part of the written function without a value: then it has none anywhere.</summary>
    public DomainFinding? UndefinedEverywhere { get; init; }
    /// <summary>Not proven undefined everywhere, but without a value at every sampled point (log(x,0)).</summary>
    public SampledFinding? UndefinedWhereSampled { get; init; }
    public ImmutableArray<string> Variables { get; init; } = [];
    /// <summary>How derivatives print their numbers: decimals when the function was written with decimal literals.</summary>
    public NumberStyle NumberStyle { get; init; }
    public ImmutableArray<string> Wrt { get; init; } = [];
    /// <summary>Simplified derivatives in output order (gradient, or Hessian row-major for order 2).</summary>
    public ImmutableArray<PartialDerivative> Derivatives { get; init; } = [];
    /// <summary>Every derivative of lower order too, by key, for finite differences of order n from order n-1.</summary>
    public ImmutableDictionary<string, Expr> AllOrders { get; init; } = ImmutableDictionary<string, Expr>.Empty;
    public CaseError? Error { get; init; }
    public NodeCounts? Nodes { get; init; }
    public CaseStats? Stats { get; init; }

    private CasePrograms? _programs;

    /// <summary>
    /// The function and its derivatives lowered for evaluation: on the first check at a point, then reused at every
    /// point and finite-difference step (a case without points never pays for it). A race lowers twice, harmlessly.
    /// </summary>
    internal CasePrograms Programs => _programs ?? (_programs = CasePrograms.Lower(this));
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
        clock.Restart();
        var written = WrittenForm.Lower(parsed.Syntax!, input, variables);
        var lowerUs = clock.Elapsed.TotalMicroseconds;
        var everywhere = DomainAnalysis.Everywhere(written);
        var sampled = everywhere is null ? SampledDomain.UndefinedAtEverySample(written) : null;
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
            Written = written, UndefinedEverywhere = everywhere, UndefinedWhereSampled = sampled,
            Variables = variables, NumberStyle = NumberSpelling.StyleOf(parsed.Syntax, input), Wrt = wrt, Derivatives = simplified, AllOrders = all.ToImmutable(),
            Nodes = new NodeCounts(ExprMetrics.DistinctNodes([function]), after),
            Stats = new CaseStats(parseUs, differentiateUs, simplifyUs, lowerUs, 0, 0, before, after),
        };
    }

    /// <summary>The first error with its code, its column counted in characters, and every diagnostic rendered.</summary>
    public static CaseError ToError(ImmutableArray<Diagnostic> diagnostics, string input) => SdxDiagnostic.FromSource(diagnostics, input);

    /// <summary>
    /// A result for a case that has no point: derivatives only, or <see cref="CaseStatus.Undefined"/> when a constant
    /// part of the function has no value (then the function has none anywhere) or it has none at any sampled point.
    /// </summary>
    public static CaseResult Describe(PreparedCase c)
    {
        if (c.Error is { } error)
            return new CaseResult { Line = c.Line, Input = c.Input, Status = CaseStatus.Error, Error = error, Notes = [error.Message] };
        var result = Base(c) with
        {
            Derivatives = [.. c.Derivatives.Select(d => new DerivativeResult(d.Variables, d.Value, null, null, null) { Style = c.NumberStyle })],
            Status = CaseStatus.Pass,
            Notes = [.. AbsentWrt(c)],
        };
        if (c.UndefinedEverywhere is { } why)
            return result with { Status = CaseStatus.Undefined, Notes = [.. result.Notes, EverywhereNote(why)] };
        return c.UndefinedWhereSampled is { } sampled
            ? result with { Status = CaseStatus.Undefined, Notes = [.. result.Notes, sampled.Note] }
            : result;
    }

    private static string EverywhereNote(DomainFinding why) => why.Problem == DomainProblem.Overflow
        ? $"the function cannot be evaluated in float64 anywhere: {why.Description}"
        : $"the function is not defined anywhere: {why.Description}";

    // A --wrt variable the function does not contain: its derivative is 0 everywhere, which deserves a word.
    private static IEnumerable<string> AbsentWrt(PreparedCase c) =>
        c.Options.Wrt is not { Count: > 0 } ? [] : c.Wrt.Where(v => !c.Variables.Contains(v)).Select(v => $"'{v}' does not occur in the function, so every derivative by {v} is 0");

    private static CaseResult Base(PreparedCase c) => new()
    {
        Line = c.Line, Input = c.Input, Expression = c.Function is { } function ? InfixFormatter.Format(function, c.NumberStyle) : null, Variables = c.Variables, Nodes = c.Nodes,
        DType = c.Options.NumericType == NumericType.Float32 ? "float32" : "float64", Stats = c.Options.CollectStats ? c.Stats : null,
    };

    /// <summary>Checks a prepared case at every point, all points through the oracle in one batch.</summary>
    public static IReadOnlyList<CaseResult> Run(PreparedCase c, IReadOnlyList<IReadOnlyDictionary<string, double>> points, IAutogradOracle? oracle)
    {
        if (c.Error is not null || points.Count == 0) return [Describe(c)];
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
            var columns = PointColumns.FromPoints(points, c.Written!.Variables);
            autograd = oracle.Derivatives(c.Written!.Program, [.. c.Derivatives.Select(d => d.Variables)], columns, points.Count);
            device = oracle.Device;
        }
        var autogradUs = clock.Elapsed.TotalMicroseconds;

        var programs = c.Programs;
        clock.Restart();
        var results = new List<CaseResult>(points.Count);
        for (var i = 0; i < points.Count; i++)
            results.Add(PointVerdict.Check(c, programs, points[i], autograd is null ? null : [.. autograd.Select(a => a[i])], device));
        var evaluateUs = clock.Elapsed.TotalMicroseconds;
        if (c.Options.CollectStats && c.Stats is { } stats)
        {
            var perPoint = stats with
            {
                LowerUs = stats.LowerUs + programs.LowerUs, AutogradUs = oracle is null ? 0 : autogradUs / points.Count, EvaluateUs = evaluateUs / points.Count,
            };
            for (var i = 0; i < results.Count; i++) results[i] = results[i] with { Stats = perPoint };
        }
        return results;
    }

    internal static ImmutableArray<KeyValuePair<string, double>> Ordered(PreparedCase c, IReadOnlyDictionary<string, double> point) =>
        [.. c.Variables.Where(point.ContainsKey).Select(v => KeyValuePair.Create(v, point[v])),
         .. point.Where(p => !c.Variables.Contains(p.Key))];

    internal static CaseResult BaseOf(PreparedCase c) => Base(c);

    internal static IEnumerable<string> AbsentWrtNotes(PreparedCase c) => AbsentWrt(c);

    internal static string EverywhereNoteOf(DomainFinding why) => EverywhereNote(why);
}
