using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using SymDiff.Calculus;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;

namespace SymDiff.Checking;

/// <summary>
/// A node that may sit on a kink of its row (the table's Kink column; a <see cref="Pow"/> node reads the
/// <c>pow</c> row, its arguments being the base and the exponent).
/// </summary>
/// <example><code>foreach (var site in KinkAnalysis.SitesOf(node)) Console.WriteLine(site.Description);</code></example>
public sealed record KinkSite(Expr Node, FunctionInfo Row, KinkRule Rule, ImmutableArray<Expr> Args)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>"abs(x - 1) has a kink where x - 1 = 0".</summary>
    public string Description =>
        $"{Node} {string.Format(CultureInfo.InvariantCulture, Rule.Phrase, [.. Args.Select(a => (object)a.ToString())])}";

    public string? Convention => Rule.Convention ?? Row.Convention;

    /// <summary>Whether moving <paramref name="variable"/> moves the arguments that place the kink.</summary>
    public bool IsPlacedBy(string variable)
    {
        for (var i = 0; i < Args.Length; i++)
            if (Rule.IsPlacedBy(i) && Args[i].DependsOn(variable)) return true;
        return false;
    }

    /// <summary>The switch in these arguments (0 on the kink), or null where the rule has none.</summary>
    public Expr? Switch(ExprFactory f) => Rule.Switch?.Invoke(f, Args);
}

/// <summary>
/// One side of a kink along one variable: the limits of f and of its derivative as the variable approaches the
/// point from that side. <see cref="Value"/> is NaN where f is not defined on that side; <see cref="Slope"/> is
/// ±inf for a vertical tangent, and NaN where the derivative has no limit.
/// </summary>
/// <example><code>var right = new KinkSide(0, double.PositiveInfinity); // sqrt(x) at 0, from the right</code></example>
public readonly record struct KinkSide(double Value, double Slope)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public static KinkSide Undefined { get; } = new(double.NaN, double.NaN);

    public bool IsDefined => !double.IsNaN(Value);
}

/// <summary>How the whole function passes through a kink along one variable.</summary>
/// <example><code>// abs(x) at 0: new KinkDirection("x", 0, new(0, -1), new(0, 1)), not differentiable.</code></example>
public sealed record KinkDirection(string Variable, double Value, KinkSide Left, KinkSide Right)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The one-sided values of f differ from its value here (sign, heaviside, atan2 at the origin).</summary>
    public bool IsJump => Left.IsDefined && !KinkAnalysis.Same(Left.Value, Value) || Right.IsDefined && !KinkAnalysis.Same(Right.Value, Value);

    /// <summary>f is continuous here and both one-sided derivatives are finite and equal (abs(x)^3 at 0).</summary>
    public bool IsDifferentiable => !IsJump && Left.IsDefined && Right.IsDefined && double.IsFinite(Left.Slope) &&
                                    KinkAnalysis.Same(Left.Slope, Right.Slope);

    /// <summary>"d/dx from the left -1, from the right 1", or "along x f jumps: -1 from the left, 0 here, 1 from the right".</summary>
    public string Describe()
    {
        if (IsJump)
            return $"along {Variable} f jumps: {Limit(Left.Value)} from the left, {PointAnalysis.Show(Value)} here, {Limit(Right.Value)} from the right";
        if (Left.IsDefined && Right.IsDefined && !double.IsNaN(Right.Slope) && KinkAnalysis.Same(Left.Slope, Right.Slope))
            return $"d/d{Variable} is {PointAnalysis.Show(Right.Slope)} from both sides";
        return $"d/d{Variable} from the left{Slope(Left)}, from the right{Slope(Right)}";
    }

    private static string Limit(double v) => double.IsNaN(v) ? "not defined" : PointAnalysis.Show(v);

    private static string Slope(KinkSide side) =>
        !side.IsDefined ? ": f is not defined there" : double.IsNaN(side.Slope) ? ": none (no limit)" : $" {PointAnalysis.Show(side.Slope)}";
}

