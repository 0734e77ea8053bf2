using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Cli.Plotting;

/// <summary>One piece of a curve between gaps: finite values only, x increasing.</summary>
public sealed record CurveSegment(double[] Xs, double[] Ys);

/// <summary>What a feature of a curve is.</summary>
public enum FeatureKind
{
    /// <summary>abs, relu, sign, heaviside at 0, or a min/max tie: the derivative jumps there.</summary>
    Kink,
    /// <summary>The curve jumps between finite values.</summary>
    Jump,
    /// <summary>A pole or an isolated undefined point (1/x at 0, sin(x)/x at 0).</summary>
    Singular,
    /// <summary>A stretch where the curve has no finite value (log(x) for x &lt; 0): from X to XEnd.</summary>
    Undefined,
}

/// <summary>A feature at X (a stretch from X to XEnd for <see cref="FeatureKind.Undefined"/>), described for a person.</summary>
/// <example><code>new CurveFeature(FeatureKind.Kink, 0, 0, "abs(x) has a kink where x = 0")</code></example>
public sealed record CurveFeature(FeatureKind Kind, double X, double XEnd, string Description);

/// <summary>A curve sampled over an interval: its pieces between gaps, its features, and the y range worth showing.</summary>
/// <example><code>var c = CurveSampler.Sample(f, new Interval("x", -2, 2), 1001);
/// foreach (var s in c.Segments) plot.Add.ScatterLine(s.Xs, s.Ys);</code></example>
public sealed record SampledCurve(
    Expr Expr, double[] Xs, double[] Ys, IReadOnlyList<CurveSegment> Segments, IReadOnlyList<CurveFeature> Features,
    double YMin, double YMax)
{
    public bool HasFiniteValues => Segments.Count > 0;

    /// <summary>The number of grid samples with a finite value.</summary>
    public int FiniteCount => Ys.Count(double.IsFinite);
}

/// <summary>
/// Samples an expression of one variable on a fine grid and splits it where it is not finite or jumps, so a
/// plot shows gaps instead of spikes. Suspicious steps (a local maximum of |Δy| well above the typical step)
/// are bisected down to the resolution of doubles: a step that does not shrink is a jump or a pole; a steep
/// but continuous stretch shrinks to nothing and stays drawn.
/// </summary>
public static class CurveSampler
{
    private const int MaxBisections = 64;
    private const int MaxCandidates = 400;

