using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Numbers;

namespace SymDiff.Tests.Support;

/// <summary>
/// Seeded random expression trees in 1-3 variables, built through the factory (so canonical), mixing sums,
/// products, powers with small integer and rational exponents and rows of the function table.
/// </summary>
internal static class RandomExpressions
{
    public static readonly string[] Variables = ["x", "y", "z"];

    public static Expr Build(int seed, ExprFactory f, int maxDepth = 4, int variableCount = 3, bool smoothOnly = false)
    {
        var rng = new Random(seed);
        var rows = FunctionTable.All.Where(r => r.Arity > 0 && (!smoothOnly || r.Convention is null) && r.Name != "sign" && r.Name != "heaviside").ToArray();

        Expr Node(int depth)
        {
            if (depth >= maxDepth || rng.NextDouble() < 0.25)
                return rng.NextDouble() < 0.7
                    ? f.Symbol(Variables[rng.Next(variableCount)])
                    : f.Number(Rational.Create(rng.Next(-5, 6), rng.Next(1, 4)));
            switch (rng.Next(5))
            {
                case 0: return f.Add(Enumerable.Range(0, rng.Next(2, 4)).Select(_ => Node(depth + 1)).ToArray());
                case 1: return f.Mul(Enumerable.Range(0, rng.Next(2, 4)).Select(_ => Node(depth + 1)).ToArray());
                case 2:
                    Rational[] exponents = [2, 3, -1, -2, Rational.Half, Rational.Create(3, 2), Rational.Create(-1, 2)];
                    return f.Pow(Node(depth + 1), exponents[rng.Next(exponents.Length)]);
                default:
                    var row = rows[rng.Next(rows.Length)];
                    return f.Call(row, Enumerable.Range(0, row.Arity).Select(_ => Node(depth + 1)).ToArray());
            }
        }

        return Node(0);
    }

    /// <summary>A random point with coordinates in [-2, 2], avoiding exact zeros.</summary>
    public static Dictionary<string, double> Point(Random rng) =>
        Variables.ToDictionary(v => v, _ => Math.Round(rng.NextDouble() * 4 - 2, 3) + 1e-4);
}
