using System.Collections.Immutable;
using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Checking;
using SymDiff.Formatting;
using SymDiff.Simplification;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// grad --steps: records each first derivative's derivation (the differentiator's own run, observed), checks
/// every step against finite differences at a seeded point, and renders the steps as text or LaTeX.
/// </summary>
public static class StepsReport
{
    public static IReadOnlyList<CaseResult> Attach(PreparedCase c, IReadOnlyList<CaseResult> results)
    {
        if (c.Function is not { } function) return results;
        var rng = new Random(20261125);
        var point = c.Variables.ToDictionary(v => v, _ => 0.3 + rng.NextDouble());
        // Order k derives each simplified derivative of order k - 1 again, as on paper: d2f/dxdy is d/dy of df/dx.
        var derivations = new List<Derivation>();
        var level = new List<(ImmutableArray<string> Path, Expr Of)> { ([], function) };
        for (var k = 0; k < c.Options.Order; k++)
        {
            var next = new List<(ImmutableArray<string>, Expr)>();
            foreach (var (path, of) in level)
                foreach (var v in c.Wrt)
                {
                    var trace = DerivationTrace.Run(of, v, c.Factory);
                    // The last order ends on the form the report's headline shows (equal in value; simplified from the
                    // unsimplified chain, its form can differ from what simplifying this step's result gives).
                    var headline = k == c.Options.Order - 1 ? c.Derivatives.FirstOrDefault(d => d.Variables.SequenceEqual(path.Add(v)))?.Value : null;
                    var simplified = headline ?? Simplifier.Simplify(trace.Result, c.Factory).Value;
                    var check = new Dictionary<string, double>(point) { [v] = point.GetValueOrDefault(v, 0.7) };
                    derivations.Add(new Derivation(v, trace.Steps, trace.Result, simplified, trace.Verify(check).Count)
                        { Function = of, Variables = path.Add(v), Style = c.NumberStyle });
                    next.Add((path.Add(v), simplified));
                }
            level = next;
        }
        return [.. results.Select(r => r with { Derivations = [.. derivations] })];
    }

    public static void WriteText(TextWriter w, Derivation d)
    {
        w.WriteLine();
        w.WriteLine($"derivation of {Heading(d)}:");
        if (NoSteps(d) is { } none)
        {
            w.WriteLine($"  {none}");
            return;
        }
        foreach (var step in d.Steps)
        {
            var lead = new string(' ', 2 + 2 * step.Depth);
            // Shown: the output, or where that would swell, the rule with references to the steps below (issue 8).
            w.WriteLine($"{lead}{DerivationStep.DerivativeOf(d.Variable, step.Input, d.Style)} = {Infix(step.Shown, d)}   [{step.Rule}]");
        }
        if (!d.Raw.Equals(d.Simplified)) w.WriteLine($"  simplify: {Infix(d.Raw, d)} = {Infix(d.Simplified, d)}");
        w.WriteLine(d.FailedChecks == 0
            ? "  every step agrees with finite differences"
            : $"  {d.FailedChecks} step(s) disagree with finite differences: please report this as a bug");
    }

    public static void WriteLatex(TextWriter w, Derivation d)
    {
        var v = LatexFormatter.Symbol(d.Variable);
        if (NoSteps(d) is { } none)
        {
            w.WriteLine($"\\text{{{none}}}");
            return;
        }
        w.WriteLine("\\begin{align*}");
        // Every step sits in align*'s left-aligned column (after the &), one \quad per level of nesting, so a chain
        // rule's inner steps show indented under the step that needs them (the column before & is right-aligned, where
        // leading space would not show).
        var lines = d.Steps.Where(s => !s.Reused).Select(s =>
            $"&{string.Concat(Enumerable.Repeat("\\quad ", s.Depth))}{Derivative(v, s.Input, d.Style)} = {ShownLatex(v, s, d.Style)} && \\text{{{s.Rule}}}").ToList();
        if (d.Path.Length > 1)
            lines.Insert(0, $"&{Labels.LatexDerivative(d.Path)} = {Derivative(v, d.Function!, d.Style)} && \\text{{d/d{d.Variable} of }} {Labels.LatexDerivative(d.Path[..^1])}");
        if (!d.Raw.Equals(d.Simplified)) lines.Add($"&= {LatexFormatter.Format(d.Simplified, d.Style)} && \\text{{simplify}}");
        w.WriteLine(string.Join(" \\\\\n", lines));
        w.WriteLine("\\end{align*}");
    }

    // "df/dx", or for a higher derivative what it is the derivative of: "d2f/dxdy = d/dy of df/dx = 3*x^2*y".
    private static string Heading(Derivation d) => d.Path.Length == 1
        ? DerivativeLabel.Of(d.Path)
        : $"{DerivativeLabel.Of(d.Path)} = d/d{d.Variable} of {DerivativeLabel.Of(d.Path[..^1])} = {Infix(d.Function!, d)}";

    // The differentiator takes no step where the canonical form does not contain the variable: say why, not
    // "every step agrees" under an empty derivation (x/x, a new user's report).
    private static string? NoSteps(Derivation d)
    {
        if (d.Steps.Length > 0) return null;
        if (d.Path.Length > 1)
            return $"{DerivativeLabel.Of(d.Path[..^1])} = {Infix(d.Function!, d)} does not contain {d.Variable}, so {DerivativeLabel.Of(d.Path)} = {Infix(d.Simplified, d)} and there are no steps";
        var form = d.Function is Num ? $"the canonical form is the constant {Infix(d.Function, d)}"
            : d.Function is { } f ? $"the canonical form {Infix(f, d)} does not contain {d.Variable}"
            : $"the function does not contain {d.Variable}";
        return $"{form}, so df/d{d.Variable} = {Infix(d.Simplified, d)} and there are no steps";
    }

    private static string Infix(Expr e, Derivation d) => InfixFormatter.Format(e, d.Style);

    private static string Derivative(string v, Expr of, NumberStyle style) => $"\\frac{{d}}{{d{v}}}\\left[{LatexFormatter.Format(of, style)}\\right]";

    // The placeholders [d/dx u] of a step's formula, written as derivatives.
    private static string ShownLatex(string v, DerivationStep s, NumberStyle style)
    {
        var latex = LatexFormatter.Format(s.Shown, style);
        foreach (var r in s.References) latex = latex.Replace(LatexFormatter.Symbol(r.Placeholder.Name), Derivative(v, r.Of, style));
        return latex;
    }
}
