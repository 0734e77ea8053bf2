using System.Collections.Immutable;
using SymDiff.Checking.Tensors;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>
/// Checks one .sdx case: parses, differentiates and simplifies the expression once, checks all its points in one
/// autograd batch, and verifies the claim. Every case gives exactly one result per point (one result when it has
/// no point), in the order written; a line that cannot be parsed gives one <see cref="CaseStatus.Error"/> result
/// whose column is in the line. A bad point is an error for that point alone; the other points are still checked.
/// </summary>
/// <example><code>var c = SdxFile.ParseLine("x^2+2*x+1 @ 3 => 2*x+2", 1)!;
/// var results = SdxRunner.Check(c, new CheckOptions(), oracle: null); // one Pass with a correct claim</code></example>
public static class SdxRunner
{
    /// <param name="c">The case.</param>
    /// <param name="options">What to differentiate and how strictly to compare.</param>
    /// <param name="oracle">Gives the autograd oracle, called only when the case has a valid point; null (or a null
    /// oracle) checks against finite differences alone.</param>
    /// <param name="tensors">Shapes, seed and autograd for vector/matrix lines (<see cref="SdxTensorRunner"/>); null
    /// checks them without autograd, with no shapes but the file's.</param>
    public static IReadOnlyList<CaseResult> Check(SdxCase c, CheckOptions options, Func<IAutogradOracle?>? oracle = null, SdxTensorOptions? tensors = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(options);
        if (c.Error is { } structural) return [LineError(c, c.Content, structural)];
        // A let's name is a plain variable in the line as written: syntax errors are shown there, with their columns.
        if (c.Written is { } written && Parser.ParseSyntax(written.Expression.Text) is { Syntax: null } bad)
            return [LineError(written, written.Expression.Text, SdxDiagnostic.FromDiagnostics(bad.Diagnostics, c.Line, written.Text, written.Expression.Offset))];

        tensors ??= new SdxTensorOptions();
        var syntax = Parser.ParseSyntax(c.Expression.Text);
        var settled = SdxSettled.Of(c, syntax, options);
        if (settled.Error is { } wrtError) return [LineError(c, (c.Written ?? c).Expression.Text, wrtError)];
        if (c.Settings.RTol is not null || c.Settings.ATol is not null)
        {
            var weaker = tensors.Tolerance ?? Tolerance.Float64;
            tensors = tensors with { Tolerance = new Tolerance(c.Settings.RTol ?? weaker.Relative, c.Settings.ATol ?? weaker.Absolute) };
        }
        IReadOnlyList<CaseResult> results;
        if (SdxTensorRunner.Applies(c, syntax, tensors))
        {
            results = SdxTensorRunner.Check(c, syntax, settled.Options, tensors);
            // Values of data: are scalars for scalar lines; a vector/matrix line takes its values from its point (or
            // seeded random ones): say so rather than ignore them in silence.
            var unused = c.Settings.Data.Keys.Where(syntax.Variables.Contains).Order(StringComparer.Ordinal).ToList();
            if (unused.Count > 0)
                settled = settled with { Notes = settled.Notes.Add($"data: does not apply to vector/matrix lines; {string.Join(", ", unused)} took the point's values (or seeded random ones)") };
        }
        else results = CheckScalar(c, settled.Options, oracle);
        return settled.Annotate(c, results);
    }

    private static IReadOnlyList<CaseResult> CheckScalar(SdxCase c, CheckOptions options, Func<IAutogradOracle?>? oracle)
    {
        var prepared = DerivativeCheck.Prepare(c.Expression.Text, options, c.Line);
        if (prepared.Error is not null)
        {
            // PERF: parsed again only on the error path, for every diagnostic with its code.
            var diagnostics = Parser.Parse(c.Expression.Text).Diagnostics;
            return [LineError(c, c.Expression.Text, SdxDiagnostic.FromDiagnostics(diagnostics, c.Line, c.Text, c.Expression.Offset))];
        }
        if (PointSpec.ValidateWrt(prepared) is { } wrtError) return [Failed(prepared, wrtError)];

        var claims = ImmutableArray<Claim>.Empty;
        if (c.Claim is { } claimPart)
        {
            var parsed = ClaimCheck.Parse(claimPart.Text, prepared);
            if (parsed.Error is { } claimError) return [Failed(prepared, SdxDiagnostic.Shift(claimError, c.Line, c.Text, claimPart.Offset))];
            claims = parsed.Claims;
        }

        IReadOnlyList<CaseResult> results;
        if (c.Points is not { } pointsPart) results = [DerivativeCheck.Describe(prepared)];
        else
        {
            var slots = ParsePoints(c, pointsPart, prepared);
            if (slots.Count == 0)
                return [Failed(prepared, SdxDiagnostic.Error("expected a point after '@', e.g. '@ 3' or '@ x=1, y=2'", c.Line, c.Text, pointsPart.Offset, pointsPart.Text.Length))];
            var valid = slots.Where(s => s.Point is not null).Select(s => s.Point!).ToList();
            IReadOnlyList<CaseResult> checkedPoints = valid.Count == 0 ? [] : DerivativeCheck.Run(prepared, valid, oracle?.Invoke());
            var merged = new List<CaseResult>(slots.Count);
            var next = 0;
            foreach (var slot in slots)
                merged.Add(slot.Error is { } pointError ? Failed(prepared, pointError) : checkedPoints[next++] with { PointText = slot.Typed });
            results = merged;
        }
        return claims.IsEmpty ? results : ClaimCheck.Apply(prepared, claims, results, oracle: null);
    }

