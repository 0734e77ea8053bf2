using System.Collections.Immutable;
using System.Globalization;
using SymDiff.Functions;

namespace SymDiff.Tests.Fuzz;

/// <summary>
/// Seeded random functions over the whole grammar, as text: every <see cref="FunctionTable"/> row (the 0-ary pi as the
/// constant, the binary log, atan2, pow, min and max, the alias <c>ln</c>), implicit multiplication (<c>2x</c>, <c>x y</c>,
/// <c>2(x+1)</c>, <c>2exp(x)</c>), <c>^</c> and <c>**</c>, decimals (0.25, .5, 3., 1e-3, 2.5E1), pi and e, unary
/// minus, redundant parentheses and spacing, and the written forms that canonicalisation rewrites (<c>u/u</c>,
/// <c>sqrt(u)^2</c>, <c>u - u</c>, <c>0*log(u)</c>, <c>cosh(u)^2 - sinh(u)^2</c>, <c>u*v/v</c>, ...). Operands are
/// grouped wherever the grammar needs it, so the text parses back to the generated tree (checked by the fuzz).
/// <see cref="Trap"/> builds functions that are undefined at the points it pins, by construction.
/// </summary>
internal sealed partial class ExpressionGenerator
{
    public static readonly ImmutableArray<string> VariablePool = ["x", "y", "z", "t", "theta"];

    private static readonly ImmutableArray<FunctionInfo> Rows = FunctionTable.All;
    // Every row but the 0-ary pi, which is written as the constant (see Leaf).
    private static readonly ImmutableArray<FunctionInfo> Callable = [.. Rows.Where(r => r.Arity > 0)];
    private static readonly ImmutableArray<FunctionInfo> Unary = [.. Rows.Where(r => r.Arity == 1)];
    private static readonly ImmutableArray<FunctionInfo> Binary = [.. Rows.Where(r => r.Arity == 2)];

    // Literals as people write them; every one is exact or nearly so in binary, and small.
    private static readonly string[] Literals =
        ["0", "1", "2", "3", "4", "5", "7", "10", "0.5", "0.25", "1.5", "2.75", ".5", ".125", "3.", "1e-3", "2.5e-1",
         "1E1", "1e+0", "0.1", "1.25e0", "12"];

    private readonly Random _rng;
    private readonly int _maxDepth;

    public ExpressionGenerator(Random rng, int variableCount, int maxDepth)
    {
        _rng = rng;
        _maxDepth = maxDepth;
        Variables = [.. VariablePool.OrderBy(_ => rng.Next()).Take(variableCount)];
    }

    /// <summary>The variables the generated functions draw from (some may not occur in a given function).</summary>
    public ImmutableArray<string> Variables { get; }

    /// <summary>A random function.</summary>
    public FuzzNode Function() => Node(0);

    private bool Chance(double p) => _rng.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private string Gap() => Chance(0.6) ? " " : "";

    // ---- construction: each helper groups operands the grammar would otherwise read differently ----

    private static FuzzNode AtLeast(FuzzNode node, int level) => node.Level >= level ? node : new GroupNode(node);

    private FuzzNode Sum(params (FuzzNode Term, bool Minus)[] terms) =>
        new SumNode([.. terms.Select(t => AtLeast(t.Term, 1))], [false, .. terms.Skip(1).Select(t => t.Minus)],
            [.. terms.Select(_ => Gap())]);

    // A product's first factor cannot carry a sign (-a*b is -(a*b)); later ones can after '*' or '/' (a * -b).
    private FuzzNode Product(FuzzNode first, params (FactorJoin Join, FuzzNode Factor)[] rest)
    {
        var factors = new List<FuzzNode> { AtLeast(first, 3) };
        var joins = new List<FactorJoin> { FactorJoin.Times };
        var gaps = new List<string> { "" };
        foreach (var (join, factor) in rest)
        {
            var left = factors[^1];
            if (join == FactorJoin.Implicit && Juxtapose(left, AtLeast(factor, 3)) is { } right)
            {
                factors.Add(right.Factor);
                joins.Add(FactorJoin.Implicit);
                gaps.Add(right.Gap);
                continue;
            }
            factors.Add(AtLeast(factor, 2));
            joins.Add(join == FactorJoin.Divide ? FactorJoin.Divide : FactorJoin.Times);
            gaps.Add(Gap());
        }
        return new ProductNode([.. factors], [.. joins], [.. gaps]);
    }

