using System.Collections.Concurrent;
using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;

namespace SymDiff.Tests.Fuzz;

/// <summary>
/// Value, gradient and Hessian of the written tree at a point by forward-mode differentiation (each node's partials
/// exact: the arithmetic's by hand, the table rows' from their Partials column), each with its magnitude: the same sums taken over
/// absolute values. Where the magnitude is far above the derivative, every evaluation of the written form in double
/// precision (autograd's included) loses that many digits to cancellation. <see cref="Conditioning"/> also evaluates
/// the jets with every computed value nudged by its rounding allowance, which shows how much the derivatives depend on
/// the last digits of the values (cos(u) for a huge u, 1/(y^6 + y - y)).
/// </summary>
internal sealed class Jet
{
    private Jet(int n, double value, double magnitude)
    {
        Value = value;
        Magnitude = magnitude;
        Grad = new double[n];
        GradAbs = new double[n];
        Hess = new double[n, n];
        HessAbs = new double[n, n];
    }

    public double Value { get; private set; }

    /// <summary>The scale of the value's rounding error: the value's computation with every term made positive.</summary>
    public double Magnitude { get; }

    public double[] Grad { get; }
    public double[] GradAbs { get; }
    public double[,] Hess { get; }
    public double[,] HessAbs { get; }

    public (double Derivative, double Magnitude) Of(int i, int? j) => j is { } k ? (Hess[i, k], HessAbs[i, k]) : (Grad[i], GradAbs[i]);

    /// <summary>
    /// The jet of <paramref name="root"/>; with <paramref name="pattern"/> &gt; 0 every computed value is moved by
    /// <paramref name="nudge"/> times its magnitude, up or down by a pattern fixed by the number.
    /// </summary>
    public static Jet At(FuzzNode root, IReadOnlyList<string> variables, IReadOnlyDictionary<string, double> point,
        int pattern = 0, double nudge = 0)
    {
        var count = 0;
        Jet Nudged(Jet jet)
        {
            if (pattern == 0) return jet;
            var bits = unchecked((uint)(++count * 2654435761u + (uint)pattern * 40503u));
            jet.Value += ((bits >> 13) & 1) == 0 ? nudge * jet.Magnitude : -nudge * jet.Magnitude;
            return jet;
        }
        return Eval(root, variables, point, Nudged);
    }

    private static Jet Eval(FuzzNode node, IReadOnlyList<string> variables, IReadOnlyDictionary<string, double> point, Func<Jet, Jet> nudged)
    {
        var n = variables.Count;
        Jet Next(FuzzNode child) => Eval(child, variables, point, nudged);
        switch (node)
        {
            case VarNode v:
            {
                var value = point[v.Name];
                var jet = new Jet(n, value, Math.Abs(value));
                var i = IndexOf(variables, v.Name);
                jet.Grad[i] = 1;
                jet.GradAbs[i] = 1;
                return jet;
            }
            // Inputs and literals are the same doubles on every side: never nudged.
            case LitNode l:
                return new Jet(n, l.Value, Math.Abs(l.Value));
            case ConstNode c:
                return new Jet(n, c.Value, Math.Abs(c.Value));
            case GroupNode g:
                return Next(g.Inner);
            case NegNode neg:
            {
                var a = Next(neg.Operand);
                return nudged(Unary(a, -a.Value, -1, 0));
            }
            case CallNode call when call.Args.Length == 0:
                return new Jet(n, call.Row.Evaluate([]), Math.Abs(call.Row.Evaluate([])));
            case CallNode call when call.Args.Length == 1:
            {
                var a = Next(call.Args[0]);
                var d = RowPartials.At(call.Row, a.Value, 0);
                return nudged(Unary(a, call.Row.Evaluate([a.Value]), d[0], d[2]));
            }
            case CallNode call:
            {
                var a = Next(call.Args[0]);
                var b = Next(call.Args[1]);
                var d = RowPartials.At(call.Row, a.Value, b.Value);
                return nudged(Binary(a, b, call.Row.Evaluate([a.Value, b.Value]), d[0], d[1], d[2], d[3], d[4]));
            }
            case SumNode s:
            {
                var acc = Next(s.Terms[0]);
                for (var k = 1; k < s.Terms.Length; k++)
                {
                    var t = Next(s.Terms[k]);
                    var sign = s.Minus[k] ? -1 : 1;
                    acc = nudged(Binary(acc, t, acc.Value + sign * t.Value, 1, sign, 0, 0, 0));
                }
                return acc;
            }
            case ProductNode p:
            {
                var acc = Next(p.Factors[0]);
                for (var k = 1; k < p.Factors.Length; k++)
                {
                    var t = Next(p.Factors[k]);
                    var (x, y) = (acc.Value, t.Value);
                    acc = nudged(p.Joins[k] == FactorJoin.Divide
                        ? Binary(acc, t, x / y, 1 / y, -x / (y * y), 0, -1 / (y * y), 2 * x / (y * y * y))
                        : Binary(acc, t, x * y, y, x, 0, 1, 0));
                }
                return acc;
            }
            case PowerNode w:
            {
                var a = Next(w.Base);
                var b = Next(w.Exponent);
                var (x, e) = (a.Value, b.Value);
                var f = w.Exponent.IsConstant ? ConstantPowers.Pow(x, e) : Math.Pow(x, e);
                var log = Math.Log(x);
                var below = Math.Pow(x, e - 1);
                return nudged(Binary(a, b, f, e * below, f * log, e * (e - 1) * Math.Pow(x, e - 2), below * (1 + e * log), f * log * log));
            }
            default:
                throw new InvalidOperationException($"Unknown fuzz node {node.GetType().Name}.");
        }
    }

