using System.Collections.Immutable;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Checking.Tensors;

/// <summary>A vector/matrix line's check at one point: the verdict, the function's variables, and the judged claims.</summary>
public sealed record TensorCaseResult(TensorCheckResult Check, ImmutableArray<string> Variables, ImmutableArray<TensorClaimResult> Claims)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>"W 3x2, x 2": the shapes, the point's short form in a table.</summary>
    public string ShapesText => string.Join(", ", Variables.Select(v => $"{v} {Check.Point.Shapes[v]}"));
}

/// <summary>What vector/matrix lines of <c>symdiff check</c> share: the command line's shapes and seed, and autograd.</summary>
/// <example><code>var t = new SdxTensorOptions { Shapes = shapes, Seed = 1, Oracle = () => oracle };</code></example>
public sealed record SdxTensorOptions
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>Shapes for every file (<c>--shape</c>); a file's <c>shape:</c> lines and a line's values take precedence.</summary>
    public ImmutableDictionary<string, Shape> Shapes { get; init; } = ImmutableDictionary<string, Shape>.Empty;

    /// <summary>The seed of the random values given to variables with a shape and no value.</summary>
    public int Seed { get; init; } = TensorPoint.DefaultSeed;

    /// <summary>
    /// The tolerance of vector/matrix lines, which are checked in float64 whatever <c>--dtype</c> says (the command
    /// line's --rtol/--atol over float64's defaults); null takes <see cref="CheckOptions.Tolerance"/>.
    /// </summary>
    public Tolerance? Tolerance { get; init; }

    /// <summary>Gives the tensor autograd oracle (called only when a line is checked); null checks without autograd.</summary>
    public Func<ITensorAutogradOracle?>? Oracle { get; init; }
}

