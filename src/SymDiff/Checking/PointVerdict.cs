using System.Collections.Immutable;
using SymDiff.Calculus;
using SymDiff.Evaluation;

namespace SymDiff.Checking;

/// <summary>
/// The verdict at one point. The function as written decides values and domains: where it has no value the verdict
/// is <see cref="CaseStatus.Undefined"/> and the note names the subexpression, whatever the canonical form says. The
/// symbolic derivative is compared with autograd and with finite differences of the written form; a disagreement is
/// a FAIL only when no documented PyTorch approximation, kink convention or loss of digits in the written form
/// explains it (the high-precision reference decides which value is right).
/// </summary>
internal static class PointVerdict
{
    public static CaseResult Check(PreparedCase c, CasePrograms programs, IReadOnlyDictionary<string, double> point,
        double[]? autograd, string? device)
    {
        var written = c.Written!;
        var tolerance = c.Options.Tolerance ?? Tolerance.For(c.Options.NumericType);
        var notes = new List<string>(DerivativeCheck.AbsentWrtNotes(c));
        foreach (var extra in point.Keys.Where(k => !c.Variables.Contains(k)))
            notes.Add($"'{extra}' is not a variable of the function; its value is ignored");

        // One walk of each program at the point: the written form (its value, domain and approximations) and the
        // canonical one (the function's nodes for kinks, and the derivatives). Both take the case's variables in order.
        var inputs = written.Inputs(point);
        var at = new Evaluated(Interpreter.EvaluateSlots(written.Program, inputs), Interpreter.EvaluateSlots(programs.Canonical, inputs), programs);
        var symbolic = Symbolic(programs, inputs, at.Canonical);
        var value = at.Written[written.Program.OutputSlots[0]];
        var derivatives = new List<DerivativeResult>();
        var errors = new double[c.Derivatives.Length];
        var runner = new ProgramRunner(written.Program, inputs, at.Written);
        for (var k = 0; k < c.Derivatives.Length; k++)
        {
            var d = c.Derivatives[k];
            var (numeric, error) = WrittenDifferences.Of(runner, written, inputs, value, d.Variables) ?? LowerOrderDifference(c, programs, d, inputs);
            errors[k] = error;
            derivatives.Add(new DerivativeResult(d.Variables, d.Value, Clean(symbolic[k]), autograd is null ? null : Clean(autograd[k]), Clean(numeric)) { Style = c.NumberStyle });
        }

        var status = Verdict(c, point, inputs, at, derivatives, errors, tolerance, notes);
        return DerivativeCheck.BaseOf(c) with
        {
            Point = DerivativeCheck.Ordered(c, point), Derivatives = [.. derivatives], Device = device, Status = status, Notes = [.. notes],
        };
    }

    // -0 is an artefact of evaluation order, never a finding: shown and compared as 0.
    private static double Clean(double v) => v == 0 ? 0 : v;

    /// <summary>Every slot of the written program and of the case's canonical program at the point.</summary>
    private sealed record Evaluated(double[] Written, double[] Canonical, CasePrograms Programs);

    // The derivatives' values from the canonical walk; where one has no IEEE value, again with the strong zero
    // (Interpreter.EvaluateWithStrongZero), which would have returned these same values had all been finite.
    private static double[] Symbolic(CasePrograms programs, double[] inputs, double[] slots)
    {
        var outputs = programs.Derivatives.OutputSlots;
        var values = new double[outputs.Length];
        for (var k = 0; k < values.Length; k++) values[k] = slots[outputs[k]];
        return values.All(double.IsFinite) ? values : Interpreter.EvaluateWithStrongZero(programs.Derivatives, inputs);
    }

