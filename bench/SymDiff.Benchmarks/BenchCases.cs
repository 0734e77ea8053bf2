using System.Collections.Immutable;
using SymDiff.Calculus;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;

namespace SymDiff.Benchmarks;

/// <summary>One row of bench-cases.tsv: a name, an expression and the variables of its gradient.</summary>
public sealed record BenchCase(string Name, string Expression, ImmutableArray<string> Variables)
{
    /// <summary>The gradient variables first, then any other free symbols (inputs only), sorted.</summary>
    public ImmutableArray<string> Inputs(Expr function) =>
        [.. Variables, .. function.FreeSymbols.Where(s => !Variables.Contains(s)).Order(StringComparer.Ordinal)];
}

/// <summary>Loads the cases and builds the expressions every benchmark starts from.</summary>
public static class BenchCases
{
    private static readonly Lazy<ImmutableArray<BenchCase>> All = new(Load);

    public static ImmutableArray<BenchCase> Cases => All.Value;

    public static IEnumerable<string> Names => Cases.Select(c => c.Name);

    public static BenchCase Get(string name) =>
        Cases.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"No bench case '{name}'.", nameof(name));

    /// <summary>Parses <paramref name="text"/>; a benchmark input that does not parse is a bug in the bench data.</summary>
    public static Expr Parse(string text, ExprFactory factory)
    {
        var result = Parser.Parse(text, factory);
        if (!result.Success || result.Value is null)
            throw new InvalidOperationException(
                $"Bench expression does not parse: {string.Join("; ", result.Diagnostics.Select(d => d.Message))}");
        return result.Value;
    }

    /// <summary>All partial derivatives, in the order of <paramref name="variables"/>.</summary>
    public static Expr[] Gradient(Expr function, IReadOnlyList<string> variables, ExprFactory factory) =>
        [.. Derivatives.Gradient(function, variables, factory).Select(p => p.Value)];

    /// <summary>The gradient with each partial simplified (what the CLI prints and compiles).</summary>
    public static Expr[] SimplifiedGradient(Expr function, IReadOnlyList<string> variables, ExprFactory factory) =>
        // All partials in one run: they share subtrees (mlp16's residual), which one memo visits once.
        [.. Simplifier.SimplifyAll([.. Derivatives.Gradient(function, variables, factory).Select(p => p.Value)], factory).Values];

    /// <summary><c>1*x^1 + 2*x^2 + ... + n*x^n</c>, poly50's pattern at any size.</summary>
    public static string PolynomialSum(int n) =>
        string.Join("+", Enumerable.Range(1, n).Select(k => $"{k}*x^{k}"));

    /// <summary><c>(x+1)*(x+2)*...*(x+n)</c>, prod30's pattern.</summary>
    public static string Product(int n) =>
        string.Join("*", Enumerable.Range(1, n).Select(k => $"(x+{k})"));

    /// <summary><c>sin(sin(...sin(x)))</c>, n deep (nest_sin20's pattern).</summary>
    public static string NestedSin(int n) => string.Concat(Enumerable.Repeat("sin(", n)) + "x" + new string(')', n);

    /// <summary><c>((x^2+1)^2+1)...^2+1</c>, n squarings (sqnest10's pattern).</summary>
    public static string SquareNest(int n)
    {
        var text = "x";
        for (var i = 0; i < n; i++) text = $"({text})^2+1";
        return text;
    }

    /// <summary>Uniform values in [<paramref name="low"/>, <paramref name="high"/>], seeded per column.</summary>
    public static double[][] RandomColumns(int columns, int count, double low, double high, int seed = 20250101)
    {
        var random = new Random(seed);
        var result = new double[columns][];
        for (var j = 0; j < columns; j++)
        {
            var column = result[j] = new double[count];
            for (var i = 0; i < count; i++) column[i] = low + (high - low) * random.NextDouble();
        }
        return result;
    }

    /// <summary>The input range used for a case: [-1, 1] for mlp16 (weights), (0, 1] elsewhere (tower3 needs x > 0).</summary>
    public static (double Low, double High) InputRange(string name) => name == "mlp16" ? (-1.0, 1.0) : (0.1, 1.0);

    private static ImmutableArray<BenchCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "bench-cases.tsv");
        var cases = ImmutableArray.CreateBuilder<BenchCase>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            if (fields.Length != 3) throw new InvalidDataException($"{path}: expected 3 tab-separated fields: {line}");
            cases.Add(new BenchCase(fields[0], fields[1], [.. fields[2].Split(',', StringSplitOptions.TrimEntries)]));
        }
        return cases.ToImmutable();
    }
}
