namespace SymDiff.Cli.Plotting;

/// <summary>A local minimum of f found inside a plotted box: where it is and f's value there.</summary>
/// <example><code>new LandscapeMinimum(3, 2, 0)</code></example>
public sealed record LandscapeMinimum(double X, double Y, double Value);

/// <summary>
/// Local minima of a function of two variables over a box: a quasi-Newton descent (BFGS on the 2x2 inverse
/// Hessian, backtracking Armijo line search) from every start of a grid, run in coordinates scaled to the unit
/// square so both axes weigh alike. A result is kept when the descent converged inside the box, no nearby point is
/// lower (a saddle reached along a symmetry axis is dropped), and it is not the same minimum as one already kept.
/// </summary>
/// <example><code>var minima = MinimumFinder.Find(fAndGradient, xRange, yRange);</code></example>
public static class MinimumFinder
{
    /// <summary>f and its gradient at (x, y): returns (f, df/dx, df/dy); NaN where f has no value.</summary>
    public delegate (double F, double Dx, double Dy) Objective(double x, double y);

    private const int MaxSteps = 300;

    /// <summary>
    /// The distinct local minima inside the box, lowest first; <paramref name="starts"/> per side of the grid of
    /// starting points (cell centres), at most <paramref name="max"/> results.
    /// </summary>
    public static IReadOnlyList<LandscapeMinimum> Find(Objective objective, Interval x, Interval y, int starts = 8, int max = 12)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        // Unit coordinates: u = (x - x.From) / x.Width, so d/du = Width * d/dx.
        (double F, double Gu, double Gv) Scaled(double u, double v)
        {
            var (f, dx, dy) = objective(x.From + u * x.Width, y.From + v * y.Width);
            return (f, dx * x.Width, dy * y.Width);
        }

        var found = new List<(double U, double V, double F)>();
        for (var i = 0; i < starts; i++)
        {
            for (var j = 0; j < starts; j++)
            {
                if (Descend(Scaled, (i + 0.5) / starts, (j + 0.5) / starts) is not { } m) continue;
                if (m.U < 0 || m.U > 1 || m.V < 0 || m.V > 1) continue; // converged outside the box
                if (!IsLocalMinimum(Scaled, m.U, m.V, m.F)) continue;
                if (found.Any(k => Same(Scaled, k, m))) continue;
                found.Add(m);
            }
        }
        return [.. found.OrderBy(m => m.F).Take(max).Select(m => new LandscapeMinimum(x.From + m.U * x.Width, y.From + m.V * y.Width, m.F))];
    }

    /// <summary>BFGS from (u, v); null when f becomes undefined or the walk leaves the neighbourhood of the box.</summary>
    private static (double U, double V, double F)? Descend(Func<double, double, (double F, double Gu, double Gv)> f, double u, double v)
    {
        var (fx, gu, gv) = f(u, v);
        if (!double.IsFinite(fx) || !double.IsFinite(gu) || !double.IsFinite(gv)) return null;
        // H approximates the inverse Hessian; it starts as the identity and restarts there when curvature fails.
        double h11 = 1, h12 = 0, h22 = 1;
        for (var step = 0; step < MaxSteps; step++)
        {
            var gNorm = Math.Sqrt(gu * gu + gv * gv);
            if (gNorm <= 1e-12 * Math.Max(1, Math.Abs(fx))) break;
            var (pu, pv) = (-(h11 * gu + h12 * gv), -(h12 * gu + h22 * gv));
            var slope = pu * gu + pv * gv;
            if (!(slope < 0)) { (h11, h12, h22) = (1, 0, 1); (pu, pv) = (-gu, -gv); slope = -gNorm * gNorm; }
            // A first step of at most a tenth of the box: a steep start does not jump across the picture.
            var length = Math.Sqrt(pu * pu + pv * pv);
            var t = Math.Min(1, 0.1 / length);
            (double F, double Gu, double Gv) next = default;
            var accepted = false;
            for (var k = 0; k < 60; k++, t *= 0.5)
            {
                next = f(u + t * pu, v + t * pv);
                if (double.IsFinite(next.F) && next.F <= fx + 1e-4 * t * slope) { accepted = true; break; }
            }
            if (!accepted || !double.IsFinite(next.Gu) || !double.IsFinite(next.Gv)) break; // no lower point along p: converged
            var (su, sv) = (t * pu, t * pv);
            var (yu, yv) = (next.Gu - gu, next.Gv - gv);
            u += su;
            v += sv;
            var improvement = fx - next.F;
            (fx, gu, gv) = next;
            if (u < -0.5 || u > 1.5 || v < -0.5 || v > 1.5) return null;
            // The BFGS update of the inverse Hessian, H' = (I - r s y') H (I - r y s') + r s s', r = 1/(y's).
            var sy = su * yu + sv * yv;
            if (sy > 1e-300)
            {
                var r = 1 / sy;
                var (hyu, hyv) = (h11 * yu + h12 * yv, h12 * yu + h22 * yv);
                var yhy = yu * hyu + yv * hyv;
                h11 += (1 + r * yhy) * r * su * su - 2 * r * hyu * su;
                h12 += (1 + r * yhy) * r * su * sv - r * (hyu * sv + hyv * su);
                h22 += (1 + r * yhy) * r * sv * sv - 2 * r * hyv * sv;
            }
            else
            {
                (h11, h12, h22) = (1, 0, 1);
            }
            if (Math.Sqrt(su * su + sv * sv) < 1e-13 && improvement <= 1e-15 * Math.Max(1, Math.Abs(fx))) break;
        }
        // Converged only where the gradient vanishes: a walk down into a singularity (log(x^2 + y^2) at 0) is no minimum.
        if (!(Math.Sqrt(gu * gu + gv * gv) <= 1e-5 * Math.Max(1, Math.Abs(fx)))) return null;
        return (u, v, fx);
    }

    /// <summary>No point on a small ring around (u, v) is clearly lower: a minimum, not a saddle.</summary>
    private static bool IsLocalMinimum(Func<double, double, (double F, double Gu, double Gv)> f, double u, double v, double fx)
    {
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(fx));
        for (var k = 0; k < 16; k++)
        {
            var angle = k * Math.PI / 8;
            var ring = f(u + 1e-3 * Math.Cos(angle), v + 1e-3 * Math.Sin(angle)).F;
            if (ring < fx - tolerance) return false;
        }
        return true;
    }

    /// <summary>
    /// Two results are one minimum when they are close, or when the straight path between them never rises above
    /// the higher of the two (a flat valley floor, or a slow descent stopped short of the same point).
    /// </summary>
    private static bool Same(Func<double, double, (double F, double Gu, double Gv)> f, (double U, double V, double F) a, (double U, double V, double F) b)
    {
        var distance = Math.Sqrt((a.U - b.U) * (a.U - b.U) + (a.V - b.V) * (a.V - b.V));
        if (distance < 1e-6) return true;
        var top = Math.Max(a.F, b.F);
        var tolerance = 1e-9 * Math.Max(1, Math.Abs(top));
        for (var k = 1; k < 16; k++)
        {
            var s = k / 16.0;
            var between = f(a.U + s * (b.U - a.U), a.V + s * (b.V - a.V)).F;
            if (!(between <= top + tolerance)) return false;
        }
        return true;
    }
}
