using CsCheck;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;

namespace SymDiff.Tests.Evaluation;

public class ColumnEvaluatorTests
{
    private static readonly Gen<double> Coordinate = Gen.Frequency(
        (6, Gen.Double[-4, 4]),
        (1, Gen.OneOfConst(0.0, -0.0, 1.0, -1.0, 0.5, 1e300, -1e-310, double.NaN, double.PositiveInfinity, double.NegativeInfinity)));

    // Random programs in x and y (EvaluationFuzzTests' recipes), with outputs sharing subtrees as a gradient's do, one
    // output listed twice, at a random number of points (0 included) run through tiles of 8 or 16 points, so counts
    // that are not a multiple of the tile, and tails shorter than a vector, come up in nearly every case.
    private static readonly Gen<(int[] Recipe, double[] Xs, double[] Ys, int TileSize)> Cases =
        from recipe in Gen.Int[0, 999].Array[1, 40]
        from count in Gen.Int[0, 40]
        from xs in Coordinate.Array[count]
        from ys in Coordinate.Array[count]
        from tile in Gen.OneOfConst(8, 16, ColumnEvaluator.DefaultTileSize)
        select (recipe, xs, ys, tile);

    private static ExprProgram Program(int[] recipe, bool intern = true)
    {
        var f = new ExprFactory(intern);
        var e = EvaluationFuzzTests.Build(f, recipe);
        return ExprProgram.Lower([e, f.Mul(e, f.Fn("cos", e)), e], ["x", "y"]);
    }

    private static string Describe((int[] Recipe, double[] Xs, double[] Ys, int TileSize) t) =>
        $"{EvaluationFuzzTests.Build(new ExprFactory(), t.Recipe)} at x=[{string.Join(", ", t.Xs)}], y=[{string.Join(", ", t.Ys)}], tile {t.TileSize}";

    [Fact]
    public void Exact_columns_are_the_interpreter_bit_for_bit_on_random_programs()
    {
        Cases.Sample(t =>
        {
            var program = Program(t.Recipe);
            var outputs = EvalAssert.NewColumns(3, t.Xs.Length);
            ColumnEvaluator.Prepare(program, ColumnAccuracy.Exact, t.TileSize).Evaluate([t.Xs, t.Ys], outputs, t.Xs.Length);
            for (var i = 0; i < t.Xs.Length; i++)
            {
                var expected = Interpreter.Evaluate(program, [t.Xs[i], t.Ys[i]]);
                for (var k = 0; k < expected.Length; k++)
                    if (!EvalAssert.Same(expected[k], outputs[k][i]))
                        throw new Exception($"output {k}, point {i}: interpreter {expected[k]:R}, columns {outputs[k][i]:R}");
            }
        }, iter: 400, print: Describe);
    }

    /// <summary>
    /// Fast columns, one step at a time: every slot's column, recomputed by the interpreter's step from the column
    /// values of its operands, agrees bit for bit (+ - * /, negation, constant powers, exact rows) or within the row's
    /// SpanEval bound (sin, cos, exp, log, ...), with NaN, infinities and zeros in the same places.
    /// </summary>
    [Fact]
    public void Fast_columns_are_within_each_rows_ulp_bound_of_the_interpreter_step_by_step()
    {
        Cases.Sample(t =>
        {
            var program = Program(t.Recipe);
            var n = t.Xs.Length;
            // Every slot an output: the columns of the whole program.
            var everySlot = ExprProgram.FromCode(program.Instructions, program.Variables, [.. Enumerable.Range(0, program.InstructionCount)]);
            var slots = EvalAssert.NewColumns(program.InstructionCount, n);
            ColumnEvaluator.Prepare(everySlot, ColumnAccuracy.Fast, t.TileSize).Evaluate([t.Xs, t.Ys], slots, n);
            Span<double> args = stackalloc double[2];
            var point = new double[program.InstructionCount];
            for (var i = 0; i < n; i++)
            {
                for (var s = 0; s < point.Length; s++) point[s] = slots[s][i];
                for (var s = 0; s < point.Length; s++)
                {
                    var ins = program.Instructions[s];
                    var expected = Interpreter.Step(in ins, [t.Xs[i], t.Ys[i]], point, args);
                    var bound = ins.Kind == InstructionKind.Call ? ins.Function!.SpanEval?.MaxUlps ?? 0 : 0;
                    if (!Ulps.Within(expected, point[s], bound))
                        throw new Exception($"%{s} = {ins} at point {i}: step {expected:R}, columns {point[s]:R} (bound {bound} ulps)");
                }
            }
        }, iter: 300, print: Describe);
    }

