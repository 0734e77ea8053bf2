using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Benchmarks;

/// <summary>
/// Per case of bench-cases.tsv: parse, gradient, gradient + simplification, compile and batch evaluation of the
/// compiled (simplified) gradient on 10^6 points. Each differentiation starts from a fresh <see cref="ExprFactory"/>
/// (empty intern table), so nothing is reused from the previous invocation.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class CaseBenchmarks
{
    public const int Points = 1_000_000;

    private BenchCase _case = null!;
    private Expr _function = null!;
    private Expr[] _gradient = null!;
    private ImmutableArray<string> _inputs;
    private CompiledFunction _compiled = null!;
    private double[][] _inputColumns = null!;
    private double[][] _outputColumns = null!;

    public static IEnumerable<string> CaseNames => BenchCases.Names;

    [ParamsSource(nameof(CaseNames))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _case = BenchCases.Get(Case);
        var factory = new ExprFactory();
        _function = BenchCases.Parse(_case.Expression, factory);
        _gradient = BenchCases.SimplifiedGradient(_function, _case.Variables, factory);
        _inputs = _case.Inputs(_function);
        _compiled = CompiledFunction.Compile(_gradient, _inputs);
        var (low, high) = BenchCases.InputRange(Case);
        _inputColumns = BenchCases.RandomColumns(_inputs.Length, Points, low, high);
        _outputColumns = [.. _gradient.Select(_ => new double[Points])];
    }

    [Benchmark]
    public Expr Parse() => BenchCases.Parse(_case.Expression, new ExprFactory());

    [Benchmark]
    public Expr[] Gradient() => BenchCases.Gradient(_function, _case.Variables, new ExprFactory());

    [Benchmark]
    public Expr[] GradientSimplified() => BenchCases.SimplifiedGradient(_function, _case.Variables, new ExprFactory());

    /// <summary>Lowering plus compilation of the batch delegate (the lazily compiled loop is forced).</summary>
    [Benchmark]
    public BatchFunction Compile() => CompiledFunction.Compile(_gradient, _inputs).Batch;

    /// <summary>The gradient over 10^6 points through <c>CompiledFunction.EvaluateBatch</c>: the column path (exact) since issue 12.</summary>
    [Benchmark]
    public double[][] Evaluate()
    {
        _compiled.EvaluateBatch(_inputColumns, _outputColumns, Points);
        return _outputColumns;
    }
}
