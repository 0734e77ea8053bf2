using System.Collections.Immutable;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Checking.Tensors;

/// <summary>A hand-written matrix derivative to verify: <c>d/dW: 2*outer(W@x + b - y, x)</c>.</summary>
public sealed record TensorClaim(string Variable, string Text, TensorExpr? Expression)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>Why the claim's shapes do not fit (W where W.T belongs): the claim is then incorrect, not bad input.</summary>
    public string? ShapeError { get; init; }
}

/// <summary>The verdict on one <see cref="TensorClaim"/>.</summary>
/// <param name="Claim">The claim judged.</param>
/// <param name="Correct">True when it equals the derivative at every point tried.</param>
/// <param name="Counterexample">Why it is not correct, in words: where it differs, the entry and both values (null when correct).</param>
/// <param name="Hint">The classic mistake it looks like (transposed, sign, a mean's 1/N), if any.</param>
public sealed record TensorClaimResult(TensorClaim Claim, bool Correct, string? Counterexample, string? Hint)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>True when nothing could be compared (the derivative had no finite value at any point tried): neither correct nor incorrect.</summary>
    public bool Unknown { get; init; }

    /// <summary>The point where the claim differs, with both values; null when correct, unknown, or when the claim has no value.</summary>
    public TensorCounterexample? At { get; init; }

    /// <summary>How many points the claim was compared at (of the case's point and <see cref="TensorClaims.RandomPoints"/> random ones).</summary>
    public int Compared { get; init; }

    /// <summary>correct, incorrect or unknown, as scalar claims are judged.</summary>
    public ClaimVerdict Verdict => Correct ? ClaimVerdict.Correct : Unknown ? ClaimVerdict.Unknown : ClaimVerdict.Incorrect;
}

/// <summary>A point where a matrix claim differs from the derivative: the values there, both sides whole, and the first differing entry.</summary>
/// <param name="Point">The variables' values.</param>
/// <param name="Entry">The first entry that differs, <c>[1, 0]</c>; null when the shapes differ.</param>
/// <param name="Claimed">The claim's value there.</param>
/// <param name="True">The derivative's value there (a Jacobian as f.Size x variable.Size).</param>
public sealed record TensorCounterexample(IReadOnlyDictionary<string, TensorValue> Point, string? Entry, TensorValue Claimed, TensorValue True)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// Reads and judges matrix-form claims. A claim is correct when it equals the derivative, entry by entry, at the
/// case's point and at seeded random points of the same shapes; a wrong shape is itself the counterexample, and a
/// transposed shape says so.
/// </summary>
public static class TensorClaims
{
    /// <summary>Extra random points a claim is judged at, besides the case's own.</summary>
    public const int RandomPoints = 4;