/// <summary>A kink the point sits on, with the whole function's behaviour along each variable that places it.</summary>
/// <example><code>string note = kink.Describe(); // "abs(x) has a kink where x = 0: d/dx from the left -1, ..."</code></example>
public sealed record KinkNote(Expr Node, string Description, string? Convention, ImmutableArray<KinkDirection> Directions)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>f is differentiable through this kink along every variable asked for (so the kink needs no note).</summary>
    public bool IsDifferentiable => Directions.All(d => d.IsDifferentiable);

    public string Describe() =>
        $"{Description}: {string.Join("; ", Directions.Select(d => d.Describe()))}" +
        (Convention is { } c ? $"; convention: {c}" : "");
}

/// <summary>Every kink a point sits on (<see cref="Kinks"/>) and the notes a verdict prints about them.</summary>
/// <example><code>notes.AddRange(KinkAnalysis.Find(f, point, wrt, factory).Describe());</code></example>
public sealed record KinkReport(ImmutableArray<KinkNote> Kinks)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public static KinkReport None { get; } = new([]);

    /// <summary>Some kink here makes f non-differentiable along a variable asked for: derivatives here are conventions.</summary>
    public bool HasNonDifferentiableKink => Kinks.Any(k => !k.IsDifferentiable);

    /// <summary>One note per kink where f is not differentiable; none where it is (abs(x)^3 at 0).</summary>
    public ImmutableArray<string> Describe() => [.. Kinks.Where(k => !k.IsDifferentiable).Select(k => k.Describe())];
}

/// <summary>
/// Kinks from the table's Kink column on the canonical DAG, and the exact one-sided derivatives of the whole
/// function through them. On each side the kinks' switches have a known sign, so each node on a kink is replaced by
/// its row's piece on that side (abs(u) by -u or u, max(a, b) by b or a), and the piecewise-smooth function that
/// remains is differentiated and evaluated at the point. Where that value is not finite (a vertical tangent, a
/// 0*inf in the derivative, a row with no pieces such as atan2 at the origin) the derivative's limit is taken
/// along the side instead, from exact values of the derivative approaching the point: never finite differences.
/// </summary>
/// <example><code>var report = KinkAnalysis.Find(f.Fn("abs", x), new Dictionary&lt;string, double&gt; { ["x"] = 0 }, ["x"], f);
/// // report.Describe(): ["abs(x) has a kink where x = 0: d/dx from the left -1, from the right 1; convention: ..."]</code></example>
public static class KinkAnalysis
{
    private static readonly FunctionInfo PowRow = FunctionTable.Lookup("pow", 2)!;

    /// <summary>The kinks of <paramref name="node"/>'s row (none for a number, a symbol, a sum or a product).</summary>
    public static IEnumerable<KinkSite> SitesOf(Expr node)
    {
        var (row, args) = node switch
        {
            Call c => (c.Function, c.Args),
            Pow p => (PowRow, [p.Base, p.Exponent]),
            _ => (null, ImmutableArray<Expr>.Empty),
        };
        return row is null ? [] : row.Kinks.Select(rule => new KinkSite(node, row, rule, args));
    }

    /// <summary>The kinks the point sits on exactly, given every node's value there (children before parents).</summary>
    public static List<KinkSite> Locate(IReadOnlyDictionary<Expr, double> values)
    {
        var sites = new List<KinkSite>();
        foreach (var (node, _) in values)
        {
            foreach (var site in SitesOf(node))
                if (site.Rule.IsAt([.. site.Args.Select(a => values[a])])) sites.Add(site);
        }
        return sites;
    }

