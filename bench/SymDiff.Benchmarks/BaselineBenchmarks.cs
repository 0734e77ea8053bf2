using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Benchmarks;

/// <summary>
/// Symbolic gradients against hand-written C# over the same 10^6 points (same columns, same outputs): the compiled
/// (JIT) batch delegate, and the column path (<see cref="ColumnEvaluator"/>) exact and fast. The Ratio column is
/// time / hand-written per point (issue 12: seed_chain's column path at most 0.5, mlp16's within 1.2 of Mlp16ByUnit).
/// </summary>
[Config(typeof(BenchConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class BaselineBenchmarks
{
    private const int Points = CaseBenchmarks.Points;

    private Fixture _chain = null!;
    private Fixture _mlp = null!;
    private double[] _residual = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chain = new Fixture("seed_chain");
        _mlp = new Fixture("mlp16");
        _chain.Check((i, o, n) => HandWritten.SeedChain(i[0], o[0], n));
        _mlp.Check(HandWritten.Mlp16);
        _residual = new double[Points];
        _mlp.Check((i, o, n) => HandWritten.Mlp16ByUnit(i, o, n, _residual));
    }

    [Benchmark(Baseline = true), BenchmarkCategory("seed_chain")]
    public void SeedChainHandWritten() => HandWritten.SeedChain(_chain.Inputs[0], _chain.Outputs[0], Points);

    [Benchmark, BenchmarkCategory("seed_chain")]
    public void SeedChainCompiled() => _chain.Compiled.Batch(_chain.Inputs, _chain.Outputs, Points);

    [Benchmark, BenchmarkCategory("seed_chain")]
    public void SeedChainColumnsExact() => _chain.ExactColumns.Evaluate(_chain.Inputs, _chain.Outputs, Points);

    [Benchmark, BenchmarkCategory("seed_chain")]
    public void SeedChainColumnsFast() => _chain.FastColumns.Evaluate(_chain.Inputs, _chain.Outputs, Points);

    [Benchmark(Baseline = true), BenchmarkCategory("mlp16")]
    public void Mlp16HandWritten() => HandWritten.Mlp16(_mlp.Inputs, _mlp.Outputs, Points);

    [Benchmark, BenchmarkCategory("mlp16")]
    public void Mlp16HandWrittenByUnit() => HandWritten.Mlp16ByUnit(_mlp.Inputs, _mlp.Outputs, Points, _residual);

    [Benchmark, BenchmarkCategory("mlp16")]
    public void Mlp16Compiled() => _mlp.Compiled.Batch(_mlp.Inputs, _mlp.Outputs, Points);

    [Benchmark, BenchmarkCategory("mlp16")]
    public void Mlp16ColumnsExact() => _mlp.ExactColumns.Evaluate(_mlp.Inputs, _mlp.Outputs, Points);

    [Benchmark, BenchmarkCategory("mlp16")]
    public void Mlp16ColumnsFast() => _mlp.FastColumns.Evaluate(_mlp.Inputs, _mlp.Outputs, Points);

    /// <summary>A case's compiled simplified gradient with its input and output columns.</summary>
    public sealed class Fixture
    {
        public Fixture(string name)
        {
            var benchCase = BenchCases.Get(name);
            var factory = new ExprFactory();
            var function = BenchCases.Parse(benchCase.Expression, factory);
            var gradient = BenchCases.SimplifiedGradient(function, benchCase.Variables, factory);
            Variables = benchCase.Inputs(function);
            Gradient = gradient;
            Compiled = CompiledFunction.Compile(gradient, Variables);
            ExactColumns = ColumnEvaluator.Prepare(Compiled.Program, ColumnAccuracy.Exact);
            FastColumns = ColumnEvaluator.Prepare(Compiled.Program, ColumnAccuracy.Fast);
            var (low, high) = BenchCases.InputRange(name);
            Inputs = BenchCases.RandomColumns(Variables.Length, Points, low, high);
            Outputs = [.. gradient.Select(_ => new double[Points])];
        }

        public ImmutableArray<string> Variables { get; }
        public Expr[] Gradient { get; }
        public CompiledFunction Compiled { get; }
        public ColumnEvaluator ExactColumns { get; }
        public ColumnEvaluator FastColumns { get; }
        public double[][] Inputs { get; }
        public double[][] Outputs { get; }

        /// <summary>Throws unless the hand-written gradient agrees with the compiled one and both column paths on the first 10,000 points.</summary>
        public void Check(BatchFunction handWritten)
        {
            Check(handWritten, Compiled.Batch);
            Check(handWritten, ExactColumns.Evaluate);
            Check(handWritten, FastColumns.Evaluate);
        }

        private void Check(BatchFunction handWritten, BatchFunction symbolic)
        {
            const int n = 10_000;
            var expected = Outputs.Select(_ => new double[Points]).ToArray();
            handWritten(Inputs, expected, n);
            symbolic(Inputs, Outputs, n);
            for (var k = 0; k < Outputs.Length; k++)
                for (var i = 0; i < n; i++)
                    if (Math.Abs(expected[k][i] - Outputs[k][i]) > 1e-9 * (1 + Math.Abs(expected[k][i])))
                        throw new InvalidOperationException(
                            $"Hand-written and compiled gradients differ: output {k} ({Variables[k]}), point {i}: " +
                            $"{expected[k][i]} vs {Outputs[k][i]}.");
        }
    }
}
