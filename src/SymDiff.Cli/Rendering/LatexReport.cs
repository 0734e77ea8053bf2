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
        w.WriteLine(string.Join(" \\\\\n", lines));
        w.WriteLine("\\end{align*}");
        foreach (var derivation in first.Derivations ?? []) StepsReport.WriteLatex(w, derivation);
    }
}
