using System.Text.Encodings.Web;
using System.Text.Json;
using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Tensors;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The JSON of a vector/matrix check, in the shape of <see cref="JsonReport"/>'s cases: tensor values are nested
/// arrays (row-major), <c>shapes</c> gives each variable's dimensions, <c>derivatives[v]</c> the matrix notation
/// (null where there is none), and <c>symbolic[v]</c>, <c>autograd[v]</c>, <c>numeric[v]</c> have the variable's shape
/// for a scalar f, and f.shape + variable.shape for a Jacobian.
/// </summary>
internal static class TensorJsonReport
{
    /// <summary>
    /// One case per point, as the scalar grad writes several points: each with the claims (judged once), a wrong
    /// claim failing every case.
    /// </summary>
    public static void Write(TextWriter output, IReadOnlyList<TensorCheckResult> points, IReadOnlyList<string> variables, IReadOnlyList<TensorClaimResult> claims)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("cases");
            var wrongClaim = claims.Any(c => c.Verdict == ClaimVerdict.Incorrect);
            var statuses = points.Select(r => wrongClaim ? CaseStatus.Fail : r.Status).ToList();
            for (var i = 0; i < points.Count; i++) WriteCase(json, points[i], variables, claims, line: 1, status: statuses[i]);
            json.WriteEndArray();
            json.WriteStartObject("summary");
            json.WriteNumber("total", points.Count);
            json.WriteNumber("pass", statuses.Count(st => st == CaseStatus.Pass));
            json.WriteNumber("fail", statuses.Count(st => st == CaseStatus.Fail));
            json.WriteNumber("error", 0);
            json.WriteNumber("undefined", statuses.Count(st => st == CaseStatus.Undefined));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>
    /// One case object; <c>check</c> gives the .sdx <paramref name="line"/> (written first, as in its scalar cases)
    /// and the case's <paramref name="status"/> (a wrong claim fails the case).
    /// </summary>
    internal static void WriteCase(Utf8JsonWriter json, TensorCheckResult r, IReadOnlyList<string> variables, IReadOnlyList<TensorClaimResult> claims,
        int? line = null, CaseStatus? status = null, string? file = null)
    {
        json.WriteStartObject();
        if (file is not null) json.WriteString("file", file);
        if (line is { } number) json.WriteNumber("line", number);
        json.WriteString("input", r.Input);
        json.WriteString("expression", r.Canonical is { } canonical ? TensorFormatter.Format(canonical) : r.Input);
        json.WriteStartArray("variables");
        foreach (var v in variables) json.WriteStringValue(v);
        json.WriteEndArray();
        json.WriteStartObject("shapes");
        foreach (var v in variables) WriteDimensions(json, v, r.Point.Shapes[v]);
        json.WriteEndObject();
        WriteDimensions(json, "shape", r.FunctionShape);
        json.WriteNumber("seed", r.Point.Seed);
        json.WriteStartArray("seeded");
        foreach (var v in r.Point.Seeded.Where(variables.Contains)) json.WriteStringValue(v);
        json.WriteEndArray();
        json.WriteStartObject("point");
        foreach (var v in variables)
        {
            json.WritePropertyName(v);
            WriteTensor(json, r.Point.Values[v], r.Point.Values[v].Shape);
        }
        json.WriteEndObject();
        json.WritePropertyName("value");
        WriteTensor(json, r.Value, r.Value.Shape);
        json.WriteStartObject("derivatives");
        foreach (var d in r.Derivatives)
            if (d.Notation is null) json.WriteNull(d.Variable);
            else json.WriteString(d.Variable, d.Notation);
        json.WriteEndObject();
        WriteValues(json, "symbolic", r, d => d.Symbolic);
        WriteValues(json, "autograd", r, d => d.Autograd);
        WriteValues(json, "numeric", r, d => d.Numeric);
        json.WriteStartObject("differences");
        foreach (var d in r.Derivatives)
        {
            json.WriteStartObject(d.Variable);
            WriteNumber(json, "absolute", d.MaxAbsDiff);
            WriteNumber(json, "relative", d.MaxRelDiff);
            json.WriteString("worst", d.WorstIndex);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("nodes");
        json.WriteNumber("function", r.Canonical?.TreeSize ?? 0);
        json.WriteNumber("derivatives", r.Derivatives.Sum(d => d.Expression?.TreeSize ?? 0));
        json.WriteEndObject();
        json.WriteString("device", r.Device);
        json.WriteString("dtype", "float64");
        json.WriteString("status", (status ?? r.Status).ToString().ToLowerInvariant());
        json.WriteStartArray("notes");
        foreach (var n in r.Notes) json.WriteStringValue(n);
        json.WriteEndArray();
        json.WriteNull("error");
        // As in the scalar report: "claim" is the first incorrect claim (else the first), "claims" every claim.
        if (claims.Count > 0)
        {
            json.WritePropertyName("claim");
            WriteClaim(json, claims.FirstOrDefault(c => c.Verdict == ClaimVerdict.Incorrect) ?? claims[0], r);
        }
        json.WriteStartArray("claims");
        foreach (var c in claims) WriteClaim(json, c, r);
        json.WriteEndArray();
        if (r.Stats is { } s) JsonReport.WriteStats(json, s);
        json.WriteEndObject();
    }

    // The scalar schema: "counterexample" is {"point", "claimed", "true"} (here nested arrays, plus "entry", the first
    // entry that differs, null when the shapes differ), or null; "reason" says it in words.
    private static void WriteClaim(Utf8JsonWriter json, TensorClaimResult c, TensorCheckResult r)
    {
        json.WriteStartObject();
        json.WriteString("variable", c.Claim.Variable);
        json.WriteStartArray("variables");
        json.WriteStringValue(c.Claim.Variable);
        json.WriteEndArray();
        json.WriteNumber("order", 1);
        json.WriteString("expression", c.Claim.Text);
        json.WriteString("verdict", c.Verdict.ToString().ToLowerInvariant());
        if (c.At is { } at)
        {
            json.WriteStartObject("counterexample");
            json.WriteStartObject("point");
            foreach (var (name, value) in at.Point.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(name);
                WriteTensor(json, value, value.Shape);
            }
            json.WriteEndObject();
            json.WriteString("entry", at.Entry);
            json.WritePropertyName("claimed");
            WriteTensor(json, at.Claimed, at.Claimed.Shape);
            json.WritePropertyName("true");
            // A Jacobian nests as f.shape + variable.shape, as in "symbolic".
            var v = r.Point.Shapes[c.Claim.Variable];
            WriteTensor(json, at.True, r.FunctionShape.IsScalar || at.True.Shape.Size != r.FunctionShape.Size * v.Size ? at.True.Shape.Dimensions : Nested(r.FunctionShape, v));
            json.WriteEndObject();
        }
        else json.WriteNull("counterexample");
        json.WriteString("hint", c.Hint);
        json.WriteString("reason", c.Correct ? null : c.Counterexample);
        json.WriteNull("exceptions");
        json.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter json, string name, TensorCheckResult r, Func<TensorDerivative, TensorValue?> pick)
    {
        if (r.Derivatives.All(d => pick(d) is null))
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        foreach (var d in r.Derivatives)
        {
            json.WritePropertyName(d.Variable);
            if (pick(d) is not { } value) json.WriteNullValue();
            // A second derivative (key "x,y") is a matrix: rows the first variable's entries, columns the second's.
            else WriteTensor(json, value, d.IsJacobian && r.Order == 1 ? Nested(r.FunctionShape, r.Point.Shapes[d.Variable]) : value.Shape.Dimensions);
        }
        json.WriteEndObject();
    }

    // A Jacobian's dimensions, f.shape + variable.shape; beyond two they are written as nested arrays all the same.
    private static int[] Nested(Shape f, Shape v) => [.. f.Dimensions, .. v.Dimensions];

    // Nested arrays, row-major (shared with OptimizeReport).
    internal static void WriteTensor(Utf8JsonWriter json, TensorValue value, Shape shape) => WriteTensor(json, value, shape.Dimensions);

    private static void WriteTensor(Utf8JsonWriter json, TensorValue value, int[] dims)
    {
        var index = 0;
        WriteLevel(json, value.Data, dims, 0, ref index);
    }

    private static void WriteLevel(Utf8JsonWriter json, double[] data, int[] dims, int level, ref int index)
    {
        if (level == dims.Length)
        {
            WriteNumberValue(json, data[index++]);
            return;
        }
        json.WriteStartArray();
        for (var i = 0; i < dims[level]; i++) WriteLevel(json, data, dims, level + 1, ref index);
        json.WriteEndArray();
    }

    private static void WriteDimensions(Utf8JsonWriter json, string name, Shape shape)
    {
        json.WriteStartArray(name);
        foreach (var d in shape.Dimensions) json.WriteNumberValue(d);
        json.WriteEndArray();
    }

    internal static void WriteNumber(Utf8JsonWriter json, string name, double v)
    {
        json.WritePropertyName(name);
        WriteNumberValue(json, v);
    }

    // NaN and infinities as strings, as in the scalar report.
    private static void WriteNumberValue(Utf8JsonWriter json, double v)
    {
        if (double.IsFinite(v)) json.WriteNumberValue(v);
        else json.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }
}
