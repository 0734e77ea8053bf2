using System.Text.Encodings.Web;
using System.Text.Json;
using SymDiff.Checking;
using SymDiff.Formatting;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The JSON document of <c>grad</c> and <c>check</c>: <c>{"cases":[...],"summary":{...}}</c>. This schema is a
/// contract scripts rely on: fields may be added, never renamed or removed. NaN and infinities are written as
/// the strings "NaN", "Infinity" and "-Infinity".
/// </summary>
public static class JsonReport
{
    /// <param name="where">Add each case's repeated subterms named once: <c>"where"</c> (name to expression) and
    /// <c>"shown"</c> (the derivatives written with the names); <c>"derivatives"</c> stays in full.</param>
    public static void Write(Stream output, IReadOnlyList<CaseResult> results, bool where = false)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartArray("cases");
        foreach (var r in results) WriteCase(json, r, where: where);
        json.WriteEndArray();
        WriteSummary(json, Summary.Of(results));
        json.WriteEndObject();
    }

    /// <param name="json">The document being written.</param>
    /// <param name="r">The case.</param>
    /// <param name="file">The .sdx file of the case (<c>check</c>: its path as given, or "stdin"), written first; null for <c>grad</c>.</param>
    public static void WriteCase(Utf8JsonWriter json, CaseResult r, string? file = null, bool where = false)
    {
        json.WriteStartObject();
        if (file is not null) json.WriteString("file", file);
        json.WriteNumber("line", r.Line);
        json.WriteString("input", r.Input);
        json.WriteString("expression", r.Expression);
        json.WriteStartArray("variables");
        foreach (var v in r.Variables) json.WriteStringValue(v);
        json.WriteEndArray();
        if (r.Point is { } point)
        {
            json.WriteStartObject("point");
            foreach (var (name, value) in point) WriteNumber(json, name, value);
            json.WriteEndObject();
        }
        else json.WriteNull("point");
        // The values as typed ("pi/4"), beside the numbers of "point"; null where none were typed (no point).
        if (r.PointText is { } typed)
        {
            json.WriteStartObject("pointText");
            foreach (var (name, _) in r.Point ?? []) if (typed.TryGetValue(name, out var text)) json.WriteString(name, text);
            json.WriteEndObject();
        }
        else json.WriteNull("pointText");

        json.WriteStartObject("derivatives");
        // null where the derivative has no value anywhere (a constant without one; the note says which).
        foreach (var d in r.Derivatives)
        {
            if (d.HasNoValue) json.WriteNull(d.Key);
            else json.WriteString(d.Key, d.Shown);
        }
        json.WriteEndObject();
        if (WhereLines.Of(r, where) is { IsEmpty: false } names)
        {
            json.WriteStartObject("where");
            foreach (var w in names.Where) json.WriteString(w.Name, names.Value(w));
            json.WriteEndObject();
            json.WriteStartObject("shown");
            foreach (var d in r.Derivatives)
            {
                if (d.HasNoValue) json.WriteNull(d.Key);
                else json.WriteString(d.Key, names.Shown(d));
            }
            json.WriteEndObject();
        }
        WriteValues(json, "symbolic", r, d => d.Symbolic);
        WriteValues(json, "autograd", r, d => d.Autograd);
        WriteValues(json, "numeric", r, d => d.Numeric);
        if (r.Derivatives.Any(d => d.AbsoluteDifference is not null))
        {
            json.WriteStartObject("differences");
            foreach (var d in r.Derivatives)
            {
                json.WriteStartObject(d.Key);
                WriteNumber(json, "absolute", d.AbsoluteDifference);
                WriteNumber(json, "relative", d.RelativeDifference);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        if (r.Nodes is { } nodes)
        {
            json.WriteStartObject("nodes");
            json.WriteNumber("function", nodes.Function);
            json.WriteNumber("derivatives", nodes.Derivatives);
            json.WriteEndObject();
        }
        else json.WriteNull("nodes");
        json.WriteString("device", r.Device);
        json.WriteString("dtype", r.DType);
        json.WriteString("status", StatusName(r.Status));
        json.WriteStartArray("notes");
        foreach (var n in r.Notes) json.WriteStringValue(n);
        json.WriteEndArray();
        if (r.Error is { } error)
        {
            json.WriteStartObject("error");
            json.WriteString("message", error.Message);
            // The stable diagnostic code (SD1003...), null for errors that have none.
            json.WriteString("code", error.Code is { } code ? Syntax.DiagnosticMessages.Id(code) : null);
            json.WriteNumber("column", error.Column);
            json.WriteNumber("length", error.Length);
            json.WriteEndObject();
        }
        else json.WriteNull("error");
        if (r.Claim is { } claim)
        {
            json.WritePropertyName("claim");
            WriteClaim(json, claim);
        }
        if (!r.Claims.IsEmpty)
        {
            json.WriteStartArray("claims");
            foreach (var each in r.Claims) WriteClaim(json, each);
            json.WriteEndArray();
        }
        if (r.Stats is { } stats) WriteStats(json, stats);
        if (r.Derivations is { } derivations) WriteSteps(json, derivations);
        json.WriteEndObject();
    }

    private static void WriteClaim(Utf8JsonWriter json, ClaimResult claim)
    {
        json.WriteStartObject();
        json.WriteString("variable", claim.Variable);
        json.WriteStartArray("variables");
        foreach (var v in ClaimCheck.Path(claim)) json.WriteStringValue(v);
        json.WriteEndArray();
        json.WriteNumber("order", claim.Order);
        json.WriteString("expression", claim.Expression);
        json.WriteString("verdict", claim.Verdict.ToString().ToLowerInvariant());
        if (claim.Counterexample is { } point)
        {
            json.WriteStartObject("counterexample");
            json.WriteStartObject("point");
            foreach (var (name, value) in point) WriteNumber(json, name, value);
            json.WriteEndObject();
            WriteNumber(json, "claimed", claim.ClaimedValue);
            WriteNumber(json, "true", claim.TrueValue);
            json.WriteEndObject();
        }
        else json.WriteNull("counterexample");
        json.WriteString("hint", claim.Hint);
        json.WriteString("reason", claim.Reason);
        json.WriteString("exceptions", claim.Exceptions);
        json.WriteEndObject();
    }

    // "steps": [{"variable","variables","derivative","of","rule","input","output","references","depth","reused"}], then
    // per derivative a "simplify" step that closes the derivation with "failedChecks" (steps that disagree with finite
    // differences; 0 unless a bug).
    // "output" is what the text report shows (DerivationStep.Shown): the result, or where printing it in full would
    // swell (issue 8), the rule with placeholders "[d/dx u]", each listed in "references" with the expression "of"
    // whose derivative it stands for (derived in a step below).
    private static void WriteSteps(Utf8JsonWriter json, IEnumerable<Derivation> derivations)
    {
        json.WriteStartArray("steps");
        foreach (var d in derivations)
        {
            foreach (var step in d.Steps)
            {
                json.WriteStartObject();
                WriteDerivative(json, d);
                json.WriteString("rule", step.Rule);
                json.WriteString("input", InfixFormatter.Format(step.Input, d.Style));
                json.WriteString("output", InfixFormatter.Format(step.Shown, d.Style));
                json.WriteStartArray("references");
                foreach (var reference in step.References)
                {
                    json.WriteStartObject();
                    json.WriteString("name", reference.Placeholder.Name);
                    json.WriteString("of", InfixFormatter.Format(reference.Of, d.Style));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteNumber("depth", step.Depth);
                json.WriteBoolean("reused", step.Reused);
                json.WriteEndObject();
            }
            json.WriteStartObject();
            WriteDerivative(json, d);
            json.WriteString("rule", "simplify");
            json.WriteString("input", InfixFormatter.Format(d.Raw, d.Style));
            json.WriteString("output", InfixFormatter.Format(d.Simplified, d.Style));
            json.WriteStartArray("references");
            json.WriteEndArray();
            json.WriteNumber("depth", 0);
            json.WriteBoolean("reused", false);
            json.WriteNumber("failedChecks", d.FailedChecks);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    // "variable" is the one this derivation differentiates by; "variables" the whole path ([x, y] for d2f/dxdy, whose
    // steps take d/dy of the simplified df/dx, given as "of").
    private static void WriteDerivative(Utf8JsonWriter json, Derivation d)
    {
        json.WriteString("variable", d.Variable);
        json.WriteStartArray("variables");
        foreach (var v in d.Path) json.WriteStringValue(v);
        json.WriteEndArray();
        json.WriteString("derivative", DerivativeLabel.Of(d.Path));
        json.WriteString("of", d.Function is { } of ? InfixFormatter.Format(of, d.Style) : null);
    }

    // Shared with TensorJsonReport: one stats object for scalar and vector/matrix cases.
    internal static void WriteStats(Utf8JsonWriter json, CaseStats s)
    {
        json.WriteStartObject("stats");
        json.WriteNumber("parseUs", Math.Round(s.ParseUs, 1));
        json.WriteNumber("differentiateUs", Math.Round(s.DifferentiateUs, 1));
        json.WriteNumber("simplifyUs", Math.Round(s.SimplifyUs, 1));
        // The key predates the lowering it measures (CaseStats.LowerUs); kept so existing readers still find it.
        json.WriteNumber("compileUs", Math.Round(s.LowerUs, 1));
        json.WriteNumber("evaluateUs", Math.Round(s.EvaluateUs, 1));
        json.WriteNumber("autogradUs", Math.Round(s.AutogradUs, 1));
        json.WriteNumber("nodesBeforeSimplify", s.NodesBeforeSimplify);
        json.WriteNumber("nodesAfterSimplify", s.NodesAfterSimplify);
        json.WriteEndObject();
    }

    public static void WriteSummary(Utf8JsonWriter json, Summary s)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("total", s.Total);
        json.WriteNumber("pass", s.Pass);
        json.WriteNumber("fail", s.Fail);
        json.WriteNumber("error", s.Error);
        json.WriteNumber("undefined", s.Undefined);
        if (s.Seconds is { } seconds) json.WriteNumber("seconds", Math.Round(seconds, 3));
        json.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter json, string name, CaseResult r, Func<DerivativeResult, double?> pick)
    {
        if (r.Derivatives.IsEmpty || r.Derivatives.All(d => pick(d) is null)) { json.WriteNull(name); return; }
        json.WriteStartObject(name);
        foreach (var d in r.Derivatives) WriteNumber(json, d.Key, pick(d));
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case double v when double.IsNaN(v): json.WriteString(name, "NaN"); break;
            case double.PositiveInfinity: json.WriteString(name, "Infinity"); break;
            case double.NegativeInfinity: json.WriteString(name, "-Infinity"); break;
            case double v: json.WriteNumber(name, v); break;
        }
    }

    public static string StatusName(CaseStatus s) => s.ToString().ToLowerInvariant();
}

/// <summary>Counts of results by status; the closing line of every report.</summary>
public sealed record Summary(int Total, int Pass, int Fail, int Error, int Undefined)
{
    public static Summary Of(IEnumerable<CaseResult> results)
    {
        int total = 0, pass = 0, fail = 0, error = 0, undefined = 0;
        foreach (var r in results)
        {
            total++;
            switch (r.Status)
            {
                case CaseStatus.Pass: pass++; break;
                case CaseStatus.Fail: fail++; break;
                case CaseStatus.Error: error++; break;
                case CaseStatus.Undefined: undefined++; break;
            }
        }
        return new Summary(total, pass, fail, error, undefined);
    }

    /// <summary>Exit code: 2 for any error, else 1 for any failure, else 0.</summary>
    public int ExitCode => Error > 0 ? ExitCodes.BadInput : Fail > 0 ? ExitCodes.Mismatch : ExitCodes.Success;

    /// <summary>The wall time of the run, when it was measured (<c>check</c>).</summary>
    public double? Seconds { get; init; }

    /// <summary><c>9 passed, 2 failed, 1 error, 1 undefined (13 cases, 0.4 s)</c>; the time only when measured.</summary>
    public override string ToString() =>
        $"{Pass} passed, {Fail} failed, {Count(Error, "error")}, {Undefined} undefined ({Count(Total, "case")}" +
        (Seconds is { } s ? $", {Time(s)})" : ")");

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    // Two significant digits under a second (0.43 s), one decimal above (12.5 s): a run's time, not a benchmark.
    private static string Time(double seconds) =>
        (seconds < 1 ? Math.Max(seconds, 0.01).ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)
                     : seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)) + " s";
}
