using BenchmarkDotNet.Attributes;
using SymDiff.Evaluation;

namespace SymDiff.Benchmarks;

/// <summary>
/// Issue 12, target 1: what it costs to get mlp16's simplified gradient ready for batch evaluation without JIT
/// (lowering, then the column plan; target under 100 µs together), against compiling the batch delegate.
/// </summary>
[Config(typeof(BenchConfig))]
public class ColumnPrepareBenchmarks
{
    private BaselineBenchmarks.Fixture _mlp = null!;
    private ExprProgram _program = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mlp = new BaselineBenchmarks.Fixture("mlp16");
        _program = ExprProgram.Lower(_mlp.Gradient, _mlp.Variables);
    }

    /// <summary>Lower + plan: everything between a gradient and its first column evaluation.</summary>
    [Benchmark(Baseline = true)]
    public ColumnEvaluator PrepareMlp16() => ColumnEvaluator.Prepare(ExprProgram.Lower(_mlp.Gradient, _mlp.Variables), ColumnAccuracy.Fast);

    [Benchmark]
    public ExprProgram LowerMlp16() => ExprProgram.Lower(_mlp.Gradient, _mlp.Variables);

    [Benchmark]
    public ColumnEvaluator PlanMlp16() => ColumnEvaluator.Prepare(_program, ColumnAccuracy.Fast);

    /// <summary>The JIT route it replaces: lower, build the expression tree, compile.</summary>
    [Benchmark]
    public BatchFunction CompileMlp16() => Compiler.CompileBatch(ExprProgram.Lower(_mlp.Gradient, _mlp.Variables));
}

/// <summary>How many points per tile: seed_chain and mlp16 over 10^6 points (fast kernels) at each size.</summary>
[Config(typeof(BenchConfig))]
public class ColumnTileBenchmarks
{
    private const int Points = CaseBenchmarks.Points;

    private BaselineBenchmarks.Fixture _chain = null!;
    private BaselineBenchmarks.Fixture _mlp = null!;
    private ColumnEvaluator _chainColumns = null!;
    private ColumnEvaluator _mlpColumns = null!;

    [Params(128, 256, 512, 1024, 2048, 4096)]
    public int TileSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chain = new BaselineBenchmarks.Fixture("seed_chain");
        _mlp = new BaselineBenchmarks.Fixture("mlp16");
        _chainColumns = ColumnEvaluator.Prepare(_chain.Compiled.Program, ColumnAccuracy.Fast, TileSize);
        _mlpColumns = ColumnEvaluator.Prepare(_mlp.Compiled.Program, ColumnAccuracy.Fast, TileSize);
    }

    [Benchmark]
    public void SeedChain() => _chainColumns.Evaluate(_chain.Inputs, _chain.Outputs, Points);

    [Benchmark]
    public void Mlp16() => _mlpColumns.Evaluate(_mlp.Inputs, _mlp.Outputs, Points);
}