    /// <summary>
    /// Parses "d/dW: ...; d/db: ..." (the prefix may be left out when there is one variable). A claim about a
    /// derivative with more than two indices (f.shape + the variable's shape; <paramref name="function"/> is f's shape)
    /// is refused: matrix notation cannot write it, so no claim could equal it.
    /// </summary>
    public static (ImmutableArray<TensorClaim> Claims, string? Error) Parse(string text, TensorPoint point, IReadOnlyList<string> wrt, Shape function)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(point);
        var claims = ImmutableArray.CreateBuilder<TensorClaim>();
        foreach (var (part, _) in TensorPoint.Split(text))
        {
            var item = part.Trim();
            if (item.Length == 0) continue;
            string variable;
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (item.StartsWith("d/d", StringComparison.Ordinal) && colon > 3)
            {
                variable = item[3..colon].Trim();
                item = item[(colon + 1)..].Trim();
                if (!wrt.Contains(variable))
                    return ([], $"the claim names d/d{variable}, but the derivatives are with respect to {string.Join(", ", wrt)}");
            }
            else if (wrt.Count == 1) variable = wrt[0];
            else return ([], $"the function has several variables ({string.Join(", ", wrt)}): name each claim, e.g. 'd/d{wrt[0]}: ...; d/d{wrt[1]}: ...'");
            if (Indices(function, point.Shapes[variable]) is var indices and > 2)
                return ([], $"d/d{variable} has {indices} indices (f is {function.Describe()} and {variable} {point.Shapes[variable].Describe()}, so d/d{variable} is " +
                    $"{string.Join("x", function.Dimensions.Concat(point.Shapes[variable].Dimensions))}), and matrix notation writes at most 2: " +
                    $"a claim about it cannot be checked (claim the gradient of a scalar function of f instead, e.g. of sum(f))");
            var parsed = Parser.ParseSyntax(item);
            if (parsed.Syntax is null)
                return ([], $"the claim does not parse:{Environment.NewLine}{parsed.Diagnostics[0].Render(item)}");
            var unknown = parsed.Variables.Where(v => !point.Shapes.ContainsKey(v) && v != TensorBinder.IdentityName).ToList();
            if (unknown.Count > 0) return ([], $"the claim uses {string.Join(", ", unknown)}, which the function does not have");
            var bound = TensorBinder.BindClaim(parsed.Syntax, parsed.Text, point.Shapes, new TensorFactory(simplifying: false));
            if (!bound.Success)
            {
                // A shape that does not fit is a wrong derivative (the commonest backprop mistake), judged like one.
                claims.Add(new TensorClaim(variable, item, null) { ShapeError = bound.Diagnostics[0].Message });
                continue;
            }
            claims.Add(new TensorClaim(variable, item, bound.Value!));
        }
        return claims.Count == 0 ? ([], "the claim is empty: write a derivative, e.g. 'd/dW: 2*outer(W@x - y, x)'") : (claims.ToImmutable(), null);
    }

    /// <summary>How many indices d/dv has: f's and the variable's together.</summary>
    public static int Indices(Shape function, Shape variable) => function.Rank + variable.Rank;

    /// <summary>Judges each claim against <paramref name="truth"/>, the derivative's value as a function of the point.</summary>
    public static ImmutableArray<TensorClaimResult> Judge(IReadOnlyList<TensorClaim> claims, TensorPoint point, TensorExpr written,
        Func<string, IReadOnlyDictionary<string, TensorValue>, TensorValue?> truth)
    {
        var points = new List<IReadOnlyDictionary<string, TensorValue>> { point.Values };
        for (var k = 1; k <= RandomPoints; k++)
        {
            var (random, _) = TensorPoint.Read(null, ShapesText(point), [.. point.Shapes.Keys], point.Seed + 1000 * k);
            points.Add(random!.Values);
        }
        var results = ImmutableArray.CreateBuilder<TensorClaimResult>();
        foreach (var claim in claims)
        {
            if (claim.Expression is null)
            {
                results.Add(new TensorClaimResult(claim, false, $"its shapes do not fit: {claim.ShapeError}",
                    "a transpose missing or extra? (W where W.T belongs)"));
                continue;
            }
            TensorClaimResult? verdict = null;
            var compared = 0;
            if (Indices(written.Shape, point.Shapes[claim.Variable]) > 2)
            {
                results.Add(new TensorClaimResult(claim, false, $"d/d{claim.Variable} has more than 2 indices: matrix notation cannot write it", null) { Unknown = true });
                continue;
            }
            foreach (var at in points)
            {
                if (TensorInterpreter.Evaluate(written, at).Data.Any(double.IsNaN)) continue;
                var expected = truth(claim.Variable, at);
                if (expected is null || expected.Data.Any(d => !double.IsFinite(d))) continue;
                var claimed = TensorInterpreter.Evaluate(claim.Expression, at);
                if (claim.Expression.Shape != expected.Shape)
                {
                    verdict = new TensorClaimResult(claim, false,
                        $"the claim is {claim.Expression.Shape.Describe()} but d/d{claim.Variable} is {expected.Shape.Describe()}",
                        claim.Expression.Shape == expected.Shape.Transposed ? "transposed? (outer(x, d) where outer(d, x) belongs, or W.T for W)" : null)
                    {
                        At = new TensorCounterexample(at, null, claimed, expected),
                    };
                    break;
                }
                compared++;
                var wrong = FirstDifference(claimed, expected);
                if (wrong < 0) continue;
                verdict = new TensorClaimResult(claim, false,
                    $"at {Describe(at)}: entry {TensorValue.IndexText(expected.Shape, wrong)} of the claim is {Show(claimed.Data[wrong])}, of d/d{claim.Variable} {Show(expected.Data[wrong])}",
                    Hint(claimed, expected, point) ?? TensorClaimHints.MissingActivationDerivative(written, claim.Variable, claimed, at)
                        ?? TensorClaimHints.SymmetricAssumption(written, claim, point, at, truth))
                {
                    At = new TensorCounterexample(at, TensorValue.IndexText(expected.Shape, wrong), claimed, expected),
                };
                break;
            }
            // Never correct without a comparison: a derivative with no finite value at every point tried decides nothing.
            results.Add(verdict ?? (compared == 0
                ? new TensorClaimResult(claim, false, $"d/d{claim.Variable} has no finite value at the point or at the {RandomPoints} random points: nothing to compare", null) { Unknown = true }
                : new TensorClaimResult(claim, true, null, null) { Compared = compared }));
        }
        return results.ToImmutable();
    }

    /// <summary>
    /// The derivative's value at another point <paramref name="at"/>: its notation evaluated there (a scalar 0
    /// filled to the derivative's shape), or finite differences of a scalar function without one.
    /// </summary>
    public static TensorValue? Truth(TensorCheckResult result, string v, IReadOnlyDictionary<string, TensorValue> at, TensorExpr written)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(written);
        var d = result.Derivatives.FirstOrDefault(x => x.Variable == v);
        if (d?.Expression is { } e)
        {
            return TensorCheck.Reshape(TensorInterpreter.Evaluate(e, at), written.Shape, result.Point.Shapes[v]);
        }
        // No notation: finite differences, for a derivative of at most two indices (a claim can have no more).
        if (Indices(written.Shape, result.Point.Shapes[v]) > 2) return null;
        return written.Shape.IsScalar ? TensorFiniteDifferences.Gradient(written, at, v).Value
            // By a scalar, the derivative of a vector or matrix f has f's shape (a claim writes it so: d/dc c*x is x).
            : result.Point.Shapes[v].IsScalar ? TensorCheck.Flattened(written, at, v).FitTo(written.Shape)
            : TensorCheck.Flattened(written, at, v);
    }

    // Equal as far as float64 evaluation of two different forms can tell: a rounded coefficient (2.000000001*x)
    // differs at 1e-10 and is caught; the rounding of a different but equal form stays near 1e-15 of the scale.
    private const double Agreement = 1e-12;

    internal static int FirstDifference(TensorValue a, TensorValue b)
    {
        var scale = b.Data.Select(Math.Abs).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        for (var i = 0; i < a.Data.Length; i++)
            if (!(Math.Abs(a.Data[i] - b.Data[i]) <= Agreement * Math.Max(1, Math.Max(scale, Math.Abs(b.Data[i]))))) return i;
        return -1;
    }

    // Digits in which the claim agrees with the derivative everywhere, when that is many (a rounded coefficient).
    private static int AgreeingDigits(TensorValue a, TensorValue b)
    {
        var worst = 0.0;
        for (var i = 0; i < a.Data.Length; i++)
            worst = Math.Max(worst, Math.Abs(a.Data[i] - b.Data[i]) / Math.Max(1e-300, Math.Max(Math.Abs(a.Data[i]), Math.Abs(b.Data[i]))));
        return worst <= 0 ? 16 : (int)Math.Floor(-Math.Log10(worst));
    }

    // The backprop mistakes a grader sees most: a sign, a transpose, a mean's missing 1/N, a constant factor; the ones
    // that need the function (a forgotten activation derivative, a matrix taken as symmetric) are TensorClaimHints'.
    private static string? Hint(TensorValue claimed, TensorValue expected, TensorPoint point)
    {
        if (AgreeingDigits(claimed, expected) is var digits and >= 3) return $"agrees to {digits} digits: a rounded coefficient?";
        if (FirstDifference(claimed, Scaled(expected, -1)) < 0) return "the sign is wrong";
        if (expected.Shape.IsSquare && FirstDifference(claimed, Transposed(expected)) < 0) return "transposed? the claim is the transpose of the derivative";
        var i = Array.FindIndex(expected.Data, d => Math.Abs(d) > 1e-12);
        if (i < 0) return null;
        var ratio = claimed.Data[i] / expected.Data[i];
        if (!double.IsFinite(ratio) || FirstDifference(claimed, Scaled(expected, ratio)) >= 0) return null;
        var n = Math.Round(ratio);
        if (Math.Abs(ratio - n) < 1e-9 && n > 1 && point.Shapes.Values.Any(s => s.Rows == n || s.Columns == n || s.Size == n))
            return $"off by a factor {n}: a missing 1/{n} of a mean?";
        return $"off by a constant factor {Numbers.NumberText.Significant(ratio, 6)}";
    }

    private static TensorValue Scaled(TensorValue v, double k) => new(v.Shape, [.. v.Data.Select(d => d * k)]);

    private static TensorValue Transposed(TensorValue v) => TensorKernels.Transpose(v);

    private static string Describe(IReadOnlyDictionary<string, TensorValue> at) =>
        string.Join(", ", at.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value.Format(Show)}"));

    private static string Show(double v) => PointAnalysis.ShowPython(v);

    private static string ShapesText(TensorPoint point) =>
        string.Join(", ", point.Shapes.Select(p => $"{p.Key}={(p.Value.IsScalar ? "scalar" : p.Value.ToString())}"));
}
