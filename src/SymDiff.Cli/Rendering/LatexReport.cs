using SymDiff.Checking;
using SymDiff.Formatting;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// An <c>align*</c> block ready to paste into notes: the function as written, its derivatives, their values at the
/// points, and what the text report says in words (the verdict, the claims, the notes) as <c>\text{}</c> lines, so
/// the pasted block is valid LaTeX that still says whether the check passed.
/// </summary>
public static class LatexReport
{
    /// <param name="where">Name repeated subterms once (<c>\text{where } s = \sigma(w x + b)</c>); false writes them in full.</param>
    public static void WriteCase(TextWriter w, IReadOnlyList<CaseResult> pointsOfOneCase, PreparedCase prepared, Tolerance tolerance, bool where = true)
    {
        var first = pointsOfOneCase[0];
        if (prepared.Function is null) return;
        w.WriteLine("\\begin{align*}");
        var lines = new List<string> { $"f({string.Join(", ", first.Variables.Select(LatexFormatter.Symbol))}) &= {Written(prepared)}" };
        // The names the text report chooses (WhereLines), written in LaTeX.
        var names = WhereLines.Of(first, where);
        lines.AddRange(prepared.Derivatives.Select(d => $"{Labels.LatexDerivative(d.Variables)} &= " +
            (d.Value.ContainsUndefinedConstant ? Text(DerivativeResult.NoValueText)
                : LatexFormatter.Format(names.Abbreviated(d.Key) ?? d.Value, prepared.NumberStyle))));
        foreach (var (name, i) in names.Where.Select((n, i) => (n, i)))
            lines.Add($"{(i == 0 ? "\\text{where } " : "")}{LatexFormatter.Symbol(name.Name)} &= {LatexFormatter.Format(name.Value, prepared.NumberStyle)}");
        foreach (var r in pointsOfOneCase)
        {
            if (r.Point is { } point)
            {
                var at = string.Join(", ", point.Select(p => $"{LatexFormatter.Symbol(p.Key)} = {Typed(p.Key, r.PointText)}{PointAnalysis.Show(p.Value)}"));
                // At an undefined point a value would read as a result: say undefined, as the verdict line does.
                lines.AddRange(r.Derivatives.Select(d =>
                    $"{Labels.LatexDerivative(d.Variables)}\\Big|_{{{at}}} &= " +
                    (r.Status == CaseStatus.Undefined || d.HasNoValue ? Text(DerivativeResult.NoValueText) : Value(d.Symbolic))));
                var (word, reason) = VerdictText.Of(r, tolerance);
                lines.Add($"&{Text(reason.Length == 0 ? word : $"{word}: {reason}")}");
            }
            else if (r.Status == CaseStatus.Undefined) lines.Add($"&{Text("UNDEFINED: the function has no value to check (see the note)")}");
            lines.AddRange(VerdictText.NotesOf(r).Select(n => $"&{Text($"note: {n}")}"));
        }
        foreach (var claim in VerdictText.ClaimsOf(first))
        {
            // The claim as written, in LaTeX when it parses (it did, to be judged), with its verdict and why.
            var parsed = Syntax.Parser.Parse(claim.Expression);
            var shown = parsed.Syntax is { } syntax && parsed.Success ? WrittenLatexFormatter.Format(syntax, parsed.Text) : Text(claim.Expression);
            var verdict = claim.Verdict.ToString().ToUpperInvariant();
            lines.Add($"\\text{{claim: }} {Labels.LatexDerivative(ClaimCheck.Path(claim))} &\\overset{{?}}{{=}} {shown} \\quad {Text($"({verdict})")}");
            if (claim.Counterexample is { } at)
                lines.Add($"&{Text($"at {Labels.Point(at)} the claim gives {TextReport.Show(claim.ClaimedValue)}, the derivative is {TextReport.Show(claim.TrueValue)}")}");
            if (claim.Hint is { } hint) lines.Add($"&{Text($"hint: {hint}")}");
            if (claim.Reason is { } why) lines.Add($"&{Text(why)}");
            if (claim.Exceptions is { } exceptions) lines.Add($"&{Text(exceptions)}");
        }
        w.WriteLine(string.Join(" \\\\\n", lines));
        w.WriteLine("\\end{align*}");
        foreach (var derivation in first.Derivations ?? []) StepsReport.WriteLatex(w, derivation);
    }

    // NaN and infinities are words, not math: \text{NaN}.
    // A value typed as an expression, in LaTeX and followed by " = " (x = \frac{\pi}{4} = 0.785...); nothing for a plain number.
    private static string Typed(string name, IReadOnlyDictionary<string, string>? typed)
    {
        if (typed is null || !typed.TryGetValue(name, out var text) || PointSpec.Echo(name, 0, typed) == PointSpec.Echo(name, 0, null)) return "";
        var parsed = Syntax.Parser.Parse(text);
        return parsed.Syntax is { } syntax && parsed.Success ? $"{WrittenLatexFormatter.Format(syntax, parsed.Text)} = " : "";
    }

    private static string Value(double? v) => v is { } x && double.IsFinite(x) ? PointAnalysis.Show(x) : Text(TextReport.Show(v ?? double.NaN));

    // The function as the user wrote it (the text report's f line), not the canonical form: x/x stays x/x.
    private static string Written(PreparedCase prepared)
    {
        var parsed = Syntax.Parser.Parse(prepared.Input);
        return parsed.Syntax is { } syntax ? WrittenLatexFormatter.Format(syntax, parsed.Text) : Text(prepared.Input.Trim());
    }

    /// <summary>Words in a <c>\text{}</c>, with LaTeX's special characters escaped (notes quote expressions: x^2, a_1).</summary>
    public static string Text(string words)
    {
        var sb = new System.Text.StringBuilder("\\text{");
        foreach (var ch in words)
            sb.Append(ch switch
            {
                '\\' => "\\textbackslash{}",
                '^' => "\\textasciicircum{}",
                '~' => "\\textasciitilde{}",
                '{' or '}' or '$' or '&' or '#' or '%' or '_' => $"\\{ch}",
                _ => ch.ToString(),
            });
        return sb.Append('}').ToString();
    }
}
