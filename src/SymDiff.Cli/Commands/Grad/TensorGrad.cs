using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Cli.Autograd;
using SymDiff.Cli.Rendering;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Cli.Commands.Grad;

/// <summary>
/// <c>symdiff grad</c> for vectors and matrices: taken when the function uses '@', '.T', a vector/matrix function
/// or a list, or when --at gives a bracketed value or --shape declares one. Prints the gradient (or Jacobian) in
/// matrix notation and checks it entry by entry against autograd and finite differences at the point.
/// </summary>
internal static class TensorGrad
{
    /// <summary>
    /// Whether the options alone send this command line to the tensor path (a bracketed value or a shape); a function
    /// written with vector/matrix syntax is sent here by the scalar parser's SD1201 (GradCommand).
    /// </summary>
    public static bool Applies(GradSettings s) => !string.IsNullOrWhiteSpace(s.Shape) || (s.At?.Contains('[') ?? false);

    public static int Run(string input, GradSettings s, Tolerance tolerance, CliConsole console)
    {
        if (s.Order > 2) return Usage(console, s, input, "--order: vectors and matrices have first and second derivatives (--order 1 or 2)");
        if (s.Order == 2 && s.Claim is not null) return Usage(console, s, input, "--claim: claims about second derivatives are checked only for functions of scalar variables, and this one has vector/matrix variables; check a claim about the gradient with --order 1");
        if (s.Steps) return Usage(console, s, input, "--steps: step-by-step derivations are for scalar functions");
        if (s.Format == "latex") return Usage(console, s, input, "--format latex: vector/matrix results print as text or json");
        if (s.DType == NumericType.Float32) return Usage(console, s, input, "--dtype float32: vectors and matrices are checked in float64 only (for now)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var parsed = Parser.ParseSyntax(input);
        var parseUs = clock.Elapsed.TotalMicroseconds;
        var bindUs = 0.0;
        if (parsed.Syntax is null)
            return Bad(console, s, input, [], parsed.Diagnostics.Select(d => (d, input, (string?)null)));

        // A --wrt variable the function does not use is a variable all the same (its derivative is 0, with a note).
        var wrt = s.Wrt is { Count: > 0 } ? s.Wrt : parsed.Variables;
        // A --wrt name that is a variable's but for case (w for W) is a typo, not a new variable with derivative 0.
        foreach (var v in wrt.Where(v => !parsed.Variables.Contains(v)))
            if (parsed.Variables.FirstOrDefault(p => string.Equals(p, v, StringComparison.OrdinalIgnoreCase)) is { } meant)
                return Usage(console, s, input, $"--wrt: '{v}' is not a variable of the function; did you mean '{meant}'? (names are case-sensitive)");
        // Several points, "x=[1, 2]; x=[3, 4]", as for scalars: each read with the same --shape and --seed.
        IReadOnlyList<string?> texts = s.At is { } at && TensorPoint.Split(at) is { Count: > 0 } split ? [.. split.Select(p => p.Text)] : [s.At];
        var points = new List<(TensorPoint Point, TensorExpr Written, TensorExpr Canonical, TensorFactory Factory)>();
        foreach (var text in texts)
        {
            var (point, errors) = TensorPoint.Read(text, s.Shape, [.. parsed.Variables, .. wrt.Except(parsed.Variables)], s.Seed, required: parsed.Variables);
            if (point is null)
                return Bad(console, s, input, parsed.Variables, errors.Select(e => (e.Diagnostic, e.Text, (string?)e.Option)));
            // The notation is printed once: every point needs the shapes of the first.
            if (points.Count > 0 && parsed.Variables.FirstOrDefault(v => point.Shapes[v] != points[0].Point.Shapes[v]) is { } differs)
                return Usage(console, s, input, $"--at: point {points.Count + 1} gives '{differs}' {point.Shapes[differs].Describe()}, point 1 {points[0].Point.Shapes[differs].Describe()}; " +
                    "the points of one run share their shapes (run once per shape, or list the points in .sdx lines)");
            clock.Restart();
            var (written, canonical, factory, bindErrors) = TensorCheck.Bind(parsed, point);
            bindUs = clock.Elapsed.TotalMicroseconds;
            if (written is null || canonical is null)
                return Bad(console, s, input, parsed.Variables, bindErrors.Select(d => (d, input, (string?)null)));
            if (s.Order == 2 && !written.Shape.IsScalar)
                return Usage(console, s, input, $"--order 2: second derivatives are for scalar functions; this one is {written.Shape.Describe()} (its first derivative is a Jacobian)");
            points.Add((point, written, canonical, factory));
        }

        // Claims are judged once: at the first point and at random points of its shapes.
        var first = points[0];
        ImmutableClaims claims = new([]);
        if (s.Claim is { } claimText)
        {
            var (parsedClaims, claimError) = TensorClaims.Parse(claimText, first.Point, wrt, first.Written.Shape);
            if (claimError is not null) return Usage(console, s, input, $"--claim: {claimError}");
            claims = new(parsedClaims);
        }

        // Finite differences evaluate f again for each entry of each variable (about 4 times each, measured): say so when that is slow.
        if (Slow(first.Written, first.Point, wrt) is { } seconds)
            console.Error.WriteLine($"note: finite differences evaluate f about {seconds.Evaluations:N0} times here, roughly {Duration(seconds.Seconds)}; " +
                "smaller shapes check the same notation much faster (the printed derivative does not depend on the sizes)");
        var results = new List<TensorCheckResult>();
        try
        {
            var oracle = s.NoAutograd ? null : AutogradFactory.CreateTensor(s.Device);
            foreach (var (point, written, canonical, factory) in points)
            {
                var result = s.Order == 2
                    ? TensorSecondOrder.Run(input, written, canonical, factory, point, wrt, tolerance, oracle)
                    : TensorCheck.Run(input, written, canonical, factory, point, wrt, tolerance, oracle);
                // Values for names the function does not have are ignored, and said so, as for scalars.
                var unused = point.Values.Keys.Where(v => !parsed.Variables.Contains(v) && !wrt.Contains(v)).Order(StringComparer.Ordinal).ToList();
                if (unused.Count > 0)
                    result = result with { Notes = result.Notes.AddRange(unused.Select(v => $"'{v}' is not a variable of the function; its value is ignored")) };
                // --stats: parsing and binding (which builds the canonical form: the simplification) are timed here.
                if (s.Stats && result.Stats is { } st) result = result with { Stats = st with { ParseUs = parseUs, SimplifyUs = bindUs } };
                else result = result with { Stats = null };
                results.Add(result);
            }
        }
        catch (Exception e) when (AutogradFactory.Explain(e) is { } known)
        {
            console.Error.WriteLine($"error: {known.Message}");
            return known.ExitCode;
        }

        var judged = claims.Items.Count == 0 ? [] : TensorClaims.Judge(claims.Items, first.Point, first.Written, (v, at) => TensorClaims.Truth(results[0], v, at, first.Written));
        if (s.Format == "json") TensorJsonReport.Write(console.Out, results, parsed.Variables, judged);
        else TensorTextReport.Write(console.Out, results, parsed.Variables, judged, tolerance);
        console.Out.Flush();
        // The exit code is the worst over the points.
        return results.Any(r => r.Status == CaseStatus.Fail) || judged.Any(c => c.Verdict == ClaimVerdict.Incorrect) ? ExitCodes.Mismatch : ExitCodes.Success;
    }

    // The evaluations finite differences need and their time, roughly, from one timed evaluation of f; null when under 10 s.
    private static (long Evaluations, double Seconds)? Slow(TensorExpr written, TensorPoint point, IReadOnlyList<string> wrt)
    {
        TensorInterpreter.Evaluate(written, point.Values); // the first call pays for the JIT
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TensorInterpreter.Evaluate(written, point.Values);
        var once = clock.Elapsed.TotalSeconds;
        var evaluations = 4L * wrt.Where(point.Shapes.ContainsKey).Sum(v => (long)point.Shapes[v].Size);
        return once * evaluations is var seconds && seconds > 10 ? (evaluations, seconds) : null;
    }

    private static string Duration(double seconds) =>
        seconds < 120 ? $"{seconds:N0} s" : seconds < 7200 ? $"{seconds / 60:N0} minutes" : $"{seconds / 3600:N0} hours";

    private sealed record ImmutableClaims(IReadOnlyList<TensorClaim> Items);

    // Bad input: the caret rendering on stderr, and with --format json the error case on stdout too, as the scalar path
    // writes it ({"status": "error", "error": {"message", "code", "column", "length"}}).
    private static int Bad(CliConsole console, GradSettings s, string input, IReadOnlyList<string> variables,
        IEnumerable<(Diagnostic Diagnostic, string Text, string? Option)> errors)
    {
        var list = errors.ToList();
        console.Error.WriteLine(string.Join(Environment.NewLine, list.Select(e => e.Option is null ? e.Diagnostic.Render(e.Text) : $"{e.Option}: {e.Diagnostic.Render(e.Text)}")));
        var first = list[0].Diagnostic;
        var message = list[0].Option is { } option ? $"{option}: {first.Message}" : first.Message;
        return Json(console, s, input, variables, new CaseError(message, first.Column, first.Span.Length, first.Render(list[0].Text)) { Code = first.Code });
    }

    private static int Usage(CliConsole console, GradSettings s, string input, string message)
    {
        console.Error.WriteLine($"error: {message}");
        return Json(console, s, input, [], new CaseError(message, 1, 0, $"error: {message}"));
    }

    private static int Json(CliConsole console, GradSettings s, string input, IReadOnlyList<string> variables, CaseError error)
    {
        if (s.Format == "json")
        {
            CaseResult[] results = [new CaseResult { Line = 1, Input = input, Variables = [.. variables], Status = CaseStatus.Error, Error = error, Notes = [error.Message] }];
            using var buffer = new MemoryStream();
            JsonReport.Write(buffer, results);
            console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            console.Out.Flush();
        }
        return ExitCodes.BadInput;
    }
}