    private static int IndexOf(IReadOnlyList<string> variables, string name)
    {
        for (var i = 0; i < variables.Count; i++)
            if (variables[i] == name) return i;
        throw new ArgumentException($"'{name}' is not one of the variables.", nameof(name));
    }

    private static Jet Unary(Jet a, double f, double f1, double f11) => Binary(a, null, f, f1, 0, f11, 0, 0);

    // The chain rule for f(a, b) with partials f1, f2 and second partials f11, f12, f22; a partial meets only a
    // tangent that is not exactly 0 (a constant exponent of a negative base has a NaN partial and no tangent).
    private static Jet Binary(Jet a, Jet? b, double f, double f1, double f2, double f11, double f12, double f22)
    {
        var n = a.Grad.Length;
        static double M(double partial, double tangent) => tangent == 0 ? 0 : partial * tangent;
        // A NaN partial (the exponent of a negative base) meets an exact exponent: no rounding flows through it.
        static double Mag(double partial, double magnitude) => double.IsNaN(partial) ? 0 : M(Math.Abs(partial), magnitude);
        var r = new Jet(n, f, Mag(f1, a.Magnitude) + Mag(f2, b?.Magnitude ?? 0) + Math.Abs(f));
        for (var i = 0; i < n; i++)
        {
            var (ga, gb) = (a.Grad[i], b?.Grad[i] ?? 0);
            var (aa, ab) = (a.GradAbs[i], b?.GradAbs[i] ?? 0);
            r.Grad[i] = M(f1, ga) + M(f2, gb);
            r.GradAbs[i] = M(Math.Abs(f1), aa) + M(Math.Abs(f2), ab);
            for (var j = 0; j < n; j++)
            {
                var (ha, hb) = (a.Hess[i, j], b?.Hess[i, j] ?? 0);
                var (haa, hab) = (a.HessAbs[i, j], b?.HessAbs[i, j] ?? 0);
                var (gaj, gbj) = (a.Grad[j], b?.Grad[j] ?? 0);
                var (aaj, abj) = (a.GradAbs[j], b?.GradAbs[j] ?? 0);
                r.Hess[i, j] = M(f11, ga * gaj) + M(f12, ga * gbj + gb * gaj) + M(f22, gb * gbj) + M(f1, ha) + M(f2, hb);
                r.HessAbs[i, j] = M(Math.Abs(f11), aa * aaj) + M(Math.Abs(f12), aa * abj + ab * aaj) + M(Math.Abs(f22), ab * abj)
                    + M(Math.Abs(f1), haa) + M(Math.Abs(f2), hab);
            }
        }
        return r;
    }
}

/// <summary>
/// Whether a point is too ill-conditioned for the verdict's tolerance (rtol 1e-9, atol 1e-12) in double precision:
/// a requested derivative's magnitude times a generous rounding allowance (1000 ulps) exceeds the tolerance
/// (cancellation in the derivative), or nudging every computed value by 32 ulps of its magnitude moves the derivative
/// by more than the tolerance (cancellation in a value, or a huge argument of a periodic function). At such points only
/// the high-precision reference (Checking/Reference) can decide, so they are judged only as "never FAIL".
/// </summary>
internal static class Conditioning
{
    // 1000 ulps of a derivative's magnitude: autograd's sums of a few dozen products round far less than this.
    private const double Allowance = 1e3 * 2.220446049250313e-16;

    // 32 ulps of a value's magnitude: what the symbolic and the written evaluations of a value may each be off by.
    private const double Nudge = 32 * 2.220446049250313e-16;

    public static bool IllConditioned(FuzzNode root, IReadOnlyList<string> variables, IReadOnlyDictionary<string, double> point,
        IEnumerable<(int I, int? J)> derivatives)
    {
        var exact = Jet.At(root, variables, point);
        Jet[] nudged = [Jet.At(root, variables, point, 1, Nudge), Jet.At(root, variables, point, 2, Nudge)];
        foreach (var (i, j) in derivatives)
        {
            var (derivative, magnitude) = exact.Of(i, j);
            var tolerance = 1e-12 + 1e-9 * Math.Abs(derivative);
            if (Allowance * magnitude > tolerance) return true;
            foreach (var jet in nudged)
                if (!(Math.Abs(jet.Of(i, j).Derivative - derivative) <= tolerance) && double.IsFinite(derivative)) return true;
        }
        return false;
    }
}

/// <summary>
/// First and second partials of a table row at numeric arguments: [f_a, f_b, f_aa, f_ab, f_bb] (the b entries 0 for a
/// unary row), from the row's Partials column differentiated once more and lowered once per row. Only the fuzz's
/// conditioning estimate uses them, never a verdict.
/// </summary>
internal static class RowPartials
{
    private static readonly ConcurrentDictionary<FunctionInfo, ExprProgram> Programs = new();

    public static double[] At(FunctionInfo row, double a, double b) =>
        Interpreter.Evaluate(Programs.GetOrAdd(row, Lower), [a, b]);

    private static ExprProgram Lower(FunctionInfo row)
    {
        var f = new ExprFactory();
        Expr[] args = row.Arity == 1 ? [f.Symbol("a")] : [f.Symbol("a"), f.Symbol("b")];
        Expr Partial(int i) => i >= row.Arity ? f.Zero : row.Partials[i]!(f, [.. args]);
        var (fa, fb) = (Partial(0), Partial(1));
        return ExprProgram.Lower([fa, fb, Differentiator.Differentiate(fa, "a", f), Differentiator.Differentiate(fa, "b", f),
            Differentiator.Differentiate(fb, "b", f)], ["a", "b"]);
    }
}