    /// <summary>
    /// Every kink <paramref name="point"/> sits on that a variable of <paramref name="wrt"/> moves, each with the one-sided values and derivatives of the whole
    /// <paramref name="function"/> along the variables of <paramref name="wrt"/> that place it.
    /// </summary>
    public static KinkReport Find(Expr function, IReadOnlyDictionary<string, double> point, IReadOnlyList<string> wrt, ExprFactory f)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(wrt);
        return FromNodeValues(function, PointAnalysis.NodeValues(function, point), point, wrt, f);
    }

    /// <summary><see cref="Find(Expr, IReadOnlyDictionary{string, double}, IReadOnlyList{string}, ExprFactory)"/> given the
    /// value of every node of <paramref name="function"/> at the point (children before parents).</summary>
    internal static KinkReport FromNodeValues(Expr function, Dictionary<Expr, double> values, IReadOnlyDictionary<string, double> point,
        IReadOnlyList<string> wrt, ExprFactory f)
    {
        // A kink that no differentiation variable moves is no kink of f along them: 0^x at x = 1 is smooth in x (the
        // base 0 places pow's kink, and nothing moves it); relu(y) is constant along x.
        var sites = Locate(values).Where(s => wrt.Any(s.IsPlacedBy)).ToList();
        if (sites.Count == 0) return KinkReport.None;

        var variables = wrt.Distinct().Where(v => sites.Any(s => s.IsPlacedBy(v))).ToList();
        var directions = variables.ToDictionary(v => v, v => new Crossing(function, point, v, sites, f).Direction(values[function]));
        return new([.. sites.Select(s =>
        {
            ImmutableArray<KinkDirection> along = [.. variables.Where(s.IsPlacedBy).Select(v => directions[v])];
            return new KinkNote(s.Node, Touching(s, along) ?? s.Description, s.Convention, along);
        })]);
    }

    // An end of the domain that f crosses on no side (sqrt(x^2) at 0: x^2 touches 0 and turns back) is a kink.
    private static string? Touching(KinkSite site, ImmutableArray<KinkDirection> along) =>
        site.Rule.IsDomainEnd && along.All(d => d.Left.IsDefined && d.Right.IsDefined)
            ? $"{site.Node} has a kink where {site.Args[0]} touches the end of its domain without crossing it"
            : null;

    // Equal up to rounding: the pieces and the written function are different programs. Infinities are equal only to
    // themselves (the relative bound is inf for them, which made -inf and +inf "the same" for sqrt(abs(x)) at 0).
    internal static bool Same(double a, double b) =>
        a.Equals(b) || double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-12;

    /// <summary>The function along one variable through the point, on each side of the kinks placed by it.</summary>
    private sealed class Crossing(Expr function, IReadOnlyDictionary<string, double> point, string variable, List<KinkSite> sites, ExprFactory f)
    {
        private readonly double _at = point[variable];
        private readonly List<KinkSite> _placed = [.. sites.Where(s => s.IsPlacedBy(variable))];

        public KinkDirection Direction(double value) => new(variable, value, Side(-1), Side(+1));

        private KinkSide Side(int side)
        {
            var piece = Piece(side);
            var beside = Beside(piece, side);
            // Defined on this side when f has values just beside the point (sqrt(x) has none left of 0).
            if (beside.TakeLast(3).All(double.IsNaN)) return KinkSide.Undefined;
            // Pieces are smooth through the point, so their value there is the side's limit; a row without pieces
            // (atan2 at the origin) may jump, so its value there is checked against the values approaching it.
            var exact = At(piece, _at);
            var value = exact;
            if (!double.IsFinite(exact) || _placed.Any(s => s.Rule.Below is null))
            {
                var limit = Limit(beside);
                if (!double.IsFinite(exact) || !double.IsNaN(limit) && !Same(limit, exact)) value = limit;
            }

            var derivative = Differentiator.Differentiate(piece, variable, f);
            var slope = At(derivative, _at);
            // Not finite at the point itself (1/(2*sqrt(x)), 0*inf): the limit of the exact derivative along the side.
            if (!double.IsFinite(slope)) slope = Limit(Beside(derivative, side));
            return new KinkSide(value + 0.0, slope + 0.0);
        }

        // The function on one side: each node on a kink placed by the variable becomes its row's piece there.
        private Expr Piece(int side)
        {
            var choice = new Dictionary<Expr, BranchRule>();
            foreach (var site in _placed)
            {
                if (site.Rule.Below is not { } below || site.Rule.Above is not { } above) continue;
                var sign = SignBeside(site.Switch(f)!, side);
                if (sign != 0) choice[site.Node] = sign < 0 ? below : above;
            }
            if (choice.Count == 0) return function;

            var memo = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
            Expr Visit(Expr e)
            {
                if (!e.DependsOn(variable)) return e;
                if (memo.TryGetValue(e, out var done)) return done;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                var result = e switch
                {
                    Add a => f.Add(a.Terms.Select(Visit)),
                    Mul m => f.Mul(m.Factors.Select(Visit)),
                    Pow p => f.Pow(Visit(p.Base), Visit(p.Exponent)),
                    Call c when choice.TryGetValue(e, out var piece) => piece(f, [.. c.Args.Select(Visit)]),
                    Call c => f.Call(c.Function, [.. c.Args.Select(Visit)]),
                    _ => e,
                };
                memo[e] = result;
                return result;
            }
            return Visit(function);
        }

        // The sign of a switch just beside the point: from its derivative where that is finite and not 0, else from
        // its values nearest the point (x^3 is flat to first order; 0 when the switch stays 0, as relu(x) left of 0 does).
        private int SignBeside(Expr @switch, int side)
        {
            var slope = At(Differentiator.Differentiate(@switch, variable, f), _at);
            if (double.IsFinite(slope) && slope != 0) return side * Math.Sign(slope);
            foreach (var y in Enumerable.Reverse(Beside(@switch, side)))
                if (!double.IsNaN(y) && y != 0) return Math.Sign(y);
            return 0;
        }

        private double At(Expr e, double x) => Along(e)(x);

        // Values at the point moved towards one side by 2^-5 ... 2^-50 of its scale, nearest last. The steps are
        // powers of 2 no finer than 4 ulps, so each moved point is exact and the steps shrink by exactly 8.
        private List<double> Beside(Expr e, int side)
        {
            var g = Along(e);
            var ys = new List<double>();
            var exponent = Math.ILogB(Math.Max(Math.Abs(_at), 1));
            for (var m = exponent - 5; m >= exponent - 50; m -= 3)
                ys.Add(g(_at + side * Math.ScaleB(1.0, m)));
            return ys;
        }

        private Func<double, double> Along(Expr e)
        {
            var names = e.FreeSymbols.ToArray();
            var program = ExprProgram.Lower(e, names);
            var inputs = names.Select(n => point.GetValueOrDefault(n, double.NaN)).ToArray();
            var index = Array.IndexOf(names, variable);
            return x =>
            {
                if (index >= 0) inputs[index] = x;
                return Interpreter.Evaluate(program, inputs)[0];
            };
        }
    }

    /// <summary>
    /// The limit of a sequence of exact values approaching a point (steps shrinking by a constant factor): settled values, growth
    /// without bound (±inf, also logarithmic), or geometric convergence (Aitken's extrapolation); NaN when none.
    /// </summary>
    internal static double Limit(IReadOnlyList<double> ys)
    {
        if (ys.Count == 0) return double.NaN;
        if (double.IsInfinity(ys[^1])) return ys[^1];
        var tail = ys.Reverse().TakeWhile(double.IsFinite).Reverse().ToList();
        if (tail.Count < 4) return double.NaN;
        var (w, a, b, c) = (tail[^4], tail[^3], tail[^2], tail[^1]);
        if (a == b && b == c) return c;
        if (Math.Abs(a - c) <= 1e-12 * Math.Abs(c)) return Round(c);
        var (d0, d1, d2) = (a - w, b - a, c - b);
        var (r1, r2) = (d1 / d0, d2 / d1);
        var growing = Math.Abs(w) < Math.Abs(a) && Math.Abs(a) < Math.Abs(b) && Math.Abs(b) < Math.Abs(c) &&
                      Math.Sign(w) == Math.Sign(c) && Math.Sign(a) == Math.Sign(c) && Math.Sign(b) == Math.Sign(c);
        // Steps that do not shrink: power-law (ratio 10^a) or logarithmic (ratio 1) growth.
        if (growing && r1 >= 0.9 && r2 >= 0.9) return c > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        if (r1 > 0 && r1 < 0.9 && r2 > 0 && r2 < 0.9)
        {
            var limit = c + d2 * r2 / (1 - r2);
            return Math.Abs(limit) <= 1e-9 * tail.Max(Math.Abs) ? 0 : Round(limit);
        }
        return double.NaN;
    }

    // A limit read from approaching values is good to about 12 digits; don't print more.
    private static double Round(double v) =>
        v == 0 || !double.IsFinite(v) ? v : double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