    // Orders above WrittenDifferences.MaxOrder difference the symbolic derivative of one order less.
    private static (double, double) LowerOrderDifference(PreparedCase c, CasePrograms programs, PartialDerivative d, double[] inputs)
    {
        var program = programs.LowerOrders[string.Join(',', d.Variables[..^1])];
        var at = c.Variables.IndexOf(d.Variables[^1]);
        if (at < 0) return (0, 0);
        var runner = new ProgramRunner(program, inputs, Interpreter.EvaluateSlots(program, inputs));
        var moved = (double[])inputs.Clone();
        double At(double x)
        {
            moved[at] = x;
            return runner.First(moved);
        }
        return FiniteDifferences.Ridders(h =>
        {
            var step = h * Math.Max(1, Math.Abs(inputs[at]));
            return (At(inputs[at] + step) - At(inputs[at] - step)) / (2 * step);
        }, FiniteDifferences.InitialStep(0));
    }

    private static CaseStatus Verdict(PreparedCase c, IReadOnlyDictionary<string, double> point, double[] inputs, Evaluated values,
        List<DerivativeResult> derivatives, double[] errors, Tolerance tolerance, List<string> notes)
    {
        var written = c.Written!;
        var at = DomainAnalysis.Describe(c.Variables, point);
        if (c.UndefinedEverywhere is { } everywhere)
        {
            notes.Add(DerivativeCheck.EverywhereNoteOf(everywhere));
            return CaseStatus.Undefined;
        }
        var value = values.Written[written.Program.OutputSlots[0]];
        var found = DomainAnalysis.ExplainSlots(written, values.Written);
        // An overflow on the way to a finite value (1/exp(x) at 710) is worth a note, not a verdict.
        if (found is { Problem: DomainProblem.Overflow } && double.IsFinite(value))
            notes.Add($"{found.Description} at {at}; the function's value is still finite");
        else if (found is not null)
        {
            var why = DomainAnalysis.RoundingOnly(written, inputs, found) ?? found;
            var lead = why.Problem == DomainProblem.Overflow ? "the function cannot be evaluated in float64 here" : "the function as written is not defined here";
            notes.Add($"{lead}: {why.Description} at {at}");
            if (why.Problem == DomainProblem.Undefined && c.Function is { } canonical
                && double.IsFinite(values.Canonical[values.Programs.Canonical.OutputSlots[0]]))
                notes.Add($"its simplified form {canonical} is defined here, but simplifying may not extend the domain: the function as written decides");
            if (c.UndefinedWhereSampled is { } sampled) notes.Add(sampled.Note);
            return CaseStatus.Undefined;
        }

        var kinks = values.Programs.HasKinkSites
            ? KinkAnalysis.FromNodeValues(c.Function!, PointAnalysis.NodeValues(values.Programs.Canonical, values.Canonical, values.Programs.FunctionSlots), point, c.Wrt, c.Factory)
            : KinkReport.None;
        var onKink = !kinks.Kinks.IsEmpty;
        var notDifferentiable = kinks.HasNonDifferentiableKink;
        ThroughDifferentiableKinks(kinks, derivatives, notes);
        if (Edges(c, inputs, kinks, derivatives, at) is { Count: > 0 } edges)
        {
            notes.AddRange(kinks.Describe());
            notes.AddRange(edges);
            return CaseStatus.Undefined;
        }
        var undefined = derivatives.Where(d => !double.IsFinite(d.Symbolic!.Value)).ToList();
        if (undefined.Count > 0)
        {
            foreach (var d in undefined)
            {
                var agreement = d.Autograd is { } a ? (tolerance.Agrees(d.Symbolic!.Value, a) ? "; autograd agrees" : $"; autograd gives {DomainAnalysis.Show(a)}") : "";
                notes.Add($"{Name(d)} is {DomainAnalysis.Show(d.Symbolic!.Value)} here{agreement}");
            }
            notes.AddRange(kinks.Describe());
            return CaseStatus.Undefined;
        }
        notes.AddRange(kinks.Describe());

        var approximations = Approximations(written, values.Written);
        var failed = false;
        for (var k = 0; k < derivatives.Count; k++)
        {
            var d = derivatives[k];
            var s = d.Symbolic!.Value;
            if (d.Autograd is { } a && !tolerance.Agrees(s, a))
            {
                notes.Add($"{Name(d)}: symbolic {DomainAnalysis.Show(s)} and autograd {DomainAnalysis.Show(a)} differ by {DomainAnalysis.Show(Math.Abs(s - a))}");
                if (notDifferentiable) continue; // explained below: a convention, not a fact
                if (approximations.Count > 0)
                {
                    notes.AddRange(approximations.Select(x => $"{x}; the symbolic value is the exact derivative"));
                    continue;
                }
                if (Reference.Confirms(c, k, point, s, a, "autograd") is { } confirmation)
                {
                    notes.Add(confirmation);
                    continue;
                }
                // Autograd's chain rule meets 0*inf or NaN*0 where an inner derivative of the written form is exactly 0
                // and an outer partial has no value (asin(u/u): asin'(1) = inf times 0; x^relu(y) at y < 0: log(x) of a
                // negative x times 0), though the function is smooth there. Finite differences of the written form decide.
                if (!double.IsFinite(a) && double.IsFinite(s) && FiniteDifferenceAgrees(s, d.Numeric!.Value, errors[k]))
                {
                    notes.Add($"{Name(d)}: autograd's chain rule gives {DomainAnalysis.Show(a)} (0 times a derivative without a value, in the written form); finite differences of the written form agree with the symbolic value");
                    continue;
                }
                failed = true;
            }
        }
        if (failed) return CaseStatus.Fail;
        // The approximation is active but autograd agrees within tolerance (softplus at 25: 1 against
        // 0.99999999998611): still say so, as the README promises, since autograd's value there is not the derivative.
        if (approximations.Count > 0 && derivatives.Any(d => d.Autograd is not null) && !notes.Any(n => approximations.Any(n.StartsWith)))
            notes.AddRange(approximations.Select(x => $"{x}; here that is within tolerance of the exact derivative"));
        if (derivatives.Any(d => d.Autograd is { } a && !tolerance.Agrees(d.Symbolic!.Value, a)) && notDifferentiable)
        {
            notes.Add("the values differ only at a kink, where each side uses its own convention");
            return CaseStatus.Undefined;
        }

        var withoutAutograd = derivatives.All(d => d.Autograd is null);
        for (var k = 0; k < derivatives.Count; k++)
        {
            var d = derivatives[k];
            var s = d.Symbolic!.Value;
            var n = d.Numeric!.Value;
            if (FiniteDifferenceAgrees(s, n, errors[k])) continue;
            // Even where f is differentiable (x*relu(x) at 0) a stencil across a kink is off by about h/2.
            if (onKink)
            {
                notes.Add(kinks.Kinks.Any(kink => kink.Directions.Any(direction => direction.IsJump))
                    ? $"{Name(d)}: finite differences give {DomainAnalysis.Show(n)}, which means nothing here: the stencil straddles a jump"
                    : $"{Name(d)}: finite differences give {DomainAnalysis.Show(n)} (the stencil straddles a kink, so they average the two sides)");
                continue;
            }
            if (approximations.Count > 0 && withoutAutograd)
            {
                notes.AddRange(approximations.Select(x => $"{x}; finite differences of the written form see it too"));
                continue;
            }
            if (Reference.Confirms(c, k, point, s, n, "finite differences") is { } confirmation)
            {
                notes.Add(confirmation);
                continue;
            }
            var scale = Math.Max(1, Math.Max(Math.Abs(s), Math.Abs(n)));
            if (!(errors[k] <= 1e-4 * scale))
            {
                // The function varies too fast (or too roughly) here for differences to say anything either way.
                notes.Add($"{Name(d)}: finite differences are inconclusive here ({DomainAnalysis.Show(n)}, estimated error {DomainAnalysis.Show(errors[k])})");
                continue;
            }
            notes.Add($"{Name(d)}: finite differences give {DomainAnalysis.Show(n)} (estimated error {DomainAnalysis.Show(errors[k])})");
            // With autograd agreeing, a finite difference alone is not evidence of a wrong derivative.
            if (withoutAutograd) return CaseStatus.Fail;
        }
        return CaseStatus.Pass;
    }