/// <summary>
/// Checks an .sdx line as a vector/matrix function: taken when its expression uses '@', '.T', a list or a
/// vector/matrix function, when a point gives a bracketed value, or when a shape is declared for one of its
/// variables. Each ';'-separated point is one result; a line without a point is checked at seeded random values
/// of the declared shapes. Shapes come, weakest first, from <c>--shape</c>, the file's <c>shape:</c> line in
/// effect, and the point's own values. Shape errors are the line's errors, with the column of the offending text.
/// </summary>
/// <example><code>var c = SdxFile.ParseLine("sum((W@x - y)^2) @ W=[[1, 2], [3, 4]], x=[1, 2], y=[0, 1]", 1)!;
/// var parsed = Parser.ParseSyntax(c.Expression.Text);
/// SdxTensorRunner.Applies(c, parsed, new SdxTensorOptions()); // true</code></example>
public static class SdxTensorRunner
{
    public static bool Applies(SdxCase c, ParseResult parsed, SdxTensorOptions t)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(t);
        if (c.Points is { } p && p.Text.Contains('[')) return true;
        if (parsed.Variables.Any(v => t.Shapes.ContainsKey(v) || (c.Shapes?.Declared.ContainsKey(v) ?? false))) return true;
        return parsed.Syntax is { } root && SyntaxWalk.PostOrder(root).Any(n =>
            n.Kind is SyntaxKind.MatMul or SyntaxKind.Transpose or SyntaxKind.TensorCall or SyntaxKind.List);
    }

    public static IReadOnlyList<CaseResult> Check(SdxCase c, ParseResult parsed, CheckOptions options, SdxTensorOptions t)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(t);
        var expression = c.Expression;
        if (parsed.Syntax is null)
            return [Error(c, SdxDiagnostic.FromDiagnostics(parsed.Diagnostics, c.Line, c.Text, expression.Offset))];
        if (options.Order != 1)
            return [Error(c, SdxDiagnostic.Error("--order: vector/matrix functions have first derivatives (gradients and Jacobians) for now",
                c.Line, c.Text, expression.Offset, expression.Text.Length))];

        var results = new List<CaseResult>();
        foreach (var (text, offset) in Points(c))
            results.Add(CheckPoint(c, parsed, text, offset, options, t));
        return results;
    }

    private static CaseResult CheckPoint(SdxCase c, ParseResult parsed, string? pointText, int offset, CheckOptions options, SdxTensorOptions t)
    {
        var shapes = t.Shapes.SetItems(c.Shapes?.Declared ?? ImmutableDictionary<string, Shape>.Empty);
        // A bracketed value sets its variable's shape for this point: the declarations of the names it binds give way.
        // A scalar value for a declared vector or matrix is refused, as grad refuses it (a 2 where [1, 2] was meant).
        var (scalars, tensors) = Bound(pointText ?? "", parsed.Variables);
        foreach (var (name, span) in scalars)
            if (shapes.TryGetValue(name, out var declared) && !declared.IsScalar)
                return Error(c, SdxDiagnostic.Error(DiagnosticMessages.Format(DiagnosticCode.ShapeMismatch, name, $"declared {declared} but its value in the point is scalar"),
                    c.Line, c.Text, offset + span.Start, span.Length, DiagnosticCode.ShapeMismatch));
        foreach (var name in tensors) shapes = shapes.Remove(name);
        var shapeText = string.Join(", ", shapes.Select(s => $"{s.Key}={s.Value}"));
        var (point, errors) = TensorPoint.Read(pointText, shapeText, parsed.Variables, t.Seed, atName: "point", shapeName: "shape");
        if (point is null)
        {
            var fromPoint = errors.Where(e => e.Option == "point").Select(e => e.Diagnostic).ToList();
            return Error(c, fromPoint.Count > 0
                ? SdxDiagnostic.WithMatMulHint(SdxDiagnostic.FromDiagnostics(fromPoint, c.Line, c.Text, offset), c, pointText ?? "")
                : SdxDiagnostic.Error($"shapes: {errors[0].Diagnostic.Message}", c.Line, c.Text, c.Expression.Offset, c.Expression.Text.Length));
        }

        var (written, canonical, factory, bindErrors) = TensorCheck.Bind(parsed, point);
        if (written is null || canonical is null)
            return Error(c, SdxDiagnostic.FromDiagnostics(bindErrors, c.Line, c.Text, c.Expression.Offset, Shapes(point, parsed.Variables)));

        var wrt = options.Wrt is { Count: > 0 } w ? w : parsed.Variables;
        var absent = wrt.Where(v => !parsed.Variables.Contains(v)).ToList();
        if (absent.Count > 0)
            return Error(c, SdxDiagnostic.Error($"--wrt: {string.Join(", ", absent)} is not a variable of this line (it has {string.Join(", ", parsed.Variables)})",
                c.Line, c.Text, c.Expression.Offset, c.Expression.Text.Length));

        var claims = ImmutableArray<TensorClaim>.Empty;
        if (c.Claim is { } claimPart)
        {
            var (parsedClaims, claimError) = TensorClaims.Parse(claimPart.Text, point, wrt, written.Shape);
            if (claimError is not null)
                return Error(c, SdxDiagnostic.Error(claimError, c.Line, c.Text, claimPart.Offset, claimPart.Text.Length));
            claims = parsedClaims;
        }

        TensorCheckResult result;
        ImmutableArray<TensorClaimResult> judged;
        try
        {
            var float32 = options.NumericType == NumericType.Float32;
            var tolerance = float32 ? t.Tolerance ?? Tolerance.Float64 : options.Tolerance ?? t.Tolerance ?? Tolerance.Float64;
            result = TensorCheck.Run(c.Expression.Text, written, canonical, factory, point, wrt, tolerance, t.Oracle?.Invoke());
            if (!options.CollectStats) result = result with { Stats = null };
            // --dtype float32 is for the scalar lines of a file: say so on the others rather than run float32 tolerances on float64.
            if (float32)
                result = result with { Notes = result.Notes.Insert(0, $"vectors and matrices are checked in float64 (--dtype float32 applies to scalar lines); rtol {tolerance.Relative:g}, atol {tolerance.Absolute:g}") };
            judged = claims.IsEmpty ? [] : TensorClaims.Judge(claims, point, written, (v, at) => TensorClaims.Truth(result, v, at, written));
        }
        catch (ShapeException e)
        {
            return Error(c, SdxDiagnostic.Error(e.Message, c.Line, c.Text, c.Expression.Offset, c.Expression.Text.Length));
        }
        var status = judged.Any(j => j.Verdict == ClaimVerdict.Incorrect) ? CaseStatus.Fail
            : judged.Any(j => j.Unknown) && result.Status == CaseStatus.Pass ? CaseStatus.Undefined : result.Status;
        return new CaseResult
        {
            Line = c.Line, Input = c.Expression.Text, Variables = parsed.Variables, Status = status, Device = result.Device,
            Notes = result.Notes, Tensor = new TensorCaseResult(result, parsed.Variables, judged),
        };
    }

    // The ';'-separated points (outside brackets) with their offsets in the line; one null point without '@'.
    private static IEnumerable<(string? Text, int Offset)> Points(SdxCase c) =>
        c.Points is not { } part ? [(null, 0)] : TensorPoint.Split(part.Text).Select(p => ((string?)p.Text, part.Offset + p.Offset));

    // The names a point gives values to ("W=[[1]], x=2"; a lone value names the only variable): the scalar ones with
    // their spans in the point, and the bracketed ones.
    private static (List<(string Name, TextSpan Span)> Scalars, List<string> Tensors) Bound(string text, ImmutableArray<string> variables)
    {
        if (string.IsNullOrWhiteSpace(text)) return ([], []);
        var parsed = BindingParser.Parse(text, tensors: true);
        string? Named(string? n) => n ?? (variables.Length == 1 ? variables[0] : null);
        return ([.. parsed.Bindings.Where(b => Named(b.Name) is not null).Select(b => (Named(b.Name)!, b.Span))],
            [.. parsed.Tensors.Select(b => Named(b.Name)).OfType<string>()]);
    }

    private static string Shapes(TensorPoint point, ImmutableArray<string> variables) =>
        variables.IsEmpty ? "" : $"with {string.Join(", ", variables.Select(v => $"{v} {point.Shapes[v]}"))}: ";

    private static CaseResult Error(SdxCase c, CaseError error) => new()
    {
        Line = c.Line, Input = c.Expression.Text, Status = CaseStatus.Error, Error = error, Notes = [error.Message],
    };
}