    /// <summary>
    /// Samples <paramref name="expr"/> at <paramref name="count"/> points of <paramref name="range"/>. With a
    /// <paramref name="domain"/> (f, for the curve of a derivative), the curve is drawn only where the domain
    /// function is finite too: log(x)'s derivative 1/x is finite for x &lt; 0, but f has no derivative there.
    /// </summary>
    public static SampledCurve Sample(Expr expr, Interval range, int count, SampledCurve? domain = null, WrittenForm? written = null)
    {
        var fn = CompiledFunction.Compile([expr], [range.Variable]);
        var domainFn = domain is null ? null : CompiledFunction.Compile([domain.Expr], [range.Variable]);
        // The function as written decides where there is a curve at all: x/x has none at 0, though its canonical form 1 has.
        var writtenFn = written is null ? null : CompiledFunction.Compile(written.Program);
        var xs = range.Linspace(count);
        var ys = fn.EvaluateBatch([xs])[0];
        if (domain is not null)
            for (var j = 0; j < count; j++)
                if (!double.IsFinite(domain.Ys[j])) ys[j] = double.NaN;
        var point = new double[1];
        var result = new double[1];
        if (writtenFn is not null)
            for (var j = 0; j < count; j++)
            {
                point[0] = xs[j];
                writtenFn.Point(point, result);
                if (!double.IsFinite(result[0])) ys[j] = double.NaN;
            }
        double F(double x)
        {
            point[0] = x;
            if (domainFn is not null)
            {
                domainFn.Point(point, result);
                if (!double.IsFinite(result[0])) return double.NaN;
            }
            if (writtenFn is not null)
            {
                writtenFn.Point(point, result);
                if (!double.IsFinite(result[0])) return double.NaN;
            }
            fn.Point(point, result);
            return result[0];
        }

        var candidates = JumpCandidates(ys);
        var magnitudes = ys.Where(double.IsFinite).Select(Math.Abs).Order().ToList();
        var typical = magnitudes.Count == 0 ? 1 : Math.Max(magnitudes[magnitudes.Count / 2], 1e-12 * magnitudes[^1]);
        var segments = new List<CurveSegment>();
        var features = new List<CurveFeature>();
        var curX = new List<double>();
        var curY = new List<double>();
        void Close()
        {
            // A lone point between two jumps (sign(0) = 0) is a value, not a line: it is left out of the drawing.
            if (curX.Count > 1 && curX[^1] > curX[0]) segments.Add(new CurveSegment([.. curX], [.. curY]));
            curX.Clear();
            curY.Clear();
        }

        var i = 0;
        while (i < count)
        {
            if (!double.IsFinite(ys[i]))
            {
                // A run of undefined samples: find its edges between the grid points, and end the piece there.
                var end = i;
                while (end + 1 < count && !double.IsFinite(ys[end + 1])) end++;
                var left = i > 0 ? Edge(F, xs[i - 1], ys[i - 1], xs[i]) : (X: xs[i], Y: double.NaN);
                var right = end + 1 < count ? Edge(F, xs[end + 1], ys[end + 1], xs[end]) : (X: xs[end], Y: double.NaN);
                if (double.IsFinite(left.Y)) { curX.Add(left.X); curY.Add(left.Y); }
                Close();
                if (double.IsFinite(right.Y)) { curX.Add(right.X); curY.Add(right.Y); }
                var at = new Dictionary<string, double> { [range.Variable] = xs[(i + end) / 2] };
                var why = (domain is null ? null : PointAnalysis.ExplainUndefined(domain.Expr, at))
                          ?? PointAnalysis.ExplainUndefined(expr, at) ?? $"the value is {PointAnalysis.Show(ys[i])}";
                var isolated = end == i && i > 0 && end + 1 < count;
                features.Add(isolated
                    ? new CurveFeature(FeatureKind.Singular, xs[i], xs[i], why)
                    : new CurveFeature(FeatureKind.Undefined, i == 0 ? xs[0] : left.X, end + 1 == count ? xs[end] : right.X, why));
                i = end + 1;
                continue;
            }

            curX.Add(xs[i]);
            curY.Add(ys[i]);
            if (i + 1 < count && candidates.Contains(i) && double.IsFinite(ys[i + 1]))
            {
                var step = Bisect(F, xs[i], ys[i], xs[i + 1], ys[i + 1], typical);
                if (step is { } s)
                {
                    curX.Add(s.A); curY.Add(s.YA);
                    Close();
                    curX.Add(s.B); curY.Add(s.YB);
                    features.Add(s.Kind == FeatureKind.Jump
                        ? new CurveFeature(FeatureKind.Jump, s.At, s.At, $"jumps from {Short(s.YA)} to {Short(s.YB)}")
                        : new CurveFeature(FeatureKind.Singular, s.At, s.At, "has a pole (grows without bound)"));
                }
            }
            i++;
        }
        Close();

        var merged = Merge(features, range.Width * 1e-6);
        var (yMin, yMax) = VisibleRange(xs, ys, Suspects(merged, range), range.Width);
        return new SampledCurve(expr, xs, ys, segments, merged, yMin, yMax);
    }

    /// <summary>
    /// Steps worth bisecting: a local maximum of |Δy| that is large next to the typical step. A smooth curve
    /// sampled finely has no such step except where it is steep, and bisection clears those.
    /// </summary>
    private static HashSet<int> JumpCandidates(double[] ys)
    {
        var n = ys.Length;
        var d = new double[Math.Max(0, n - 1)];
        var finite = new List<double>();
        for (var i = 0; i + 1 < n; i++)
        {
            d[i] = double.IsFinite(ys[i]) && double.IsFinite(ys[i + 1]) ? Math.Abs(ys[i + 1] - ys[i]) : 0;
            // Flat steps count too: in a piecewise constant curve (sign(x) + 1) the jumps are the only steps.
            if (double.IsFinite(ys[i]) && double.IsFinite(ys[i + 1])) finite.Add(d[i]);
        }
        if (finite.Count == 0) return [];
        finite.Sort();
        var typical = finite[(int)(0.9 * (finite.Count - 1))];
        var scale = ys.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var threshold = Math.Max(4 * typical, 1e-12 * Math.Max(1, scale));
        var picked = Enumerable.Range(0, d.Length)
            // Half of a neighbour, not all of it: a jump through a midpoint value (sign(0) = 0) is two equal steps.
            .Where(i => d[i] > threshold && (i == 0 || d[i] >= 0.5 * d[i - 1]) && (i + 1 == d.Length || d[i] >= 0.5 * d[i + 1]))
            .OrderByDescending(i => d[i])
            .Take(MaxCandidates);
        return [.. picked];
    }

    private readonly record struct Step(FeatureKind Kind, double At, double A, double YA, double B, double YB);