    private sealed record Slot(IReadOnlyDictionary<string, double>? Point, CaseError? Error, ImmutableDictionary<string, string>? Typed = null);

    /// <summary>One slot per non-empty ';'-separated point, each a point or an error with its column in the line.</summary>
    private static List<Slot> ParsePoints(SdxCase c, SdxPart part, PreparedCase prepared)
    {
        var slots = new List<Slot>();
        var offset = 0;
        // The data in effect gives values to the variables a point leaves out: the point is read as if the function
        // had only the others, so a lone "3" is the one variable without data. Where every variable has data, a lone
        // value is the one variable of a one-variable function, or the one variable differentiated by
        // ("{wrt: x} x^2*y @ 3" under data: x=2, y=1).
        var data = c.Settings.Data;
        var free = prepared.Variables.Where(v => !data.ContainsKey(v)).ToList();
        if (free.Count == 0) free = prepared.Variables.Length == 1 ? [.. prepared.Variables] : [.. prepared.Wrt.Where(prepared.Variables.Contains)];
        PreparedCase Asking(IReadOnlyList<string> variables) => data.IsEmpty ? prepared : new PreparedCase
        {
            Line = prepared.Line, Input = prepared.Input, Options = prepared.Options, Factory = prepared.Factory,
            Variables = [.. variables], Wrt = prepared.Wrt,
        };
        foreach (var raw in part.Text.Split(';'))
        {
            var start = offset;
            offset += raw.Length + 1;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var lead = raw.Length - raw.TrimStart().Length;
            var text = raw.Trim();
            var at = part.Offset + start + lead;
            // A point that names its variables may also override data ("@ x=5" under data: x=2, y=3): it is read for
            // the names it gives and the variables without data, and data fills in the rest.
            var named = BoundNames(text);
            var asked = named.Count == 0 ? free : [.. prepared.Variables.Where(v => named.Contains(v) || !data.ContainsKey(v))];
            var parsed = PointSpec.Parse(text, Asking(asked), "point");
            if (parsed.Error is { } error)
            {
                slots.Add(new Slot(null, SdxDiagnostic.WithMatMulHint(SdxDiagnostic.Shift(error, c.Line, c.Text, at), c, text)));
                continue;
            }
            var point = parsed.Points[0];
            if (!data.IsEmpty)
            {
                var merged = new Dictionary<string, double>(point);
                foreach (var v in prepared.Variables)
                    if (!merged.ContainsKey(v) && data.TryGetValue(v, out var value)) merged[v] = value;
                point = merged;
            }
            var missing = prepared.Variables.Where(v => !point.ContainsKey(v)).ToList();
            if (missing.Count > 0)
            {
                var message = $"no value for {(missing.Count > 1 ? "variables" : "variable")} {string.Join(", ", missing.Select(m => $"'{m}'"))} at this point: " +
                              $"write \"{string.Join(", ", prepared.Variables.Select(v => point.TryGetValue(v, out var value) ? $"{v}={PointAnalysis.Show(value)}" : $"{v}=..."))}\"";
                slots.Add(new Slot(null, SdxDiagnostic.Error(message, c.Line, c.Text, at, text.Length)));
                continue;
            }
            slots.Add(new Slot(point, null, parsed.Typed[0]));
        }
        return slots;
    }

    // The names a point binds ("x=5, y = pi/4" binds x and y); none for a lone value.
    private static HashSet<string> BoundNames(string point) =>
        [.. System.Text.RegularExpressions.Regex.Matches(point, @"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)\s*=").Select(m => m.Groups[1].Value)];

    private static CaseResult Failed(PreparedCase prepared, CaseError error) =>
        DerivativeCheck.Describe(prepared) with { Status = CaseStatus.Error, Error = error, Notes = [error.Message] };

    private static CaseResult LineError(SdxCase c, string input, CaseError error) => new()
    {
        Line = c.Line, Input = input, Status = CaseStatus.Error, Error = error, Notes = [error.Message],
    };
}
