using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Syntax;
using SymDiff.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace SymDiff.Tests.Torch;

/// <summary>
/// The column overload of <see cref="TorchAutogradOracle.Derivatives(ExprProgram, IReadOnlyList{ImmutableArray{string}}, IReadOnlyList{ReadOnlyMemory{double}}, int)"/>
/// (issue 12, oracle throughput): its leaves are the caller's arrays and its results are copied once by libtorch,
/// which must change no bit of any value, whatever the layout the points come in.
/// </summary>
[Trait("Category", "Torch")]
[Collection("Torch")]
public class TorchAutogradOracleColumnTests
{
    // Three variables, written as a user would (the check path's program), with a kink (abs), a shared subterm and a
    // 0-dim constant; its second derivatives include one that is libtorch's storage-less zero tensor (abs'' = 0).
    private const string Function = "sin(x*y)^2 + exp(z)/(1 + x^2) + abs(z - 0.5)*y - 3";

    private static readonly ImmutableArray<string>[] Requests =
    [
        [], ["x"], ["y"], ["z"], ["x", "y"], ["y", "x"], ["x", "x"], ["z", "z"], ["z", "y"], ["w"], ["x", "w"], ["x"],
    ];

    private static ExprProgram Written(string text)
    {
        var parsed = Parser.Parse(text);
        Assert.Empty(parsed.Diagnostics);
        return WrittenForm.Lower(parsed.Syntax!, parsed.Text, parsed.Variables).Program;
    }

    // Points in [-2, 2], some of one decimal, with the kink of abs (z = 0.5) and a NaN among them.
    private static double[][] Rows(int count, int variables, int seed)
    {
        var random = new Random(seed);
        var rows = new double[count][];
        for (var p = 0; p < count; p++)
            rows[p] = [.. Enumerable.Range(0, variables).Select(_ => Math.Round(random.NextDouble() * 4 - 2, p % 3 == 0 ? 1 : 15))];
        if (count > 2) rows[1] = [.. Enumerable.Repeat(0.5, variables)];
        if (count > 5) rows[5][0] = double.NaN;
        return rows;
    }

    private static ReadOnlyMemory<double>[] Columns(double[][] rows, int variables) =>
        [.. Enumerable.Range(0, variables).Select(i => (ReadOnlyMemory<double>)rows.Select(r => r[i]).ToArray())];

    private static void AssertBitIdentical(double[][] expected, double[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var d = 0; d < expected.Length; d++)
            Assert.True(expected[d].Select(BitConverter.DoubleToInt64Bits).SequenceEqual(actual[d].Select(BitConverter.DoubleToInt64Bits)),
                $"derivative {d}: [{string.Join(", ", expected[d].Select(v => v.ToString("R")))}] vs [{string.Join(", ", actual[d].Select(v => v.ToString("R")))}]");
    }

    [Theory]
    [InlineData(NumericType.Float64, 1)]
    [InlineData(NumericType.Float64, 257)]
    [InlineData(NumericType.Float32, 1)]
    [InlineData(NumericType.Float32, 257)]
    public void Columns_give_the_rows_results_bit_for_bit(NumericType type, int count)
    {
        var program = Written(Function);
        var rows = Rows(count, program.Variables.Length, seed: count);
        using var oracle = TorchAssert.Oracle(type);
        var byRows = oracle.Derivatives(program, Requests, rows);
        var byColumns = oracle.Derivatives(program, Requests, Columns(rows, program.Variables.Length), count);
        AssertBitIdentical(byRows, byColumns);
        Assert.All(byColumns, values => Assert.Equal(count, values.Length));
        Assert.All(byColumns[9].Concat(byColumns[10]), v => Assert.Equal(0.0, v)); // w is no input: zeros
    }

    /// <summary>
    /// The zero-copy leaves and the one-copy reads give the bits of the copying path they replaced: leaves made with
    /// <c>torch.tensor</c> (a clone) and <c>to(dtype, copy: true)</c>, results read through <c>clone</c> and <c>bytes</c>.
    /// </summary>
    [Theory]
    [InlineData(NumericType.Float64)]
    [InlineData(NumericType.Float32)]
    public void Columns_give_the_bits_of_autograd_over_copied_tensors(NumericType type)
    {
        var program = Written(Function);
        var rows = Rows(101, program.Variables.Length, seed: 7);
        var columns = Columns(rows, program.Variables.Length);
        using var oracle = TorchAssert.Oracle(type);
        var byColumns = oracle.Derivatives(program, [[], ["x"], ["y"], ["z"]], columns, rows.Length);
        AssertBitIdentical(CopyingReference(program, columns, type), byColumns);
    }