    // f differentiable through a kink although the derivative's expression has no value there (2*x^3/sqrt(x^4) is 0/0
    // at 0, and so is autograd's inf*0): the exact one-sided derivatives agree, so their common value is the derivative.
    private static void ThroughDifferentiableKinks(KinkReport kinks, List<DerivativeResult> derivatives, List<string> notes)
    {
        for (var k = 0; k < derivatives.Count; k++)
        {
            var d = derivatives[k];
            if (d.Variables.Length != 1 || double.IsFinite(d.Symbolic!.Value)) continue;
            var along = kinks.Kinks.SelectMany(kink => kink.Directions).Where(x => x.Variable == d.Variables[0]).ToList();
            if (along.Count == 0 || !along.All(x => x.IsDifferentiable)) continue;
            var slope = along[0].Right.Slope + 0.0;
            notes.Add($"{Name(d)}: its expression {d.Shown} is {DomainAnalysis.Show(d.Symbolic.Value)} here, but f is differentiable: " +
                      $"both one-sided derivatives are {DomainAnalysis.Show(slope)} (exact, through {string.Join(", ", kinks.Kinks.Select(x => x.Node))}), so {Name(d)} = {DomainAnalysis.Show(slope)}");
            derivatives[k] = d with { Symbolic = slope };
        }
    }