    // Juxtaposition needs a right operand that starts with a name or '(' (x 2 is an error), and a '(' only after a
    // number or ')' (x(y) would be a call of x). Two names need a space; so does a number before the constant e
    // (2e is a malformed exponent), but not before exp or erf (2exp(x) is 2*exp(x)).
    private (FuzzNode Factor, string Gap)? Juxtapose(FuzzNode left, FuzzNode right)
    {
        if (right.First == Edge.Number || right.First == Edge.Sign) right = new GroupNode(right);
        if (right.First == Edge.OpenParen && left.Last is not (Edge.Number or Edge.CloseParen)) return null;
        var text = right.ToString();
        var needsSpace = left.Last == Edge.Identifier && right.First == Edge.Identifier
            || left.Last == Edge.Number && text[0] is 'e' or 'E' && (text.Length == 1 || !char.IsAsciiLetter(text[1]));
        return (right, needsSpace || Chance(0.3) ? " " : "");
    }

    private static FuzzNode Neg(FuzzNode operand) => new NegNode(AtLeast(operand, 2));

    private FuzzNode Power(FuzzNode @base, FuzzNode exponent) => new PowerNode(AtLeast(@base, 4), AtLeast(exponent, 2), Chance(0.3));

    private FuzzNode Call(string name, params FuzzNode[] args)
    {
        var row = FunctionTable.Lookup(name, args.Length) ?? throw new ArgumentException($"no row {name}/{args.Length}");
        return Call(row, args);
    }

    private FuzzNode Call(FunctionInfo row, params FuzzNode[] args)
    {
        var spelling = row.Aliases.Length > 0 && Chance(0.3) ? Pick(row.Aliases) : row.Name;
        return new CallNode(row, spelling, [.. args], Chance(0.5) ? ", " : ",");
    }

    private static FuzzNode Lit(string text) => new LitNode(text);

    private static FuzzNode Lit(double value) => value < 0 ? Neg(Lit(-value)) : Lit(value.ToString("R", CultureInfo.InvariantCulture));

    // ---- random functions ----

    private FuzzNode Leaf()
    {
        var roll = _rng.NextDouble();
        if (roll < 0.62) return new VarNode(Pick(Variables));
        if (roll < 0.9) return Lit(Pick(Literals));
        // NOTE: not pi(), the 0-ary row called: the parser takes pi for the constant before it sees the parentheses and
        // rejects "pi()" with SD1009 (empty parentheses). The constant pi binds to the same row.
        return Chance(0.5) ? new ConstNode("pi") : new ConstNode("e");
    }

    private FuzzNode Node(int depth)
    {
        if (depth >= _maxDepth || Chance(0.15 + 0.12 * depth)) return Leaf();
        var next = depth + 1;
        var roll = _rng.Next(100);
        return roll switch
        {
            < 15 => Sum([.. Enumerable.Range(0, _rng.Next(2, 4)).Select(_ => (Node(next), Chance(0.4)))]),
            < 30 => Product(Node(next), [.. Enumerable.Range(0, _rng.Next(1, 3)).Select(_ => (RandomJoin(), Node(next)))]),
            < 42 => Power(Node(next), Exponent(next)),
            < 48 => Neg(Node(next)),
            < 51 => new GroupNode(Node(next)),
            < 85 => RandomCall(next),
            _ => Rewritten(next),
        };
    }

    private FactorJoin RandomJoin() => _rng.Next(4) switch { 0 or 1 => FactorJoin.Times, 2 => FactorJoin.Divide, _ => FactorJoin.Implicit };

    private FuzzNode Exponent(int depth) => _rng.Next(10) switch
    {
        0 or 1 or 2 => Lit(Pick(["2", "3", "2", "4"])),
        3 => Neg(Lit(Pick(["1", "2"]))),
        4 => Lit(Pick(["0.5", "1.5", "2.5"])),
        5 => new GroupNode(Product(Lit("1"), (FactorJoin.Divide, Lit(Pick(["2", "3"]))))),
        6 => Lit(Pick(Literals)),
        _ => Node(depth),
    };

    // Any row; with some chance each argument is mapped into the row's test domain (lo + w*sigmoid(u), or
    // lo + w/(1 + u^2)), so functions with narrow domains (acosh, atanh, log) are defined often enough to check.
    private FuzzNode RandomCall(int depth)
    {
        var row = Pick(Callable);
        var args = new FuzzNode[row.Arity];
        for (var i = 0; i < args.Length; i++) args[i] = Chance(0.35) ? Guarded(row.TestDomain, depth) : Node(depth);
        return Call(row, args);
    }

    private FuzzNode Guarded(Interval domain, int depth)
    {
        var u = Node(depth + 1);
        var width = Math.Round(domain.High - domain.Low, 6);
        var squash = Chance(0.5)
            ? Call("sigmoid", u)
            : Product(Lit("1"), (FactorJoin.Divide, Sum((Lit("1"), false), (Power(u, Lit("2")), false))));
        var scaled = Product(Lit(width), (Chance(0.5) ? FactorJoin.Implicit : FactorJoin.Times, squash));
        return domain.Low == 0 ? scaled
            : domain.Low > 0 ? Sum((Lit(domain.Low), false), (scaled, false))
            : Sum((scaled, false), (Lit(-domain.Low), true));
    }

