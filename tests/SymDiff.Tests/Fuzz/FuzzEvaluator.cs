using SymDiff.Evaluation;
using SymDiff.Functions;

namespace SymDiff.Tests.Fuzz;

/// <summary>
/// The fuzzer's own reading of a written tree at a point: its value, computed operation by operation in written order
/// (as Python would), whether some operation with finite operands gave NaN (a domain error: log(-1), 0/0) or an
/// infinity (a pole or an overflow), and how close the point is to a kink of a non-smooth operation.
/// </summary>
/// <param name="KnownBug">The point would show a reported bug outside the verdict code (see FuzzEvaluator).</param>
internal readonly record struct Probe(double Value, bool DomainError, bool Infinite, double KinkDistance, string? Culprit, bool KnownBug)
{
    /// <summary>Every operation has a finite value.</summary>
    public bool Defined => !DomainError && !Infinite;
}

/// <summary>Evaluates a <see cref="FuzzNode"/> tree independently of SymDiff's lowering (see <see cref="Probe"/>).</summary>
internal static class FuzzEvaluator
{
    // NOTE: until the function table has a Kink column (issue 8, item 6), the non-smooth rows are the ones with a
    // derivative convention and no PyTorch approximation (softplus has a convention but is smooth). A kink of a unary
    // row is where its argument is 0; of a binary row (min, max, atan2) where its arguments tie or both vanish. The
    // fuzz keeps its points away from these; a few points are skipped needlessly (atan2 along y = x), none wrongly.
    public static bool IsNonSmooth(FunctionInfo row) => row.Convention is not null && row.Approximation is null;

    public static Probe At(FuzzNode root, IReadOnlyDictionary<string, double> point)
    {
        var state = new State();
        var value = Eval(root, point, state);
        return new Probe(value, state.Domain, state.Infinite, state.Kink, state.Culprit, state.KnownBug);
    }

    private sealed class State
    {
        public bool Domain;
        public bool Infinite;
        public double Kink = double.PositiveInfinity;
        public string? Culprit;
        public bool KnownBug;

        public double Check(FuzzNode node, double value, params ReadOnlySpan<double> operands)
        {
            if (double.IsFinite(value)) return value;
            foreach (var o in operands)
                if (!double.IsFinite(o)) return value;
            if (double.IsNaN(value)) Domain = true; else Infinite = true;
            Culprit ??= node.ToString();
            return value;
        }
    }

    private static double Eval(FuzzNode node, IReadOnlyDictionary<string, double> point, State state)
    {
        switch (node)
        {
            case VarNode v:
                return point[v.Name];
            case LitNode l:
                return l.Value;
            case ConstNode c:
                return c.Value;
            case GroupNode g:
                return Eval(g.Inner, point, state);
            case NegNode n:
                return -Eval(n.Operand, point, state);
            case CallNode c:
            {
                var args = c.Args.Select(a => Eval(a, point, state)).ToArray();
                if (IsNonSmooth(c.Row) || c.Row is { Name: "pow" })
                    state.Kink = Math.Min(state.Kink, args.Length == 1 ? Math.Abs(args[0])
                        : c.Row.Name == "pow" ? PowerKink(args[0], args[1])
                        : Math.Min(Math.Abs(args[0] - args[1]), Math.Abs(args[0]) + Math.Abs(args[1])));
                // The ends of asin's, acos's and acosh's domains: a point whose argument rounds onto one (asin(sigmoid(42)),
                // sigmoid being 1 in float64) is on the kink in float64 though smooth in exact arithmetic, and autograd is NaN there.
                if (c.Row is { Name: "asin" or "acos", Arity: 1 }) state.Kink = Math.Min(state.Kink, Math.Abs(1 - Math.Abs(args[0])));
                if (c.Row is { Name: "acosh", Arity: 1 }) state.Kink = Math.Min(state.Kink, Math.Abs(args[0] - 1));
                // log(a, b) means log(a)/log(b) (the table's rewrite); base 0 has no logarithm (the quotient would be -0),
                // so the point is not one where the written form is defined, and its value is NaN as in the table.
                if (c.Row is { Name: "log", Arity: 2 })
                {
                    var logs = new[] { state.Check(node, Math.Log(args[0]), args[0]), state.Check(node, Math.Log(args[1]), args[1]) };
                    return state.Check(node, args[1] == 0 ? double.NaN : logs[0] / logs[1], logs);
                }
                // NOTE: TorchBridge lowers cot as 1/tan, whose second derivative near tan's poles (where cot is 0 and
                // smooth) cancels 7 digits away: "cot(x) --order 2" at x = 1.5708 FAILs (symbolic -7.34641020684183e-6,
                // right; autograd -7.346386e-6). cos/sin has no such trouble. Reported; such points are set aside.
                if (c.Row.TorchName == "reciprocal(tan)" && Math.Abs(Math.Cos(args[0])) < 1e-2) state.KnownBug = true;
                return state.Check(node, c.Row.Evaluate(args), args);
            }
            case SumNode s:
            {
                var acc = Eval(s.Terms[0], point, state);
                for (var i = 1; i < s.Terms.Length; i++)
                {
                    var t = Eval(s.Terms[i], point, state);
                    acc = state.Check(node, s.Minus[i] ? acc - t : acc + t, acc, t);
                }
                return acc;
            }
            case ProductNode p:
            {
                var acc = Eval(p.Factors[0], point, state);
                for (var i = 1; i < p.Factors.Length; i++)
                {
                    var f = Eval(p.Factors[i], point, state);
                    acc = state.Check(node, p.Joins[i] == FactorJoin.Divide ? acc / f : acc * f, acc, f);
                }
                return acc;
            }
            case PowerNode w:
            {
                var b = Eval(w.Base, point, state);
                var e = Eval(w.Exponent, point, state);
                state.Kink = Math.Min(state.Kink, w.Exponent.IsConstant ? PowerKink(b, e) : Math.Abs(b));
                // A variable-free exponent is a number, computed as PyTorch's pow kernel does (x*x, sqrt, 1/x).
                return state.Check(node, w.Exponent.IsConstant ? ConstantPowers.Pow(b, e) : Math.Pow(b, e), b, e);
            }
            default:
                throw new InvalidOperationException($"Unknown fuzz node {node.GetType().Name}.");
        }
    }

    // b^e is singular in its derivatives at b = 0 unless e is a non-negative integer. A base of 0 that no variable
    // moves is no kink along the variables (KinkAnalysis), but the generator's tree does not know which bases are
    // constant, so every such point stays set aside: a conservative skip, not a known bug.
    private static double PowerKink(double b, double e) =>
        e >= 0 && e == Math.Floor(e) ? double.PositiveInfinity : Math.Abs(b);
}
