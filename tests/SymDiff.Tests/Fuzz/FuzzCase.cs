using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SymDiff.Checking;
using SymDiff.Syntax;

namespace SymDiff.Tests.Fuzz;

/// <summary>
/// One fuzz case, fully determined by (seed, index): a generated function, its options (order 1 or 2, a --wrt list or
/// all variables) and random points, checked through <see cref="DerivativeCheck"/> with one autograd call. Every
/// wrong verdict is described with everything needed to reproduce it.
/// </summary>
internal sealed class FuzzCase
{
    private static readonly Regex DerivativeWithoutValue = new(@"^d\S*f/\S+ is (NaN|-?Infinity) here", RegexOptions.CultureInvariant);

    private readonly int _seed;
    private readonly int _index;
    private readonly Random _rng;
    private readonly ExpressionGenerator _generator;

    public FuzzCase(int seed, int index)
    {
        _seed = seed;
        _index = index;
        // Random(int) is deterministic across runs and machines (HashCode.Combine is not).
        _rng = new Random(unchecked(seed * 100_003 + index));
        _generator = new ExpressionGenerator(_rng, _rng.Next(1, 4), maxDepth: 4);
        Order = _rng.NextDouble() < 0.6 ? 1 : 2;
        Wrt = _rng.Next(3) switch
        {
            0 => null,
            1 => [.. _generator.Variables.OrderBy(_ => _rng.Next())],
            _ => [.. _generator.Variables.Where(_ => _rng.NextDouble() < 0.6).DefaultIfEmpty(_generator.Variables[0])],
        };
    }

    public int Order { get; }
    public ImmutableArray<string>? Wrt { get; }
    private CheckOptions Options => new() { Order = Order, Wrt = Wrt };

    /// <summary>
    /// A random function at random points: where its written form is defined and away from kinks the verdict is Pass
    /// (or Undefined when a note says a derivative has no value); where an operation of the written form is a domain
    /// error (NaN from finite operands) it is Undefined.
    /// </summary>
    public void RunDefined(IAutogradOracle oracle, Tally tally, List<string> wrong)
    {
        var tree = _generator.Function();
        var text = tree.ToString();
        if (Prepare(text, tally, wrong) is not { } prepared) return;
        tally.Coverage.UnionWith(FuzzCoverage.Of(tree));
        tally.Coverage.UnionWith(_generator.FormsEmitted.Select(n => $"written form {n}"));

        var points = new List<Dictionary<string, double>>();
        var expectDefined = new List<bool?>(); // null: ill-conditioned in float64, judged only as never FAIL
        for (var attempt = 0; attempt < 12 && points.Count < 6; attempt++)
        {
            var point = RandomPoint();
            var probe = FuzzEvaluator.At(tree, point);
            if (!SameValue(probe.Value, prepared.Written!.Evaluate(point)))
            {
                wrong.Add(Describe(text, $"the written form's value {Show(prepared.Written!.Evaluate(point))} differs from the generated tree's {Show(probe.Value)}", point));
                tally.Wrong++;
                return;
            }
            if (probe.DomainError) { points.Add(point); expectDefined.Add(false); }
            else if (probe.Infinite) tally.SkippedInfinite++;
            else if (probe.KinkDistance < 1e-6) tally.SkippedNearKink++;
            else if (probe.KnownBug) tally.SkippedKnownBug++;
            else if (IllConditioned(tree, prepared, point)) { points.Add(point); expectDefined.Add(null); }
            else { points.Add(point); expectDefined.Add(true); }
        }
        if (points.Count == 0) return;

        var results = DerivativeCheck.Run(prepared, [.. points], oracle);
        for (var p = 0; p < points.Count; p++)
            if (expectDefined[p] is { } defined) Judge(text, points[p], results[p], defined, tally, wrong);
            else
            {
                // Where float64 cannot decide, the 31-digit reference does: such a point may be Undefined (a derivative
                // rounds to Infinity) but never a FAIL.
                tally.IllConditioned[results[p].Status]++;
                if (results[p].Status == CaseStatus.Fail)
                    wrong.Add(Describe(text, "FAIL where float64 cannot decide, though the 31-digit reference should", points[p], results[p]));
            }
    }

    /// <summary>A function with a part undefined by construction at pinned points: the verdict is Undefined there.</summary>
    public void RunTrap(IAutogradOracle oracle, Tally tally, List<string> wrong)
    {
        var trapped = _generator.Trap();
        var text = trapped.Function.ToString();
        if (Prepare(text, tally, wrong) is not { } prepared) return;

        var points = new List<Dictionary<string, double>>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var point = RandomPoint();
            foreach (var (v, value) in trapped.Pins) point[v] = value;
            // The construction holds wherever the part's own operands have values: an infinity inside a part that is
            // no pole by construction is an overflow, and skipped.
            if (FuzzEvaluator.At(trapped.Part, point) is { Defined: false, DomainError: var domain } && (domain || trapped.Pole))
                points.Add(point);
            else tally.SkippedTrapOverflow++;
        }
        if (points.Count == 0) return;