    // The value and the gradient of every input, as the oracle computed them before issue 12: every value copied in
    // twice and out twice.
    private static double[][] CopyingReference(ExprProgram program, ReadOnlyMemory<double>[] columns, NumericType type)
    {
        lock (TorchAutogradOracle.Gate)
        {
            using var scope = torch.NewDisposeScope();
            using var grad = torch.enable_grad();
            using var lowering = new TorchLowering(type == NumericType.Float32 ? ScalarType.Float32 : ScalarType.Float64, CPU);
            var leaves = columns.Select(c => torch.tensor(c.ToArray(), ScalarType.Float64)
                .to(lowering.DType, lowering.Device, copy: true).requires_grad_(true)).ToArray();
            var value = TorchBridge.Lower(program, leaves, lowering);
            var grads = torch.autograd.grad([value.sum()], leaves, allow_unused: true);
            static double[] Read(Tensor t) =>
                MemoryMarshal.Cast<byte, double>(t.detach().to(ScalarType.Float64).cpu().clone().contiguous().bytes).ToArray();
            return [Read(value), .. grads.Select(Read)];
        }
    }

    /// <summary>
    /// The leaves are managed arrays, 8-byte aligned at whatever offset, where libtorch's own storage is 64-byte
    /// aligned: the elementwise kernels (libtorch's vectorised loops, MKL's vector math) must give the same bits at
    /// every alignment, the vector body and the scalar remainder alike (4,099 points is no multiple of a vector).
    /// </summary>
    [Theory]
    [InlineData(NumericType.Float64)]
    [InlineData(NumericType.Float32)]
    public void Columns_at_every_alignment_give_the_bits_of_aligned_copies(NumericType type)
    {
        const int count = 4_099;
        var program = Written("sin(x) + cos(3*x) + exp(x/4) + log(abs(x) + 1) + tanh(x) + sqrt(abs(x)) + atan(x) + sigmoid(x) + erf(x) + x^3");
        var random = new Random(11);
        var backing = Enumerable.Range(0, count + 8).Select(_ => random.NextDouble() * 8 - 4).ToArray();
        using var oracle = TorchAssert.Oracle(type);
        for (var offset = 0; offset < 8; offset++)
        {
            ReadOnlyMemory<double>[] column = [backing.AsMemory(offset, count)];
            AssertBitIdentical(CopyingReference(program, column, type), oracle.Derivatives(program, [[], ["x"]], column, count));
        }
    }

    [Fact]
    public void No_points_give_empty_results()
    {
        using var oracle = TorchAssert.Oracle();
        var program = Written(Function);
        var result = oracle.Derivatives(program, Requests, [.. program.Variables.Select(_ => ReadOnlyMemory<double>.Empty)], 0);
        Assert.Equal(Requests.Length, result.Length);
        Assert.All(result, Assert.Empty);
    }

    [Fact]
    public void One_point()
    {
        // d/dx sin(x^2) = 2x cos(x^2) = 2 cos(1) at 1; d²/dx² = 2 cos(x^2) - 4x² sin(x^2)
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(Written("sin(x^2)"), [["x"], ["x", "x"]], [new[] { 1.0 }], 1);
        TorchAssert.Close(1.0806046117362795, result[0][0], 1e-12, "d/dx sin(x^2) at 1");
        TorchAssert.Close(2 * Math.Cos(1) - 4 * Math.Sin(1), result[1][0], 1e-12, "d²/dx² sin(x^2) at 1");
    }

    [Fact]
    public void Many_variables_each_get_their_own_column()
    {
        // f = sum of k * x_k^2 over 40 variables: d/dx_k = 2 k x_k, d²/dx_k² = 2k, mixed partials 0.
        const int variables = 40, count = 33;
        var text = string.Join(" + ", Enumerable.Range(1, variables).Select(k => $"{k}*x{k}^2"));
        var program = Written(text);
        var rows = Rows(count, variables, seed: 3);
        var columns = Columns(rows, variables);
        ImmutableArray<string>[] requests = [.. program.Variables.Select(v => ImmutableArray.Create(v)),
            .. program.Variables.Select(v => ImmutableArray.Create(v, v)), ["x1", "x2"]];
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(program, requests, columns, count);
        for (var i = 0; i < variables; i++)
        {
            var k = int.Parse(program.Variables[i][1..], System.Globalization.CultureInfo.InvariantCulture);
            for (var p = 0; p < count; p++)
            {
                Assert.Equal(2 * k * columns[i].Span[p], result[i][p]);
                Assert.Equal(2.0 * k, result[variables + i][p]);
            }
        }
        Assert.All(result[^1], v => Assert.Equal(0.0, v));
        AssertBitIdentical(oracle.Derivatives(program, requests, rows), result);
    }

