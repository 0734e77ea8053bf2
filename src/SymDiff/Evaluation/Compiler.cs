using System.Reflection;
using SymDiff.Functions;
using LinqExpr = System.Linq.Expressions.Expression;
using ParamExpr = System.Linq.Expressions.ParameterExpression;

namespace SymDiff.Evaluation;

/// <summary>Evaluates every output at one point; <paramref name="inputs"/> follows <see cref="ExprProgram.Variables"/>.</summary>
public delegate void PointFunction(double[] inputs, double[] outputs);

/// <summary>
/// Evaluates <paramref name="count"/> points, column-major: <c>inputColumns[j][i]</c> is variable j at point i and
/// <c>outputColumns[k][i]</c> receives output k there. The loop over points runs inside the compiled code.
/// </summary>
public delegate void BatchFunction(double[][] inputColumns, double[][] outputColumns, int count);

/// <summary>
/// Compiles an <see cref="ExprProgram"/> to IL through System.Linq.Expressions. Each instruction's value is held in a
/// local (so shared subtrees are computed once), constants are inlined, table functions are direct static calls, and
/// the batch form computes loop-invariant instructions (those without variables) once, before its loop. The delegates
/// do not check their arguments; <see cref="CompiledFunction"/> does.
/// </summary>
/// <remarks>
/// PERF: compiling costs about 5-6 ms per 1,000 instructions (2-core VM, .NET 10): roughly 15% building the tree,
/// 25% <c>LambdaExpression.Compile</c> and 60% the JIT of the resulting method, which no front end avoids. For a few
/// points, <see cref="Interpreter"/> on the lowered program is cheaper than compiling.
/// </remarks>
/// <example><code>var program = ExprProgram.Lower(f.Fn("sin", x), ["x"]);
/// BatchFunction sinAll = Compiler.CompileBatch(program);
/// sinAll([xs], [ys], xs.Length); // ys[i] = Math.Sin(xs[i])</code></example>
public static class Compiler
{
    private static readonly MethodInfo MathPow = typeof(Math).GetMethod(nameof(Math.Pow), [typeof(double), typeof(double)])!;

    public static PointFunction CompilePoint(ExprProgram program) => BuildPoint(program).Compile(preferInterpretation: false);

    public static BatchFunction CompileBatch(ExprProgram program) => BuildBatch(program).Compile(preferInterpretation: false);

    /// <summary>The expression tree <see cref="CompilePoint"/> compiles.</summary>
    public static System.Linq.Expressions.Expression<PointFunction> BuildPoint(ExprProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var inputs = LinqExpr.Parameter(typeof(double[]), "inputs");
        var outputs = LinqExpr.Parameter(typeof(double[]), "outputs");
        var body = new Body(program);
        var statements = new List<LinqExpr>();
        for (var s = 0; s < program.InstructionCount; s++)
            body.Assign(s, j => LinqExpr.ArrayIndex(inputs, LinqExpr.Constant(j)), statements);
        for (var k = 0; k < program.OutputSlots.Length; k++)
            statements.Add(LinqExpr.Assign(LinqExpr.ArrayAccess(outputs, LinqExpr.Constant(k)), body.Value(program.OutputSlots[k])));
        return LinqExpr.Lambda<PointFunction>(LinqExpr.Block(body.Locals, statements), "point", [inputs, outputs]);
    }

    /// <summary>The expression tree <see cref="CompileBatch"/> compiles.</summary>
    public static System.Linq.Expressions.Expression<BatchFunction> BuildBatch(ExprProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var inputColumns = LinqExpr.Parameter(typeof(double[][]), "inputColumns");
        var outputColumns = LinqExpr.Parameter(typeof(double[][]), "outputColumns");
        var count = LinqExpr.Parameter(typeof(int), "count");
        var i = LinqExpr.Variable(typeof(int), "i");
        // Loop-invariant values are computed before the loop and read in every iteration: their locals stay theirs.
        var invariant = LoopInvariant(program);
        var body = new Body(program, s => invariant[s]);
        var statements = new List<LinqExpr>();

        // Column arrays are read once, not per point.
        var inColumn = new ParamExpr[program.Variables.Length];
        for (var j = 0; j < inColumn.Length; j++)
        {
            inColumn[j] = LinqExpr.Variable(typeof(double[]), $"in{j}");
            body.Locals.Add(inColumn[j]);
            statements.Add(LinqExpr.Assign(inColumn[j], LinqExpr.ArrayIndex(inputColumns, LinqExpr.Constant(j))));
        }
        var outColumn = new ParamExpr[program.OutputSlots.Length];
        for (var k = 0; k < outColumn.Length; k++)
        {
            outColumn[k] = LinqExpr.Variable(typeof(double[]), $"out{k}");
            body.Locals.Add(outColumn[k]);
            statements.Add(LinqExpr.Assign(outColumn[k], LinqExpr.ArrayIndex(outputColumns, LinqExpr.Constant(k))));
        }

        // Instructions without variables (pi, log(2), ...) are computed once, before the loop.
        for (var s = 0; s < program.InstructionCount; s++)
            if (invariant[s]) body.Assign(s, _ => throw new System.Diagnostics.UnreachableException(), statements);

        var perPoint = new List<LinqExpr>();
        for (var s = 0; s < program.InstructionCount; s++)
            if (!invariant[s]) body.Assign(s, j => LinqExpr.ArrayIndex(inColumn[j], i), perPoint);
        for (var k = 0; k < outColumn.Length; k++)
            perPoint.Add(LinqExpr.Assign(LinqExpr.ArrayAccess(outColumn[k], i), body.Value(program.OutputSlots[k])));
        perPoint.Add(LinqExpr.PreIncrementAssign(i));

        var exit = LinqExpr.Label("done");
        var loop = LinqExpr.Loop(
            LinqExpr.IfThenElse(LinqExpr.LessThan(i, count), LinqExpr.Block(perPoint), LinqExpr.Break(exit)),
            exit);
        body.Locals.Add(i);
        statements.Add(LinqExpr.Assign(i, LinqExpr.Constant(0)));
        statements.Add(loop);
        return LinqExpr.Lambda<BatchFunction>(LinqExpr.Block(body.Locals, statements), "batch", [inputColumns, outputColumns, count]);
    }