    // NOTE: cosh(u)^2 - sinh(u)^2 loses log10(cosh(u)^2) digits to cancellation as written, and until the
    // high-precision reference decides which value is right (Reference.Confirms is a stub: issue 8, item 5) the verdict
    // is a false FAIL once |u| passes about 6: "x*(cosh(y)^2 - sinh(y)^2)" at y = 8. Conditioning would set almost all
    // such points aside, so the argument is kept within ±pi/2, where the form is judged.
    private FuzzNode Bounded(FuzzNode u) => Call(Chance(0.5) ? "atan" : "tanh", u);

    // The written forms canonicalisation rewrites: the written form decides their values and domains.
    private static readonly (string Name, Func<ExpressionGenerator, FuzzNode, FuzzNode, FuzzNode> Build)[] RewrittenForms =
    [
        ("u/u", (g, u, _) => g.Product(u, (FactorJoin.Divide, u))),
        ("sqrt(u)^2", (g, u, _) => g.Power(g.Call("sqrt", u), Lit("2"))),
        ("u - u", (g, u, _) => g.Sum((u, false), (u, true))),
        ("0*log(u)", (g, u, _) => g.Product(Lit("0"), (FactorJoin.Times, g.Call("log", u)))),
        ("cosh(u)^2 - sinh(u)^2", (g, u, _) =>
            g.Sum((g.Power(g.Call("cosh", g.Bounded(u)), Lit("2")), false), (g.Power(g.Call("sinh", g.Bounded(u)), Lit("2")), true))),
        ("u*v/v", (g, u, v) => g.Product(u, (FactorJoin.Times, v), (FactorJoin.Divide, v))),
        ("u^2/u", (g, u, _) => g.Product(g.Power(u, Lit("2")), (FactorJoin.Divide, u))),
        ("1/(1/u)", (g, u, _) => g.Product(Lit("1"), (FactorJoin.Divide, g.Product(Lit("1"), (FactorJoin.Divide, u))))),
        ("sqrt(u)*sqrt(u)", (g, u, _) => g.Product(g.Call("sqrt", u), (FactorJoin.Times, g.Call("sqrt", u)))),
        ("log(u) - log(u) + v", (g, u, v) => g.Sum((g.Call("log", u), false), (g.Call("log", u), true), (v, false))),
        ("asin(u) - asin(u)", (g, u, _) => g.Sum((g.Call("asin", u), false), (g.Call("asin", u), true))),
        ("exp(log(u))", (g, u, _) => g.Call("exp", g.Call("log", u))),
        ("log(exp(u))", (g, u, _) => g.Call("log", g.Call("exp", u))),
        ("abs(abs(u)), abs(-u)", (g, u, _) => g.Call("abs", g.Chance(0.5) ? g.Call("abs", u) : Neg(u))),
        ("max(u, u), min(u, u)", (g, u, _) => g.Call(g.Chance(0.5) ? "max" : "min", u, u)),
        ("(u^2)^(1/2)", (g, u, _) => g.Power(g.Power(u, Lit("2")), new GroupNode(g.Product(Lit("1"), (FactorJoin.Divide, Lit("2")))))),
        ("u^(1/3)", (g, u, _) => g.Power(u, new GroupNode(g.Product(Lit("1"), (FactorJoin.Divide, Lit("3")))))),
        ("u^0, u^1", (g, u, _) => g.Power(u, g.Chance(0.5) ? Lit("0") : Lit("1"))),
        ("0^u", (g, u, _) => g.Power(Lit("0"), u)),
        ("u^relu(v)", (g, u, v) => g.Power(u, g.Call("relu", v))),
        ("2u - u - u", (g, u, _) => g.Sum((g.Product(Lit("2"), (FactorJoin.Implicit, u)), false), (u, true), (u, true))),
        ("exp(u)/exp(u)", (g, u, _) => g.Product(g.Call("exp", u), (FactorJoin.Divide, g.Call("exp", u)))),
    ];

    /// <summary>The names of the rewritten written forms, for coverage.</summary>
    public static IEnumerable<string> RewrittenFormNames => RewrittenForms.Select(f => f.Name);

    /// <summary>The rewritten written forms this generator has emitted.</summary>
    public HashSet<string> FormsEmitted { get; } = [];

    private FuzzNode Rewritten(int depth)
    {
        var u = Node(depth + 1);
        var v = Node(depth + 1);
        var (name, build) = RewrittenForms[_rng.Next(RewrittenForms.Length)];
        FormsEmitted.Add(name);
        return build(this, u, v);
    }
}