    [Fact]
    public void A_fast_value_does_not_depend_on_the_batch_size_or_the_position_in_it()
    {
        var f = new ExprFactory();
        var x = f.Symbol("x");
        var program = ExprProgram.Lower([f.Mul(f.Fn("sin", f.Pow(x, 2)), f.Fn("exp", f.Fn("cos", x)), f.Fn("log", f.Fn("sigmoid", x)))], ["x"]);
        var columns = ColumnEvaluator.Prepare(program, ColumnAccuracy.Fast, tileSize: 64);
        var xs = Enumerable.Range(0, 200).Select(i => -3 + 0.0371 * i).ToArray();
        var all = EvalAssert.NewColumns(1, xs.Length);
        columns.Evaluate([xs], all, xs.Length);
        foreach (var (offset, count) in new[] { (0, 1), (5, 1), (3, 2), (7, 7), (11, 8), (13, 9), (60, 5), (64, 65), (1, 199) })
        {
            var part = EvalAssert.NewColumns(1, count);
            columns.Evaluate([xs[offset..(offset + count)]], part, count);
            for (var i = 0; i < count; i++)
                EvalAssert.AssertSame(all[0][offset + i], part[0][i], $"x = {xs[offset + i]:R} alone in a batch of {count}");
        }
    }

    [Fact]
    public void Zero_points_write_nothing()
    {
        var f = new ExprFactory();
        var program = ExprProgram.Lower([f.Fn("sin", f.Symbol("x"))], ["x"]);
        var outputs = new[] { new[] { 42.0 } };
        ColumnEvaluator.Prepare(program).Evaluate([[1.0]], outputs, 0);
        Assert.Equal(42.0, outputs[0][0]);
    }

    [Theory]
    [InlineData(ColumnAccuracy.Exact)]
    [InlineData(ColumnAccuracy.Fast)]
    public void NaN_and_infinities_propagate_where_the_interpreter_has_them(ColumnAccuracy accuracy)
    {
        var f = new ExprFactory();
        var x = f.Symbol("x");
        var y = f.Symbol("y");
        Expr[] outputs = [f.Div(x, y), f.Fn("log", x), f.Sub(f.Fn("exp", x), f.Fn("exp", y)), f.Pow(x, y), f.Mul(x, f.Fn("sin", y)), f.Pow(y, -2)];
        var program = ExprProgram.Lower(outputs, ["x", "y"]);
        double[] special = [0.0, -0.0, 1, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e-320];
        var xs = special.SelectMany(a => special.Select(_ => a)).ToArray();
        var ys = special.SelectMany(_ => special).ToArray();
        var columns = EvalAssert.NewColumns(outputs.Length, xs.Length);
        ColumnEvaluator.Prepare(program, accuracy).Evaluate([xs, ys], columns, xs.Length);
        for (var i = 0; i < xs.Length; i++)
        {
            var expected = Interpreter.Evaluate(program, [xs[i], ys[i]]);
            for (var k = 0; k < outputs.Length; k++)
            {
                var where = $"{outputs[k]} at x={xs[i]:R}, y={ys[i]:R}";
                if (accuracy == ColumnAccuracy.Exact) EvalAssert.AssertSame(expected[k], columns[k][i], where);
                else Assert.True(Ulps.SameKind(expected[k], columns[k][i]), $"{where}: interpreter {expected[k]:R}, columns {columns[k][i]:R}");
            }
        }
    }

