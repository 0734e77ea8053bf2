using System.Globalization;
using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Tensors;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The human-readable report of <c>check</c>: per file a table (line, expression, point, derivative, symbolic,
/// autograd, verdict) with one row per derivative, and under a case's row its claim, hint, notes, error with caret
/// and stats; the summary <c>N passed, N failed, N errors, N undefined</c> alone on the last line. Columns are as
/// wide as the widest cell seen so far in the file (long expressions are not padded beyond
/// <see cref="MaxPaddedWidth"/>), so the table streams. A row wider than <c>width</c> (the terminal's, or
/// <see cref="DefaultWidth"/> when the output is not a terminal) wraps its derivative under itself, at a term or a
/// factor where it can, so that the values and the verdict stay on the row's first line.
/// </summary>
public sealed class CheckTextReport(TextWriter output, bool color, int width = CheckTextReport.DefaultWidth) : ICheckReport
{
    /// <summary>The width rows wrap at when the output is not a terminal (a pipe, a file) and COLUMNS is not set.</summary>
    public const int DefaultWidth = 100;

    /// <summary>
    /// However narrow the width, a derivative gets this many columns per line: a short derivative is never broken,
    /// and where the other columns alone fill the width the row goes beyond it rather than squeeze the formula.
    /// </summary>
    public const int MinDerivativeWidth = 24;

    /// <summary>The lines a derivative wraps onto under its row get at least this many columns.</summary>
    public const int MinContinuationWidth = 48;

    private const int DerivativeColumn = 3;

    /// <summary>Cells wider than this push their row to the right instead of widening the whole column.</summary>
    public const int MaxPaddedWidth = 40;

    private static readonly string[] Header = ["line", "expression", "point", "derivative", "symbolic", "autograd", "verdict"];

    private int[] _widths = [];
    private bool _headerWritten;
    private int _files;

    public void BeginFile(string name)
    {
        if (_files++ > 0) output.WriteLine();
        output.WriteLine(name);
        _widths = [.. Header.Select(h => h.Length)];
        _headerWritten = false;
    }

    public void Write(IReadOnlyList<CheckedCase> chunk)
    {
        var blocks = new List<(List<(string[] Cells, CaseStatus? Status)> Rows, List<string> Details)>();
        foreach (var c in chunk)
            for (var k = 0; k < c.Results.Count; k++)
                blocks.Add((Rows(c.Results[k]), Details(c.Results[k], firstOfCase: k == 0)));
        foreach (var (rows, _) in blocks)
            foreach (var (cells, _) in rows)
                for (var i = 0; i < cells.Length - 1; i++)
                    _widths[i] = Math.Max(_widths[i], Math.Min(cells[i].Length, MaxPaddedWidth));
        // The derivative column gives way to the width: its long cells wrap (Wrapped) rather than push the values out.
        var verdicts = blocks.SelectMany(b => b.Rows).Select(r => r.Cells[^1].Length).Append(Header[^1].Length).Max();
        var others = _widths.Take(Header.Length - 1).Where((_, i) => i != DerivativeColumn).Sum(w => w + 2) + verdicts;
        _widths[DerivativeColumn] = Math.Min(_widths[DerivativeColumn], Math.Max(MinDerivativeWidth, width - others - 2));
        if (!_headerWritten)
        {
            output.WriteLine(Line(Header, null));
            _headerWritten = true;
        }
        foreach (var (rows, details) in blocks)
        {
            foreach (var (cells, status) in rows)
                foreach (var line in Wrapped(cells, status)) output.WriteLine(line);
            foreach (var d in details) output.WriteLine(d);
        }
        output.Flush();
    }

    public void EndFile() { }

    public void Finish(Summary summary)
    {
        output.WriteLine();
        output.WriteLine(summary.ToString());
        output.Flush();
    }

    /// <summary>
    /// The row as one line when it fits in the width; otherwise its derivative cell wrapped: the first piece in the
    /// row, the others under it, aligned after "df/dx = ".
    /// </summary>
    private IEnumerable<string> Wrapped(string[] cells, CaseStatus? status)
    {
        const int derivative = DerivativeColumn;
        var whole = Line(cells, status);
        var plain = color ? Line(cells, null) : whole;
        if (plain.Length <= width) return [whole];
        var before = Enumerable.Range(0, derivative).Sum(i => Math.Max(_widths[i], cells[i].Length) + 2);
        var after = Enumerable.Range(derivative + 1, cells.Length - derivative - 2).Sum(i => Math.Max(_widths[i], cells[i].Length) + 2) + 2 + cells[^1].Length;
        var room = Math.Max(_widths[derivative], width - before - after);
        var text = cells[derivative];
        if (text.Length <= room) return [whole];
        // The lines under the row hold nothing but the derivative: they may use the whole width, aligned after
        // "df/dx = " unless the columns before leave less than MinContinuationWidth there. When the column leaves
        // too little room after "df/dx = ", the formula starts on the second line.
        var label = text.IndexOf(" = ", StringComparison.Ordinal) is var eq and >= 0 ? eq + 3 : 0;
        var indentWidth = Math.Max(0, Math.Min(before + label, width - MinContinuationWidth));
        var rest = Math.Max(MinDerivativeWidth, width - indentWidth);
        var first = (string[])cells.Clone();
        List<string> under;
        if (room - label >= MinDerivativeWidth)
        {
            var pieces = TextWrap.Wrap(text[label..], room - label, rest);
            first[derivative] = text[..label] + pieces[0];
            under = pieces[1..];
        }
        else
        {
            first[derivative] = text[..label].TrimEnd();
            under = TextWrap.Wrap(text[label..], rest, rest);
        }
        var indent = new string(' ', indentWidth);
        return [Line(first, status), .. under.Select(p => indent + p)];
    }

    private string Line(string[] cells, CaseStatus? status)
    {
        var padded = cells.Select((c, i) => i < cells.Length - 1 ? c.PadRight(_widths[i]) : status is { } s ? TextReport.Paint(c, s, color) : c);
        return string.Join("  ", padded).TrimEnd();
    }

    /// <summary>One row per derivative (one row without derivatives); the case's cells on the first.</summary>
    private static List<(string[] Cells, CaseStatus? Status)> Rows(CaseResult r)
    {
        var line = r.Line.ToString(CultureInfo.InvariantCulture);
        if (r.Tensor is { } t) return TensorRows(r, t, line);
        var point = r.Point is { } p ? Labels.Point(p, r.PointText) : "-";
        if (r.Derivatives.IsEmpty || r.Status == CaseStatus.Error)
            return [([line, r.Input, point, "-", "-", "-", Verdict(r)], r.Status)];
        return [.. r.Derivatives.Select((d, i) => (new[]
        {
            i == 0 ? line : "", i == 0 ? r.Input : "", i == 0 ? point : "",
            $"{Labels.Derivative(d.Variables)} = {d.Shown}", Number(d.Symbolic), Number(d.Autograd), i == 0 ? Verdict(r) : "",
        }, i == 0 ? r.Status : (CaseStatus?)null))];
    }

    /// <summary>Tensor cells up to this many characters show the value; larger ones their shape (values under the row).</summary>
    public const int MaxValueCell = 28;

    // A vector/matrix line: the point is its shapes, a derivative cell its matrix notation, a value cell the value
    // when short (else its shape; the details show it).
    private static List<(string[] Cells, CaseStatus? Status)> TensorRows(CaseResult r, TensorCaseResult t, string line)
    {
        var check = t.Check;
        if (check.Derivatives.IsEmpty) return [([line, r.Input, t.ShapesText, "-", "-", "-", Verdict(r)], r.Status)];
        return [.. check.Derivatives.Select((d, i) => (new[]
        {
            i == 0 ? line : "", i == 0 ? r.Input : "", i == 0 ? t.ShapesText : "",
            $"{TensorLabel(d)} = {d.Notation ?? "(numerically)"}", Cell(d.Symbolic, Dims(check, d)), Cell(d.Autograd, Dims(check, d)), i == 0 ? Verdict(r) : "",
        }, i == 0 ? r.Status : (CaseStatus?)null))];
    }

    private static string TensorLabel(TensorDerivative d) => d.IsJacobian ? $"J_{d.Variable}" : $"df/d{d.Variable}";

    // A Jacobian nests as f.shape + variable.shape, as grad prints it ([3][3][2] for tanh(W@x) by W).
    private static int[] Dims(TensorCheckResult check, TensorDerivative d) =>
        d.IsJacobian && check.Order == 1 ? [.. check.FunctionShape.Dimensions, .. check.Point.Shapes[d.Variable].Dimensions]
        : check.Order == 1 ? check.Point.Shapes[d.Variable].Dimensions : [];

    private static string Cell(TensorValue? v, int[] dims) => v switch
    {
        null => "-",
        _ when TensorTextReport.Show(v, dims.Length == 0 ? v.Shape.Dimensions : dims) is var text && text.Length <= MaxValueCell => text,
        _ when dims.Length > 2 => $"{string.Join("x", dims)} Jacobian",
        _ => v.Shape.Rank == 1 ? $"{v.Shape}-vector" : $"{v.Shape} matrix",
    };

    private static List<string> TensorDetails(CaseResult r, TensorCaseResult t, string indent)
    {
        var check = t.Check;
        var lines = new List<string>();
        var seeded = check.Point.Seeded.Where(t.Variables.Contains).ToList();
        lines.Add($"{indent}at {string.Join(", ", t.Variables.Select(v => $"{v} = {TensorTextReport.Show(check.Point.Values[v])}"))}" +
                  (seeded.Count > 0 ? $"  ({string.Join(", ", seeded)} random, seed {check.Point.Seed})" : ""));
        // Values that did not fit in their cells are shown where they matter: under a row that is not a pass (JSON has them all).
        foreach (var d in r.Status == CaseStatus.Pass ? [] : check.Derivatives)
        {
            if (Cell(d.Symbolic, Dims(check, d)) == (d.Symbolic is { } sv ? TensorTextReport.Show(sv, Dims(check, d)) : "-") &&
                Cell(d.Autograd, Dims(check, d)) == (d.Autograd is { } av ? TensorTextReport.Show(av, Dims(check, d)) : "-")) continue;
            if ((d.Symbolic ?? d.Numeric) is not { } shown) continue;
            lines.Add($"{indent}{TensorLabel(d)} = {TensorTextReport.Show(shown, Dims(check, d).Length == 0 ? shown.Shape.Dimensions : Dims(check, d))}; max |diff| {TensorTextReport.Short(d.MaxAbsDiff)}, max rel. diff {TensorTextReport.Short(d.MaxRelDiff)}" +
                      (d.MaxRelDiff > 0 ? $" at {d.WorstIndex}" : ""));
        }
        foreach (var c in t.Claims)
        {
            lines.Add($"{indent}claim d/d{c.Claim.Variable} = {c.Claim.Text}: " +
                      (c.Correct ? $"correct (equal at the point and at {TensorClaims.RandomPoints} random points)" : $"{c.Verdict.ToString().ToLowerInvariant()}: {c.Counterexample}"));
            if (c.Hint is { } hint) lines.Add($"{indent}  hint: {hint}");
        }
        foreach (var note in r.Notes) lines.Add($"{indent}note: {note}");
        return lines;
    }

    private static string Verdict(CaseResult r)
    {
        if (r.Tensor is { Claims.IsEmpty: false } t)
            return $"{JsonReport.StatusName(r.Status).ToUpperInvariant()}, claim {(t.Claims.All(c => c.Correct) ? "correct" : t.Claims.Any(c => c.Verdict == ClaimVerdict.Incorrect) ? "incorrect" : "unknown")}";
        var status = JsonReport.StatusName(r.Status).ToUpperInvariant();
        return r.Claim is { } claim ? $"{status}, claim {claim.Verdict.ToString().ToLowerInvariant()}" : status;
    }

    /// <summary>
    /// The lines under a case's rows: its error with the caret, its claims (once per line, not per point), notes
    /// and stats.
    /// </summary>
    private static List<string> Details(CaseResult r, bool firstOfCase)
    {
        const string indent = "    ";
        if (r.Tensor is { } t) return TensorDetails(r, t, indent);
        var lines = new List<string>();
        if (r.Error is { } error) lines.AddRange(error.Rendered.Split('\n').Select(l => indent + l));
        if (r.Claim is { } claim && firstOfCase)
        {
            var head = $"{indent}claim {ClaimCheck.Label(claim)} = {claim.Expression}: {claim.Verdict.ToString().ToLowerInvariant()}";
            if (claim.Counterexample is { } at)
                head += $": at {Labels.Point(at)} the claim gives {Number(claim.ClaimedValue)}, the derivative is {Number(claim.TrueValue)}";
            else if (claim.Reason is { } reason)
                head += $" ({reason})";
            lines.Add(head);
            if (claim.Hint is { } hint) lines.Add($"{indent}  hint: {hint}");
            if (claim.Exceptions is { } exceptions) lines.Add($"{indent}  {exceptions}");
        }
        foreach (var note in r.Notes)
        {
            if (r.Error is not null && note == r.Error.Message) continue;
            var aboutClaim = note.StartsWith("claim d", StringComparison.Ordinal);
            if (aboutClaim && !firstOfCase) continue;
            lines.Add(aboutClaim ? indent + note : $"{indent}note: {note}");
        }
        // Per point the stats are the case's (evaluate and autograd are averages over its points): once is enough.
        if (r.Stats is { } s && firstOfCase)
            lines.Add(indent + StatsText.Line(s, "derivative nodes"));
        return lines;
    }

    /// <summary>12 significant digits: enough to read, and the JSON report has every digit.</summary>
    private static string Number(double? v) => v switch
    {
        null => "-",
        0.0 => "0", // -0 too: a sign on zero means nothing to a reader
        double x => Numbers.NumberText.Significant(x, 12),
    };
}
