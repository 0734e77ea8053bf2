using SymDiff.Checking;
using SymDiff.Numbers;

namespace SymDiff.Cli.Rendering;

/// <summary>The human-readable report of <c>grad</c>: the function, its simplified derivatives, and per point a table of values and a verdict.</summary>
public static class TextReport
{
    /// <param name="where">Name repeated subterms once (<c>where s = sigmoid(w*x + b)</c>); false prints every derivative in full.</param>
    public static void WriteCase(TextWriter w, IReadOnlyList<CaseResult> pointsOfOneCase, Tolerance tolerance, bool color, bool where = true)
    {
        var first = pointsOfOneCase[0];
        if (first.Error is not null) return;
        // The function as the user wrote it: the written form is the truth; the canonical form is only for differentiating.
        w.WriteLine($"{Labels.Function(first.Variables)} = {first.Input.Trim()}");
        w.WriteLine();
        var width = first.Derivatives.Max(d => Labels.Derivative(d.Variables).Length);
        var names = WhereLines.Of(first, where);
        foreach (var d in first.Derivatives)
            w.WriteLine($"{Labels.Derivative(d.Variables).PadRight(width)} = {names.Shown(d)}");
        foreach (var line in names.Text()) w.WriteLine(line);
        foreach (var derivation in first.Derivations ?? []) StepsReport.WriteText(w, derivation);

        foreach (var r in pointsOfOneCase)
        {
            if (r.Point is null)
            {
                if (r.Status == CaseStatus.Undefined) w.WriteLine(Paint("UNDEFINED  the function has no value to check (see the note)", r.Status, color));
                WriteClaimAndNotes(w, r, color);
                continue;
            }
            w.WriteLine();
            w.WriteLine($"at {Labels.Point(r.Point.Value, r.PointText)}");
            var autogradHeader = r.Device is null ? "autograd" : $"autograd ({r.Device}, {r.DType})";
            string[] header = ["", "symbolic", autogradHeader, "finite difference", "|diff|", "rel. diff"];
            var rows = r.Derivatives.Select(d => new[]
            {
                Labels.Derivative(d.Variables), Show(d.Symbolic), d.Autograd is null ? "-" : Show(d.Autograd),
                Show(d.Numeric), Difference(d.AbsoluteDifference), Difference(d.RelativeDifference),
            }).ToList();
            WriteTable(w, header, rows);
            w.WriteLine();
            var (word, reason) = VerdictText.Of(r, tolerance);
            var verdict = reason.Length == 0 ? word : $"{word}  {reason}";
            w.WriteLine(Paint(verdict, r.Status, color));
            WriteClaimAndNotes(w, r, color);
        }
    }

    private static void WriteClaimAndNotes(TextWriter w, CaseResult r, bool color)
    {
        foreach (var claim in VerdictText.ClaimsOf(r))
        {
            w.WriteLine();
            var verdict = claim.Verdict switch
            {
                ClaimVerdict.Correct => Paint("CORRECT", CaseStatus.Pass, color),
                ClaimVerdict.Incorrect => Paint("INCORRECT", CaseStatus.Fail, color),
                _ => Paint("UNKNOWN", CaseStatus.Undefined, color),
            };
            w.WriteLine($"claim {ClaimCheck.Label(claim)} = {claim.Expression}: {verdict}");
            if (claim.Counterexample is { } at)
                w.WriteLine($"  at {Labels.Point(at)} the claim gives {Show(claim.ClaimedValue)}, the derivative is {Show(claim.TrueValue)}");
            if (claim.Hint is { } hint) w.WriteLine($"  hint: {hint}");
            if (claim.Reason is { } reason) w.WriteLine($"  {reason}");
            if (claim.Exceptions is { } exceptions) w.WriteLine($"  {exceptions}");
        }
        foreach (var note in VerdictText.NotesOf(r)) w.WriteLine($"note: {note}");
        if (r.Stats is { } s)
        {
            w.WriteLine();
            w.WriteLine(StatsText.Line(s, "derivative nodes"));
        }
    }

    public static string Show(double? v) => v is { } x ? PointAnalysis.Show(x) : "-";

    /// <summary>The |diff| and rel. diff columns: three significant digits (2.78e-17), "-" without autograd.</summary>
    public static string Difference(double? v) => v is { } x ? NumberText.Difference(x) : "-";

    public static void WriteTable(TextWriter w, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        w.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows) w.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }

    public static string Paint(string text, CaseStatus status, bool color)
    {
        if (!color) return text;
        var code = status switch { CaseStatus.Pass => "32", CaseStatus.Undefined => "33", _ => "31" };
        return $"\u001b[1;{code}m{text}\u001b[0m";
    }
}
