using System.Buffers;
using System.Numerics.Tensors;
using SymDiff.Functions;

namespace SymDiff.Evaluation;

/// <summary>Which kernels a <see cref="ColumnEvaluator"/> may use for the table's functions.</summary>
public enum ColumnAccuracy
{
    /// <summary>
    /// Bit for bit <see cref="Interpreter.Evaluate(ExprProgram, ReadOnlySpan{double})"/>: + - * / and the constant powers
    /// run as SIMD (IEEE-exact either way); a row uses its <see cref="FunctionInfo.SpanEval"/> only where that is exact,
    /// else its scalar <see cref="FunctionInfo.Eval"/> over the column.
    /// </summary>
    Exact,

    /// <summary>
    /// Also the rows' SIMD kernels that differ from <see cref="FunctionInfo.Eval"/> (sin, cos, tan, exp, log, sigmoid):
    /// each such step is within its row's <see cref="SpanKernel.MaxUlps"/> of the scalar value on the same operands.
    /// Composed steps can amplify that, as any rounding can (a difference of nearly equal values), so verdicts, which
    /// compare against tolerances at single points, keep to <see cref="Interpreter"/>.
    /// </summary>
    Fast,
}

/// <summary>
/// Runs an <see cref="ExprProgram"/> column-wise: the points go through in tiles (<see cref="TileSize"/> points), and
/// each instruction is one kernel call over a tile (TensorPrimitives), not one delegate or interpreter step per point.
/// Preparing is a walk over the instructions (no IL, no JIT), so it pays off from the first batch. Thread-safe: the plan
/// is immutable and each call takes its own scratch buffers.
/// </summary>
/// <remarks>
/// A value never depends on how many points share its batch or where it sits: a tile shorter than
/// <see cref="MinKernelLength"/> is padded, because TensorPrimitives computes spans shorter than a vector with the
/// scalar Math.* functions, whose bits differ from its SIMD kernels' in <see cref="ColumnAccuracy.Fast"/>.
/// </remarks>
/// <example><code>var columns = ColumnEvaluator.Prepare(ExprProgram.Lower([f.Fn("sin", x)], ["x"]), ColumnAccuracy.Fast);
/// columns.Evaluate([xs], [ys], xs.Length); // ys[i] within 1 ulp of Math.Sin(xs[i])</code></example>
public sealed class ColumnEvaluator
{
    /// <summary>Points per tile unless told otherwise: measured on mlp16's gradient and seed_chain (bench ColumnTileBenchmarks).</summary>
    public const int DefaultTileSize = 512;

    /// <summary>The shortest span a kernel is given (the widest vector, 8 doubles for AVX-512): shorter tiles are padded.</summary>
    public const int MinKernelLength = 8;

    private readonly ColumnPlan _plan;

    private ColumnEvaluator(ColumnPlan plan, ColumnAccuracy accuracy, int tileSize)
    {
        _plan = plan;
        Accuracy = accuracy;
        TileSize = tileSize;
    }

