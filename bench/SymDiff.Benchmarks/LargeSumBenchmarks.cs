using BenchmarkDotNet.Attributes;
using SymDiff.Expressions;

namespace SymDiff.Benchmarks;

/// <summary>
/// Parse and gradient of <c>1*x^1 + 2*x^2 + ... + n*x^n</c> (poly50's pattern) at growing n: linear time means the
/// time per term stays flat from 2,500 to 20,000 terms.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class LargeSumBenchmarks
{
    private string _text = "";
    private Expr _function = null!;

    [Params(2_500, 5_000, 10_000, 20_000)]
    public int Terms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchCases.PolynomialSum(Terms);
        _function = BenchCases.Parse(_text, new ExprFactory());
    }

    [Benchmark]
    public Expr Parse() => BenchCases.Parse(_text, new ExprFactory());

    [Benchmark]
    public Expr[] Gradient() => BenchCases.Gradient(_function, ["x"], new ExprFactory());

    [Benchmark]
    public Expr[] GradientSimplified() => BenchCases.SimplifiedGradient(_function, ["x"], new ExprFactory());
}