    /// <summary>Halves [a, b] towards the larger change; null when the change shrinks away (continuous).</summary>
    private static Step? Bisect(Func<double, double> f, double a, double ya, double b, double yb, double typical)
    {
        var d0 = Math.Abs(yb - ya);
        for (var k = 0; k < MaxBisections; k++)
        {
            var m = a + (b - a) / 2;
            if (m <= a || m >= b) break;
            var ym = f(m);
            if (!double.IsFinite(ym)) return new Step(FeatureKind.Singular, m, a, ya, b, yb);
            if (Math.Abs(ym - ya) >= Math.Abs(yb - ym)) { b = m; yb = ym; }
            else { a = m; ya = ym; }
        }
        var d = Math.Abs(yb - ya);
        if (!(d >= 0.5 * d0) || d == 0) return null;
        // A pole runs off to values far beyond the curve's typical size; a jump stays in proportion.
        var pole = Math.Max(Math.Abs(ya), Math.Abs(yb)) > 1e6 * Math.Max(typical, 1e-300);
        return new Step(pole ? FeatureKind.Singular : FeatureKind.Jump, a + (b - a) / 2, a, ya, b, yb);
    }

    /// <summary>The finite point nearest the edge between a finite sample and an undefined one.</summary>
    private static (double X, double Y) Edge(Func<double, double> f, double finiteX, double finiteY, double undefinedX)
    {
        var (a, ya, b) = (finiteX, finiteY, undefinedX);
        for (var k = 0; k < MaxBisections; k++)
        {
            var m = a + (b - a) / 2;
            if (m == a || m == b) break;
            var ym = f(m);
            if (double.IsFinite(ym)) { a = m; ya = ym; }
            else b = m;
        }
        return (a, ya);
    }

    /// <summary>One feature per place and kind: a pole on a grid point is found from both sides.</summary>
    private static List<CurveFeature> Merge(List<CurveFeature> features, double near)
    {
        var merged = new List<CurveFeature>();
        foreach (var f in features)
        {
            if (f.Kind != FeatureKind.Undefined && merged.Any(m => m.Kind != FeatureKind.Undefined && Math.Abs(m.X - f.X) <= near))
                continue;
            merged.Add(f);
        }
        return merged;
    }

    /// <summary>Where the curve may run off to infinity: poles, and the inner edges of undefined stretches.</summary>
    private static List<double> Suspects(List<CurveFeature> features, Interval range)
    {
        var suspects = new List<double>();
        foreach (var f in features)
        {
            if (f.Kind == FeatureKind.Singular) suspects.Add(f.X);
            if (f.Kind != FeatureKind.Undefined) continue;
            if (f.X > range.From) suspects.Add(f.X);
            if (f.XEnd < range.To) suspects.Add(f.XEnd);
        }
        return suspects;
    }

    /// <summary>
    /// The y range to show. Values next to a pole or a domain edge are left out when they run far beyond the
    /// rest (tan near pi/2, log near 0), so the curve leaves the frame there instead of flattening everything
    /// else; a curve that merely ends there (sqrt at 0) keeps its full range.
    /// </summary>
    public static (double Min, double Max) VisibleRange(double[] xs, double[] ys, IReadOnlyList<double> suspects, double width)
    {
        if (suspects.Count == 0) return VisibleRange(ys);
        var near = 0.03 * width;
        var inside = new List<double>();
        var outside = new List<double>();
        for (var i = 0; i < xs.Length; i++)
        {
            if (!double.IsFinite(ys[i])) continue;
            (suspects.Any(p => Math.Abs(xs[i] - p) < near) ? inside : outside).Add(ys[i]);
        }
        if (outside.Count < 10 || inside.Count == 0) return VisibleRange(ys);
        double lo = outside.Min(), hi = outside.Max();
        var span = Math.Max(hi - lo, 1e-12 * Math.Max(1, Math.Abs(hi)));
        var runsOff = inside.Any(y => y > hi + 0.5 * span || y < lo - 0.5 * span);
        return VisibleRange(runsOff ? outside : ys);
    }

    /// <summary>
    /// The y range to show: all finite values, unless a few of them (near a pole) would squash the rest; then
    /// the 2nd to 98th percentiles with room around them.
    /// </summary>
    public static (double Min, double Max) VisibleRange(IEnumerable<double> values, double margin = 0.06)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0) return (-1, 1);
        finite.Sort();
        double min = finite[0], max = finite[^1];
        double lo = finite[(int)(0.02 * (finite.Count - 1))], hi = finite[(int)Math.Ceiling(0.98 * (finite.Count - 1))];
        var span = hi - lo;
        if (span > 0 && (max > hi + 2 * span || min < lo - 2 * span))
        {
            min = Math.Max(min, lo - 0.5 * span);
            max = Math.Min(max, hi + 0.5 * span);
        }
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            var flat = Math.Max(1, Math.Abs(max) * 0.1);
            return (min - flat, max + flat);
        }
        var pad = margin * (max - min);
        return (min - pad, max + pad);
    }

    public static string Short(double v) => Numbers.NumberText.Significant(v, 4);
}