    [Fact]
    public void Many_variables_and_scalar_outputs()
    {
        var f = new ExprFactory();
        var names = Enumerable.Range(0, 120).Select(i => $"v{i}").ToArray();
        var symbols = names.Select(n => f.Symbol(n)).ToArray();
        Expr[] outputs =
        [
            f.Add([.. symbols.Select((s, i) => f.Mul(f.Number(i + 1), f.Fn("sin", s)))]),
            f.Mul([.. symbols.Take(30).Select(s => f.Add(s, f.One))]),
            f.Fn("pi"),            // loop-invariant: a scalar, filled in
            symbols[7],            // an input, copied through
            f.Add(f.Fn("log", f.Number(2)), f.Fn("pi"), symbols[3]), // scalars folded before the column
        ];
        var program = ExprProgram.Lower(outputs, names);
        var rng = new Random(7);
        const int count = 1037;
        var inputs = names.Select(_ => Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 4 - 2).ToArray()).ToArray();
        var columns = EvalAssert.NewColumns(outputs.Length, count);
        Interpreter.EvaluateBatch(program, inputs, columns, count);
        var point = new double[names.Length];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < point.Length; j++) point[j] = inputs[j][i];
            var expected = Interpreter.Evaluate(program, point);
            for (var k = 0; k < outputs.Length; k++) EvalAssert.AssertSame(expected[k], columns[k][i], $"output {k}, point {i}");
        }
    }

    [Fact]
    public void Slots_share_buffers_once_their_readers_are_done()
    {
        var f = new ExprFactory();
        Expr e = f.Symbol("x");
        for (var i = 0; i < 20; i++) e = f.Fn(i % 2 == 0 ? "sin" : "cos", f.Add(e, f.Number(i + 1)));
        var columns = ColumnEvaluator.Prepare(ExprProgram.Lower(e, ["x"]));
        // 41 instructions, 40 of them per tile; each step reads only the one before it, so two buffers take turns.
        Assert.Equal(2, columns.BufferCount);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_a_reason()
    {
        var f = new ExprFactory();
        var program = ExprProgram.Lower([f.Fn("sin", f.Symbol("x"))], ["x"]);
        var tile = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnEvaluator.Prepare(program, tileSize: 4));
        Assert.Contains("at least 8 points", tile.Message);
        var columns = ColumnEvaluator.Prepare(program);
        var shortColumn = Assert.Throws<ArgumentException>(() => columns.Evaluate([new double[3]], [new double[5]], 5));
        Assert.Contains("at least 5 values", shortColumn.Message);
        Assert.Throws<ArgumentException>(() => columns.Evaluate([new double[3], new double[3]], [new double[3]], 3));
    }

    [Fact]
    public void Compiled_batches_take_the_column_path_exactly_by_default_and_fast_on_request()
    {
        var f = new ExprFactory();
        var x = f.Symbol("x");
        var fn = CompiledFunction.Compile([f.Mul(f.Number(2), x, f.Fn("cos", f.Pow(x, 2)))], ["x"]);
        var xs = Enumerable.Range(0, 1000).Select(i => i * 0.003 - 1.5).ToArray();
        var exact = fn.EvaluateBatch([xs])[0];
        var fast = fn.EvaluateBatch([xs], ColumnAccuracy.Fast)[0];
        for (var i = 0; i < xs.Length; i++)
        {
            EvalAssert.AssertSame(fn.Evaluate(xs[i])[0], exact[i], $"exact at {xs[i]:R}");
            // 2*x*cos(x^2): one cos (1 ulp), then two exact products that can each add half an ulp.
            Assert.True(Ulps.Within(exact[i], fast[i], 2), $"fast at {xs[i]:R}: {fast[i]:R} vs {exact[i]:R}");
        }
    }

    [Fact]
    public void An_output_column_may_be_the_input_column()
    {
        var f = new ExprFactory();
        var x = f.Symbol("x");
        var program = ExprProgram.Lower([f.Add(f.Fn("sin", x), x), f.Mul(x, x)], ["x"]);
        var xs = Enumerable.Range(0, 100).Select(i => i * 0.1).ToArray();
        var expected = xs.Select(v => Interpreter.Evaluate(program, [v])).ToArray();
        var other = new double[xs.Length];
        ColumnEvaluator.Prepare(program).Evaluate([xs], [xs, other], xs.Length);
        for (var i = 0; i < xs.Length; i++)
        {
            EvalAssert.AssertSame(expected[i][0], xs[i], $"output 0 over its input, point {i}");
            EvalAssert.AssertSame(expected[i][1], other[i], $"output 1, point {i}");
        }
    }
}