    private static bool[] LoopInvariant(ExprProgram program)
    {
        var invariant = new bool[program.InstructionCount];
        for (var s = 0; s < invariant.Length; s++)
        {
            var ins = program.Instructions[s];
            invariant[s] = ins.Kind != InstructionKind.Input && ins.Operands.All(o => invariant[o]);
        }
        return invariant;
    }

    /// <summary>
    /// The locals of a body under construction: slot s is an inlined constant or a local. A local is reused once the
    /// last instruction reading its slot is emitted, so a body needs as many locals as values live at once, not one
    /// per instruction; the JIT's cost grows faster than linearly in the number of locals.
    /// </summary>
    private sealed class Body
    {
        private readonly ExprProgram _program;
        private readonly LinqExpr?[] _values;
        private readonly int[] _lastUse;
        private readonly Stack<ParamExpr> _free = new();

        /// <param name="program">The program whose instructions the body computes.</param>
        /// <param name="pinned">Slots whose local must never be reused (read after the straight-line code ends).</param>
        public Body(ExprProgram program, Func<int, bool>? pinned = null)
        {
            _program = program;
            _values = new LinqExpr?[program.InstructionCount];
            _lastUse = new int[program.InstructionCount];
            for (var s = 0; s < _lastUse.Length; s++)
            {
                _lastUse[s] = pinned?.Invoke(s) == true ? int.MaxValue : -1;
                foreach (var o in program.Instructions[s].Operands) _lastUse[o] = Math.Max(_lastUse[o], s);
            }
            foreach (var o in program.OutputSlots) _lastUse[o] = int.MaxValue;
        }

        public List<ParamExpr> Locals { get; } = [];

        public LinqExpr Value(int slot) => _values[slot] ?? throw new InvalidOperationException($"Slot {slot} is read before it is written.");

        /// <summary>Emits slot <paramref name="s"/> into <paramref name="statements"/>; <paramref name="input"/> reads variable j.</summary>
        public void Assign(int s, Func<int, LinqExpr> input, List<LinqExpr> statements)
        {
            var ins = _program.Instructions[s];
            if (ins.Kind == InstructionKind.Constant)
            {
                _values[s] = LinqExpr.Constant(ins.Value);
                return;
            }
            var value = Compute(ins, input);
            // The right-hand side reads its operands before the assignment writes, so a dying operand's local
            // may receive the result (v1 = v1 + v2).
            foreach (var o in ins.Operands)
            {
                if (_lastUse[o] == s && _values[o] is ParamExpr dying)
                {
                    _free.Push(dying);
                    _lastUse[o] = -1; // an operand read twice (x*x) is freed once
                }
            }
            if (!_free.TryPop(out var local))
            {
                local = LinqExpr.Variable(typeof(double), $"v{Locals.Count}");
                Locals.Add(local);
            }
            statements.Add(LinqExpr.Assign(local, value));
            _values[s] = local;
        }

        private LinqExpr Compute(Instruction ins, Func<int, LinqExpr> input)
        {
            var ops = ins.Operands;
            switch (ins.Kind)
            {
                case InstructionKind.Input:
                    return input(ins.Variable);
                case InstructionKind.Add:
                case InstructionKind.Mul:
                    // Left to right, as the interpreter does: floating-point addition is not associative.
                    var acc = Value(ops[0]);
                    for (var k = 1; k < ops.Length; k++)
                        acc = ins.Kind == InstructionKind.Add ? LinqExpr.Add(acc, Value(ops[k])) : LinqExpr.Multiply(acc, Value(ops[k]));
                    return acc;
                case InstructionKind.Pow:
                    return LinqExpr.Call(MathPow, Value(ops[0]), Value(ops[1]));
                case InstructionKind.PowConstant:
                    return ConstantPowers.Build(Value(ops[0]), ins.Value);
                case InstructionKind.Call:
                    return CallRow(ins.Function!, [.. ops.Select(Value)]);
                case InstructionKind.Negate:
                    return LinqExpr.Negate(Value(ops[0]));
                case InstructionKind.Divide:
                    return LinqExpr.Divide(Value(ops[0]), Value(ops[1]));
                case InstructionKind.Subtract:
                    return LinqExpr.Subtract(Value(ops[0]), Value(ops[1]));
                default:
                    throw new System.Diagnostics.UnreachableException($"Unexpected opcode {ins.Kind}.");
            }
        }

        // A row's Eval is normally a static method (Math.Sin, ElementaryFunctions.Erf): call it directly.
        // A closure, should a row ever hold one, is invoked through its delegate.
        private static LinqExpr CallRow(FunctionInfo function, LinqExpr[] args)
        {
            var method = function.EvalMethod;
            return method.IsStatic && function.Eval.Target is null && method.GetParameters().Length == args.Length
                ? LinqExpr.Call(method, args)
                : LinqExpr.Invoke(LinqExpr.Constant(function.Eval), args);
        }
    }
}