    /// <summary>Plans <paramref name="program"/>: which slots are scalars, inputs or scratch buffers, and which buffers they share.</summary>
    public static ColumnEvaluator Prepare(ExprProgram program, ColumnAccuracy accuracy = ColumnAccuracy.Exact, int tileSize = DefaultTileSize)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!Enum.IsDefined(accuracy)) throw new ArgumentOutOfRangeException(nameof(accuracy), accuracy, "Unknown accuracy.");
        if (tileSize < MinKernelLength)
            throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, $"A tile holds at least {MinKernelLength} points.");
        return new ColumnEvaluator(ColumnPlan.Build(program), accuracy, tileSize);
    }

    public ExprProgram Program => _plan.Program;

    public ColumnAccuracy Accuracy { get; }

    /// <summary>Points per tile.</summary>
    public int TileSize { get; }

    /// <summary>Scratch buffers of one tile the program needs at once (slots share them once their readers are done).</summary>
    public int BufferCount => _plan.BufferCount;

    /// <summary>
    /// Evaluates <paramref name="count"/> points, column-major: <c>inputColumns[j][i]</c> is variable j at point i,
    /// <c>outputColumns[k][i]</c> receives output k there.
    /// </summary>
    public void Evaluate(double[][] inputColumns, double[][] outputColumns, int count)
    {
        Interpreter.CheckBatch(Program, inputColumns, outputColumns, count);
        if (count == 0) return;
        var stride = Math.Max(MinKernelLength, Math.Min(TileSize, count));
        // Buffers, then a padded copy of each input (short tiles only), then two broadcast scalars (f(x, c)).
        var scratchLength = (_plan.BufferCount + inputColumns.Length + 2) * stride;
        var scratch = ArrayPool<double>.Shared.Rent(scratchLength);
        // An output column that is also an input column is written only after the tile has read its inputs.
        var direct = !outputColumns.Any(o => inputColumns.Contains(o));
        try
        {
            for (var start = 0; start < count; start += TileSize)
            {
                var tile = new Tile(_plan, Accuracy == ColumnAccuracy.Fast, direct, scratch.AsSpan(0, scratchLength), stride,
                    inputColumns, outputColumns, start, Math.Min(TileSize, count - start));
                tile.Run();
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>One tile's view of the slots: spans of <see cref="Length"/> values (the points, padded if few).</summary>
    private readonly ref struct Tile
    {
        private readonly ColumnPlan _plan;
        private readonly bool _fast;
        private readonly bool _direct;
        private readonly Span<double> _scratch;
        private readonly int _stride;
        private readonly double[][] _inputs;
        private readonly double[][] _outputs;
        private readonly int _start;
        private readonly int _count;

        public Tile(ColumnPlan plan, bool fast, bool direct, Span<double> scratch, int stride, double[][] inputs, double[][] outputs, int start, int count)
        {
            _outputs = outputs;
            _plan = plan;
            _fast = fast;
            _direct = direct;
            _scratch = scratch;
            _stride = stride;
            _inputs = inputs;
            _start = start;
            _count = count;
            Length = Math.Max(count, MinKernelLength);
            if (Length == count) return;
            // Padding with 0: whatever a kernel makes of it (log(0) = -inf) stays in the padding.
            for (var j = 0; j < inputs.Length; j++)
            {
                var padded = InputBuffer(j);
                inputs[j].AsSpan(start, count).CopyTo(padded);
                padded[count..].Clear();
            }
        }

        private int Length { get; }

        public void Run()
        {
            var code = _plan.Program.Instructions.AsSpan();
            foreach (var s in _plan.Steps) Step(in code[s], Write(s));
            var outputSlots = _plan.Program.OutputSlots.AsSpan();
            for (var k = 0; k < outputSlots.Length; k++)
            {
                var slot = outputSlots[k];
                if (Direct(slot) && _plan.OutputOf[slot] == k) continue; // written in place
                var destination = _outputs[k].AsSpan(_start, _count);
                if (_plan.IsInvariant(slot)) destination.Fill(_plan.Scalars[slot]);
                else Read(slot)[.._count].CopyTo(destination);
            }
        }

        // PERF: a step that is an output writes its output column itself, saving a copy, unless the tile is padded.
        private bool Direct(int slot) => _direct && _plan.OutputOf[slot] >= 0 && Length == _count;

        private Span<double> OutputColumn(int slot) => _outputs[_plan.OutputOf[slot]].AsSpan(_start, _count);

        private Span<double> Buffer(int index) => _scratch.Slice(index * _stride, Length);

        private Span<double> InputBuffer(int variable) => Buffer(_plan.BufferCount + variable);

        private Span<double> Write(int slot) => Direct(slot) ? OutputColumn(slot) : Buffer(_plan.Buffers[slot]);

        private ReadOnlySpan<double> Read(int slot) => _plan.Buffers[slot] switch
        {
            ColumnPlan.InputColumn => Length == _count
                ? _inputs[_plan.Program.Instructions[slot].Variable].AsSpan(_start, _count)
                : InputBuffer(_plan.Program.Instructions[slot].Variable),
            ColumnPlan.Invariant => throw new InvalidOperationException($"Slot {slot} is a scalar, not a column."),
            _ when Direct(slot) => OutputColumn(slot),
            var b => Buffer(b),
        };

        // A scalar operand as a column, for the kernels that take only columns (f(x, c) of a two-argument row).
        private ReadOnlySpan<double> Column(int slot, int broadcast)
        {
            if (!_plan.IsInvariant(slot)) return Read(slot);
            var column = Buffer(_plan.BufferCount + _inputs.Length + broadcast);
            column.Fill(_plan.Scalars[slot]);
            return column;
        }

        // Each case performs the interpreter's operations in the interpreter's order (Interpreter.Step), on a column.
        private void Step(in Instruction ins, Span<double> d)
        {
            var ops = ins.Operands.AsSpan();
            switch (ins.Kind)
            {
                case InstructionKind.Add:
                case InstructionKind.Mul:
                    Accumulate(ins.Kind == InstructionKind.Add, ops, d);
                    return;
                case InstructionKind.Pow:
                    Power(ops[0], ops[1], d);
                    return;
                case InstructionKind.PowConstant:
                    ConstantPowers.Pow(Read(ops[0]), ins.Value, d);
                    return;
                case InstructionKind.Call:
                    ins.Function!.EvaluateColumn(Column(ops[0], 0), ops.Length > 1 ? Column(ops[1], 1) : default, d, _fast);
                    return;
                case InstructionKind.Negate:
                    TensorPrimitives.Negate(Read(ops[0]), d);
                    return;
                case InstructionKind.Divide:
                    if (_plan.IsInvariant(ops[0])) TensorPrimitives.Divide(_plan.Scalars[ops[0]], Read(ops[1]), d);
                    else if (_plan.IsInvariant(ops[1])) TensorPrimitives.Divide(Read(ops[0]), _plan.Scalars[ops[1]], d);
                    else TensorPrimitives.Divide(Read(ops[0]), Read(ops[1]), d);
                    return;
                case InstructionKind.Subtract:
                    if (_plan.IsInvariant(ops[0])) TensorPrimitives.Subtract(_plan.Scalars[ops[0]], Read(ops[1]), d);
                    else if (_plan.IsInvariant(ops[1])) TensorPrimitives.Subtract(Read(ops[0]), _plan.Scalars[ops[1]], d);
                    else TensorPrimitives.Subtract(Read(ops[0]), Read(ops[1]), d);
                    return;
                default:
                    throw new System.Diagnostics.UnreachableException($"Opcode {ins.Kind} is not a column step.");
            }
        }

        // ((a + b) + c) + ..., left to right as the interpreter adds. Leading scalar operands fold as scalars; a scalar
        // meets a column lane by lane, the same IEEE sum (+ and * commute; only a NaN's payload may differ).
        // PERF: one pass per three operands, not one per operand: the running sum stays in a register.
        private void Accumulate(bool add, ReadOnlySpan<int> ops, Span<double> d)
        {
            var k = 0;
            var scalar = _plan.Scalars[ops[0]];
            while (_plan.IsInvariant(ops[k]) && k + 1 < ops.Length && _plan.IsInvariant(ops[k + 1]))
            {
                k++;
                scalar = add ? scalar + _plan.Scalars[ops[k]] : scalar * _plan.Scalars[ops[k]];
            }
            var running = _plan.IsInvariant(ops[k]) ? Operand.Of(scalar) : Operand.Of(Read(ops[k]));
            k++;
            if (k == ops.Length)
            {
                Read(ops[^1]).CopyTo(d); // a sum of one column term
                return;
            }
            do
            {
                var a = OperandOf(ops[k]);
                var b = k + 1 < ops.Length ? OperandOf(ops[k + 1]) : default;
                var c = k + 2 < ops.Length ? OperandOf(ops[k + 2]) : default;
                var taken = Math.Min(3, ops.Length - k);
                if (add) Fused<AddLanes>(running, a, b, c, taken, d);
                else Fused<MultiplyLanes>(running, a, b, c, taken, d);
                running = Operand.Of(d);
                k += taken;
            } while (k < ops.Length);
        }

        private Operand OperandOf(int slot) => _plan.IsInvariant(slot) ? Operand.Of(_plan.Scalars[slot]) : Operand.Of(Read(slot));

        // d = ((v op a) op b) op c for the first `taken` of a, b, c: per lane the interpreter's operations in its order.
        private static void Fused<TOp>(Operand v, Operand a, Operand b, Operand c, int taken, Span<double> d)
            where TOp : struct, ILanes
        {
            var width = System.Numerics.Vector<double>.Count;
            var i = 0;
            if (System.Numerics.Vector.IsHardwareAccelerated)
            {
                for (; i <= d.Length - width; i += width)
                {
                    var acc = TOp.Apply(v.Lanes(i), a.Lanes(i));
                    if (taken > 1) acc = TOp.Apply(acc, b.Lanes(i));
                    if (taken > 2) acc = TOp.Apply(acc, c.Lanes(i));
                    acc.CopyTo(d[i..]);
                }
            }
            for (; i < d.Length; i++)
            {
                var acc = TOp.Apply(v[i], a[i]);
                if (taken > 1) acc = TOp.Apply(acc, b[i]);
                if (taken > 2) acc = TOp.Apply(acc, c[i]);
                d[i] = acc;
            }
        }

        // Math.Pow point by point: TensorPrimitives.Pow is Math.Pow too on .NET 10, with no SIMD path to gain.
        private void Power(int @base, int exponent, Span<double> d)
        {
            var x = Column(@base, 0);
            var y = Column(exponent, 1);
            for (var i = 0; i < d.Length; i++) d[i] = Math.Pow(x[i], y[i]);
        }
    }
}

/// <summary>A column or a scalar standing for one, as an operand of a fused sum or product.</summary>
internal readonly ref struct Operand
{
    private readonly ReadOnlySpan<double> _column;
    private readonly double _scalar;
    private readonly bool _isScalar;

    private Operand(ReadOnlySpan<double> column, double scalar, bool isScalar)
    {
        _column = column;
        _scalar = scalar;
        _isScalar = isScalar;
    }

    public static Operand Of(ReadOnlySpan<double> column) => new(column, 0, false);

    public static Operand Of(double scalar) => new(default, scalar, true);

    public double this[int i] => _isScalar ? _scalar : _column[i];

    public System.Numerics.Vector<double> Lanes(int i) =>
        _isScalar ? new System.Numerics.Vector<double>(_scalar) : new System.Numerics.Vector<double>(_column[i..]);
}

/// <summary>One IEEE operation, on a lane or a vector of lanes (the same rounding either way).</summary>
internal interface ILanes
{
    static abstract double Apply(double x, double y);
    static abstract System.Numerics.Vector<double> Apply(System.Numerics.Vector<double> x, System.Numerics.Vector<double> y);
}

internal readonly struct AddLanes : ILanes
{
    public static double Apply(double x, double y) => x + y;
    public static System.Numerics.Vector<double> Apply(System.Numerics.Vector<double> x, System.Numerics.Vector<double> y) => x + y;
}

internal readonly struct MultiplyLanes : ILanes
{
    public static double Apply(double x, double y) => x * y;
    public static System.Numerics.Vector<double> Apply(System.Numerics.Vector<double> x, System.Numerics.Vector<double> y) => x * y;
}