    // Edges of the written domain along the variables asked for, where a derivative shows the trouble (no value, or a
    // NaN from finite differences) and no kink already says which side f is missing (sqrt(x) at 0 keeps its note).
    private static List<string> Edges(PreparedCase c, double[] inputs, KinkReport kinks, List<DerivativeResult> derivatives, string at)
    {
        var edges = new List<string>();
        foreach (var v in c.Wrt.Distinct())
        {
            if (kinks.Kinks.SelectMany(k => k.Directions).Any(x => x.Variable == v && !(x.Left.IsDefined && x.Right.IsDefined))) continue;
            if (!derivatives.Any(d => d.Variables.Contains(v) && (double.IsNaN(d.Numeric!.Value) || !double.IsFinite(d.Symbolic!.Value)
                                                                 || d.Autograd is { } a && !double.IsFinite(a)))) continue;
            if (WrittenSides.Edge(c.Written!, inputs, v, at) is { } edge) edges.Add(edge);
        }
        return edges;
    }

    // Ridders' error estimate is honest about noise: agreement within the default tolerance, or within a few times
    // the estimated error when that error is itself small.
    private static bool FiniteDifferenceAgrees(double symbolic, double numeric, double error)
    {
        if (Tolerance.FiniteDifference.Agrees(symbolic, numeric)) return true;
        var scale = Math.Max(1, Math.Max(Math.Abs(symbolic), Math.Abs(numeric)));
        return double.IsFinite(error) && error <= 1e-4 * scale && Math.Abs(symbolic - numeric) <= 8 * error;
    }

    private static string Name(DerivativeResult d) => DerivativeLabel.Of(d.Variables);

    // The documented PyTorch approximations (function table) active in the written form at this point.
    private static List<string> Approximations(WrittenForm written, double[] slots)
    {
        var found = new List<string>();
        var code = written.Program.Instructions;
        for (var s = 0; s < code.Length; s++)
        {
            if (code[s] is not { Kind: InstructionKind.Call, Function.Approximation: { } approximation }) continue;
            if (!approximation.AppliesAt([.. code[s].Operands.Select(o => slots[o])])) continue;
            var note = $"{written.TextOf(written.Origins[s])}: {approximation.Description}";
            if (!found.Contains(note)) found.Add(note);
        }
        return found;
    }
}