        var results = DerivativeCheck.Run(prepared, [.. points], oracle);
        for (var p = 0; p < points.Count; p++)
            Judge(text, points[p], results[p], expectDefined: false, tally, wrong, $"its part {trapped.Part} has no value there");
    }

    // Some derivative the case asks for cannot be decided in double precision at this point (see Conditioning).
    private bool IllConditioned(FuzzNode tree, PreparedCase prepared, Dictionary<string, double> point)
    {
        var variables = _generator.Variables;
        var derivatives = prepared.Derivatives
            .Select(d => d.Variables.Select(v => variables.IndexOf(v)).ToArray())
            .Where(index => index.All(i => i >= 0)) // a variable the generator never wrote: the derivative is 0
            .Select(index => (index[0], index.Length > 1 ? index[1] : (int?)null));
        return Conditioning.IllConditioned(tree, variables, point, derivatives);
    }

    private PreparedCase? Prepare(string text, Tally tally, List<string> wrong)
    {
        tally.Cases++;
        var parsed = Parser.Parse(text);
        if (!parsed.Success)
        {
            wrong.Add(Describe(text, "the parser rejected generated text: " +
                string.Join("; ", parsed.Diagnostics.Select(d => d.Render(text))), null));
            tally.Wrong++;
            return null;
        }
        var prepared = DerivativeCheck.Prepare(text, Options);
        if (prepared.Error is { } error)
        {
            wrong.Add(Describe(text, $"Prepare failed: {error.Message}", null));
            tally.Wrong++;
            return null;
        }
        return prepared;
    }

    private void Judge(string text, Dictionary<string, double> point, CaseResult result, bool expectDefined, Tally tally,
        List<string> wrong, string? why = null)
    {
        tally.Points++;
        var derivativeWithoutValue = result.Notes.Any(n => DerivativeWithoutValue.IsMatch(n) || n.Contains("cannot be evaluated in float64"));
        switch (result.Status)
        {
            case CaseStatus.Pass when expectDefined:
                tally.Passed++;
                return;
            case CaseStatus.Undefined when expectDefined && derivativeWithoutValue:
                tally.UndefinedDerivative++;
                tally.Noteworthy.Add(Describe(text, "Undefined: a derivative has no value at a defined point (accepted)", point, result));
                return;
            case CaseStatus.Undefined when !expectDefined:
                tally.UndefinedFunction++;
                return;
            case CaseStatus.Fail:
                tally.Failed++;
                break;
        }
        tally.Wrong++;
        var expected = expectDefined ? "Pass (the written form is defined and smooth here)"
            : $"Undefined ({why ?? "an operation of the written form is NaN from finite operands here"})";
        wrong.Add(Describe(text, $"verdict {result.Status}, expected {expected}", point, result));
    }

    private Dictionary<string, double> RandomPoint()
    {
        // Mostly moderate coordinates, some small, a few large: full-precision doubles, so exact kinks are rare.
        var scale = _rng.Next(10) switch { < 7 => 3.0, < 9 => 1.0, _ => 10.0 };
        return _generator.Variables.ToDictionary(v => v, _ => (_rng.NextDouble() * 2 - 1) * scale);
    }

    private static bool SameValue(double a, double b) =>
        double.IsNaN(a) ? double.IsNaN(b)
        : double.IsInfinity(a) || double.IsInfinity(b) ? a == b
        : Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private string Describe(string text, string what, Dictionary<string, double>? point, CaseResult? result = null)
    {
        var s = new StringBuilder();
        s.AppendLine($"seed {_seed}, case {_index}: {what}");
        s.AppendLine($"  f = {text}");
        var wrt = Wrt is { } w ? $" --wrt {string.Join(',', w)}" : "";
        var at = point is null ? "" : $" --at \"{string.Join(", ", point.Select(p => $"{p.Key}={Show(p.Value)}"))}\"";
        s.AppendLine($"  variables {string.Join(", ", _generator.Variables)}; order {Order}{(Wrt is null ? "" : $", wrt {string.Join(",", Wrt)}")}");
        s.AppendLine($"  reproduce: symdiff grad \"{text}\" --order {Order}{wrt}{at}");
        if (result is null) return s.ToString();
        foreach (var d in result.Derivatives)
            s.AppendLine($"  d/{d.Key}: {d.Expression} = symbolic {Value(d.Symbolic)}, autograd {Value(d.Autograd)}, finite differences {Value(d.Numeric)}");
        foreach (var n in result.Notes) s.AppendLine($"  note: {n}");
        return s.ToString();
    }

    private static string Value(double? v) => v is { } x ? Show(x) : "-";
}
