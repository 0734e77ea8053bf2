using SymDiff.Checking;
using SymDiff.Formatting;

namespace SymDiff.Cli.Rendering;

/// <summary>An <c>align*</c> block with the function and its derivatives (and values at the points), ready to paste into notes.</summary>
public static class LatexReport
{
    public static void WriteCase(TextWriter w, IReadOnlyList<CaseResult> pointsOfOneCase, Checking.PreparedCase prepared)
    {
        var first = pointsOfOneCase[0];
        if (prepared.Function is not { } function) return;
        w.WriteLine("\\begin{align*}");
        var lines = new List<string> { $"f({string.Join(", ", first.Variables.Select(LatexFormatter.Symbol))}) &= {LatexFormatter.Format(function)}" };
        lines.AddRange(prepared.Derivatives.Select(d => $"{Labels.LatexDerivative(d.Variables)} &= {LatexFormatter.Format(d.Value)}"));
        foreach (var r in pointsOfOneCase.Where(r => r.Point is not null))
            lines.AddRange(r.Derivatives.Select(d =>
                $"{Labels.LatexDerivative(d.Variables)}\\Big|_{{{string.Join(", ", r.Point!.Value.Select(p => $"{LatexFormatter.Symbol(p.Key)} = {PointAnalysis.Show(p.Value)}"))}}} &= {PointAnalysis.Show(d.Symbolic ?? double.NaN)}"));
        foreach (var claim in first.Claims)
        {
            // The claim as written, in LaTeX when it parses (it did, to be judged), with its verdict.
            var parsed = Syntax.Parser.Parse(claim.Expression);
            var shown = parsed.Value is { } value ? LatexFormatter.Format(value) : $"\\text{{{claim.Expression}}}";
            var verdict = claim.Verdict.ToString().ToLowerInvariant();
            lines.Add($"\\text{{claim: }} {Labels.LatexDerivative([.. Enumerable.Repeat(claim.Variable, claim.Order)])} &\\overset{{?}}{{=}} {shown} \\quad \\text{{({verdict})}}");
        }
        w.WriteLine(string.Join(" \\\\\n", lines));
        w.WriteLine("\\end{align*}");
        foreach (var derivation in first.Derivations ?? []) StepsReport.WriteLatex(w, derivation);
    }
}