    [Fact]
    public void A_slice_of_a_longer_array_is_read_in_place_and_left_unchanged()
    {
        var backing = Enumerable.Range(0, 20).Select(i => i * 0.25 - 2).ToArray();
        var before = (double[])backing.Clone();
        var program = Written("x^3 - x");
        using var oracle = TorchAssert.Oracle();
        var sliced = oracle.Derivatives(program, [[], ["x"], ["x", "x"]], [backing.AsMemory(5, 8)], 8);
        var copied = oracle.Derivatives(program, [[], ["x"], ["x", "x"]], [backing[5..13]], 8);
        AssertBitIdentical(copied, sliced);
        Assert.Equal(before, backing);
        for (var p = 0; p < 8; p++) Assert.Equal(6 * backing[5 + p], sliced[2][p]);
    }

    [Fact]
    public void Memory_that_no_array_backs_gives_the_same_values()
    {
        var values = new[] { -1.5, 0.0, 0.75, 2.0 };
        var hidden = new HiddenArrayColumn(values).Memory;
        Assert.False(MemoryMarshal.TryGetArray<double>(hidden, out _));
        var program = Written("exp(-x^2)");
        using var oracle = TorchAssert.Oracle();
        AssertBitIdentical(
            oracle.Derivatives(program, [[], ["x"], ["x", "x"]], [values], values.Length),
            oracle.Derivatives(program, [[], ["x"], ["x", "x"]], [hidden], values.Length));
    }

    [Fact]
    public void A_function_of_no_variable_is_broadcast_to_every_point()
    {
        using var oracle = TorchAssert.Oracle();
        var result = oracle.Derivatives(Written("2^3 + 1"), [[], ["x"]], [], 3);
        Assert.Equal([9.0, 9.0, 9.0], result[0]);
        Assert.Equal([0.0, 0.0, 0.0], result[1]);
    }

    [Fact]
    public void Columns_of_the_wrong_shape_are_argument_errors()
    {
        using var oracle = TorchAssert.Oracle();
        var program = Written("x*y");
        var wrongCount = Assert.Throws<ArgumentException>(() => oracle.Derivatives(program, [["x"]], [new[] { 1.0 }], 1));
        Assert.Contains("1 column(s) of values; expected 2, one per variable", wrongCount.Message);
        var wrongLength = Assert.Throws<ArgumentException>(() => oracle.Derivatives(program, [["x"]], [new[] { 1.0, 2.0 }, new[] { 3.0 }], 2));
        Assert.Contains("Column 1 has 1 value(s); expected 2, one per point", wrongLength.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => oracle.Derivatives(program, [["x"]], [new[] { 1.0 }, new[] { 3.0 }], -1));
        var row = Assert.Throws<ArgumentException>(() => oracle.Derivatives(program, [["x"]], [[1.0, 2.0], [3.0]]));
        Assert.Contains("Point 1 has 1 value(s); expected 2, one per variable", row.Message);
    }

    /// <summary>The leaves are pinned managed arrays; collections (which move unpinned objects) must not disturb them.</summary>
    [Fact]
    public void Survives_garbage_collections_while_libtorch_reads_the_columns()
    {
        var xs = Enumerable.Range(0, 10_000).Select(i => i * 1e-3 - 5).ToArray();
        var program = Written("sin(x^2)");
        using var oracle = TorchAssert.Oracle();
        var first = oracle.Derivatives(program, [["x"]], [xs], xs.Length)[0];
        var stop = 0;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        });
        collector.Start();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(1))
                Assert.Equal(first, oracle.Derivatives(program, [["x"]], [xs], xs.Length)[0]);
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
        }
    }

    /// <summary>
    /// Doubles exposed as <see cref="Memory{T}"/> through a memory manager, so that <c>MemoryMarshal.TryGetArray</c>
    /// finds no array behind them (as with native or pooled memory).
    /// </summary>
    private sealed class HiddenArrayColumn(double[] values) : MemoryManager<double>
    {
        public override Span<double> GetSpan() => values;

        public override MemoryHandle Pin(int elementIndex = 0) => values.AsMemory(elementIndex).Pin();

        // Pin's MemoryHandle unpins the array itself when it is disposed; no manager-level pin count to undo.
        public override void Unpin()
        {
        }

        // Nothing to free: the array belongs to the garbage collector.
        protected override void Dispose(bool disposing)
        {
        }
    }
}
