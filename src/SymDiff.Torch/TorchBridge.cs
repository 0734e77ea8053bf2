using System.Collections.Frozen;
using System.Reflection;
using SymDiff.Evaluation;
using SymDiff.Functions;
using TorchSharp;
using static TorchSharp.torch;

namespace SymDiff.Torch;

/// <summary>
/// Lowers a program (<see cref="ExprProgram"/>: a function's written form or a canonical DAG) onto TorchSharp tensors,
/// instruction by instruction,
/// and maps every <see cref="FunctionInfo.TorchName"/> of the <see cref="FunctionTable"/> to a TorchSharp operation.
/// The core library only names the operation; this table is the one place that knows what the name means.
/// </summary>
/// <remarks>
/// What autograd gives at the kinks, with these operations (pinned by the Torch tests):
/// <list type="bullet">
/// <item><c>abs'(0) = 0</c> (backward is <c>grad * sgn(x)</c>); <c>relu'(0) = 0</c> (threshold_backward keeps
/// <c>x &gt; 0</c> only); <c>sign' = 0</c> everywhere, 0 included.</item>
/// <item><c>heaviside' = 0</c>: libtorch's <c>heaviside</c> has no backward, and differentiating through it aborts
/// the process, so it is lowered to <c>where(x &gt; 0, 1, 0)</c> over constant tensors; its result then does not
/// require grad at all.</item>
/// <item><c>maximum</c>/<c>minimum</c> split the gradient 1/2 and 1/2 at a tie: <c>d/dx max(x, 1) = 0.5</c> at 1.</item>
/// <item><c>sqrt'(0) = +inf</c> (sqrt is the power x^(1/2), whose backward is <c>0.5 * x^(-0.5)</c>).</item>
/// <item><c>d/dy x^y = 0</c> where <c>x = 0</c> and <c>y &gt;= 0</c>: torch masks <c>x^y * log(x)</c> (0 * -inf) to 0.</item>
/// <item><c>elu'(0) = 1</c> (alpha 1; elu_backward takes the <c>e^x</c> side at 0); <c>leaky_relu'(0)</c> is the
/// slope (leaky_relu_backward keeps <c>x &gt; 0</c> only); <c>gelu</c> is the exact erf form (approximate 'none').</item>
/// <item><c>softplus</c> (beta 1, threshold 20) is <c>x</c> itself above 20, so its derivative there is exactly 1.</item>
/// </list>
/// Constants are explicit tensors of the requested dtype and device, and every <see cref="Scalar"/> is created
/// explicitly and kept alive until the computation ends: an implicit double-to-Scalar conversion makes a
/// temporary whose finalizer can free the native scalar while libtorch still reads it (seen under GC pressure).
/// </remarks>
/// <example><code>bool ok = FunctionTable.All.All(TorchBridge.Resolves); // every row has an operation</code></example>
public static class TorchBridge
{
    private delegate Tensor Op(TorchLowering c, FunctionInfo row, Tensor[] a);

    private static readonly FrozenDictionary<string, (int Arity, Op Apply)> Ops = new Dictionary<string, (int, Op)>
    {
        ["constant"] = (0, (c, row, _) => c.Constant(row.Evaluate([]))),
        ["sin"] = (1, (_, _, a) => a[0].sin()),
        ["cos"] = (1, (_, _, a) => a[0].cos()),
        ["tan"] = (1, (_, _, a) => a[0].tan()),
        ["reciprocal(cos)"] = (1, (_, _, a) => a[0].cos().reciprocal()),
        ["reciprocal(sin)"] = (1, (_, _, a) => a[0].sin().reciprocal()),
        ["reciprocal(tan)"] = (1, (_, _, a) => a[0].tan().reciprocal()),
        ["asin"] = (1, (_, _, a) => a[0].asin()),
        ["acos"] = (1, (_, _, a) => a[0].acos()),
        ["atan"] = (1, (_, _, a) => a[0].atan()),
        ["atan2"] = (2, (_, _, a) => a[0].atan2(a[1])),
        ["sinh"] = (1, (_, _, a) => a[0].sinh()),
        ["cosh"] = (1, (_, _, a) => a[0].cosh()),
        ["tanh"] = (1, (_, _, a) => a[0].tanh()),
        ["asinh"] = (1, (_, _, a) => a[0].asinh()),
        ["acosh"] = (1, (_, _, a) => a[0].acosh()),
        ["atanh"] = (1, (_, _, a) => a[0].atanh()),
        ["exp"] = (1, (_, _, a) => a[0].exp()),
        ["log"] = (1, (_, _, a) => a[0].log()),
        ["log(x)/log(b)"] = (2, (_, _, a) => a[0].log().div(a[1].log())),
        ["log2"] = (1, (_, _, a) => a[0].log2()),
        ["log10"] = (1, (_, _, a) => a[0].log10()),
        ["log1p"] = (1, (_, _, a) => a[0].log1p()),
        ["expm1"] = (1, (_, _, a) => a[0].expm1()),
        ["sqrt"] = (1, (_, _, a) => a[0].sqrt()),
        // cbrt(x) = sign(x) * |x|^(1/3): torch has no cbrt, and pow of a negative base to 1/3 is NaN.
        ["sign*abs^(1/3)"] = (1, (c, _, a) => a[0].sign().mul(a[0].abs().pow(c.Scalar(1.0 / 3.0)))),
        ["abs"] = (1, (_, _, a) => a[0].abs()),
        ["sign"] = (1, (_, _, a) => a[0].sign()),
        ["heaviside"] = (1, (c, _, a) => Heaviside(c, a[0])),
        ["pow"] = (2, (_, _, a) => a[0].pow(a[1])),
        ["sigmoid"] = (1, (_, _, a) => a[0].sigmoid()),
        ["softplus"] = (1, (c, _, a) => Softplus(c, a[0])),
        ["relu"] = (1, (_, _, a) => nn.functional.relu(a[0])),
        ["silu"] = (1, (_, _, a) => nn.functional.silu(a[0])),
        ["gelu"] = (1, (_, _, a) => nn.functional.gelu(a[0])),
        ["elu"] = (1, (c, _, a) => Elu(c, a[0])),
        ["leaky_relu"] = (1, (c, _, a) => LeakyRelu(c, a[0])),
        // A slope that is an expression is a tensor, which torch's leaky_relu (a Scalar slope) cannot take; where()
        // keeps its rule: x above 0, slope*x at and below it, so the derivative at 0 is the slope.
        ["where(x > 0, x, slope*x)"] = (2, (c, _, a) => torch.where(a[0].gt(c.Constant(0)), a[0], a[0].mul(a[1]))),
        ["mish"] = (1, (_, _, a) => nn.functional.mish(a[0])),
        ["erf"] = (1, (_, _, a) => a[0].erf()),
        ["erfc"] = (1, (_, _, a) => a[0].erfc()),
        ["maximum"] = (2, (_, _, a) => a[0].maximum(a[1])),
        ["minimum"] = (2, (_, _, a) => a[0].minimum(a[1])),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every <see cref="FunctionInfo.TorchName"/> the bridge can lower.</summary>
    public static IReadOnlyCollection<string> Supported => Ops.Keys;

    /// <summary>True when <paramref name="function"/>'s <see cref="FunctionInfo.TorchName"/> has an operation of its arity.</summary>
    public static bool Resolves(FunctionInfo function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Ops.TryGetValue(function.TorchName, out var op) && op.Arity == function.Arity;
    }

    /// <summary>
    /// Lowers a program (a function's written form, or a lowered canonical expression) onto <paramref name="leaves"/>
    /// (one tensor per input of <see cref="ExprProgram.Variables"/>, all of one shape): each instruction becomes one
    /// tensor, in order, through the same instruction set the interpreter runs. A slot free of variables is a 0-dim
    /// tensor, so the result has the leaves' shape only when it depends on some variable. Returns the first output.
    /// </summary>
    internal static Tensor Lower(ExprProgram function, IReadOnlyList<Tensor> leaves, TorchLowering c)
    {
        var code = function.Instructions;
        var values = new Tensor[code.Length];
        for (var s = 0; s < code.Length; s++)
        {
            var ins = code[s];
            var ops = ins.Operands;
            values[s] = ins.Kind switch
            {
                InstructionKind.Input => leaves[ins.Variable],
                InstructionKind.Constant => c.Constant(ins.Value),
                // Tensor.add(Tensor) passes a temporary Scalar alpha = 1 (see the remarks); the kept one is safe.
                InstructionKind.Add => Fold(ops, values, (l, r) => l.add(r, c.Scalar(1))),
                InstructionKind.Subtract => values[ops[0]].sub(values[ops[1]]),
                InstructionKind.Mul => Fold(ops, values, static (l, r) => l.mul(r)),
                InstructionKind.Divide => values[ops[0]].div(values[ops[1]]),
                InstructionKind.Negate => values[ops[0]].neg(),
                // A numeric exponent goes in as a Scalar, as `x ** 2` does in Python (torch picks x*x, sqrt, ...).
                InstructionKind.PowConstant => values[ops[0]].pow(c.Scalar(ins.Value)),
                InstructionKind.Pow => values[ops[0]].pow(values[ops[1]]),
                InstructionKind.Call => Apply(ins.Function!, [.. ops.Select(o => values[o])], c),
                _ => throw new System.Diagnostics.UnreachableException($"Unknown opcode {ins.Kind}."),
            };
        }
        return values[function.OutputSlots[0]];
    }

    /// <summary>Applies the operation of <paramref name="row"/> to tensors of its arguments.</summary>
    /// <exception cref="NotSupportedException">The row's TorchName has no operation of its arity.</exception>
    internal static Tensor Apply(FunctionInfo row, Tensor[] args, TorchLowering c)
    {
        if (!Ops.TryGetValue(row.TorchName, out var op) || op.Arity != row.Arity)
            throw new NotSupportedException($"No TorchSharp operation for {row} (TorchName '{row.TorchName}').");
        if (args.Length != row.Arity)
            throw new ArgumentException($"{row} takes {row.Arity} argument(s), got {args.Length}.", nameof(args));
        return op.Apply(c, row, args);
    }

    private static Tensor Fold(System.Collections.Immutable.ImmutableArray<int> children,
        Tensor[] values, Func<Tensor, Tensor, Tensor> combine)
    {
        // Left to right, as the interpreter adds and multiplies.
        var result = values[children[0]];
        for (var i = 1; i < children.Length; i++) result = combine(result, values[children[i]]);
        return result;
    }

    // 1 where x > 0, 0 where x <= 0, NaN where x is NaN (ElementaryFunctions.Heaviside). Built from constant
    // tensors only, so the result does not require grad and autograd never reaches the op (see the remarks).
    private static Tensor Heaviside(TorchLowering c, Tensor x)
    {
        var step = torch.where(x.gt(c.Constant(0)), c.Constant(1), c.Constant(0));
        return torch.where(x.isnan(), c.Constant(double.NaN), step);
    }

    // Tensor.softplus(double, double) converts its arguments to temporary Scalars, which is the pattern the remarks
    // warn about; its private Scalar overload takes kept ones. Should a later TorchSharp drop it, fall back.
    private static readonly Func<Tensor, Scalar, Scalar, Tensor>? SoftplusWithScalars =
        typeof(Tensor).GetMethod("softplus1", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(Scalar), typeof(Scalar)])
            ?.CreateDelegate<Func<Tensor, Scalar, Scalar, Tensor>>();

    // torch.nn.functional.elu(x, alpha: 1), through Tensor.elu's Scalar overload with kept Scalars (see the remarks;
    // nn.functional.elu converts its double alpha to a temporary one).
    private static Tensor Elu(TorchLowering c, Tensor x) => x.elu(c.Scalar(1), c.Scalar(1), c.Scalar(1));

    // torch.nn.functional.leaky_relu(x, negative_slope: 0.01), through Tensor.leaky_relu's Scalar overload, kept.
    private static Tensor LeakyRelu(TorchLowering c, Tensor x) => x.leaky_relu(c.Scalar(0.01));

    // torch.nn.functional.softplus(x, beta: 1, threshold: 20).
    private static Tensor Softplus(TorchLowering c, Tensor x) =>
        SoftplusWithScalars is { } softplus
            ? softplus(x, c.Scalar(1), c.Scalar(20))
            : nn.functional.softplus(x, beta: 1, threshold: 20);
}

/// <summary>
/// The state of one lowering: dtype, device, and the constants and Scalars it created, which stay alive (and
/// referenced) until <see cref="Dispose"/>. Tensors belong to the caller's dispose scope.
/// </summary>
internal sealed class TorchLowering(ScalarType dtype, Device device) : IDisposable
{
    private readonly Dictionary<long, Tensor> _constants = [];
    private readonly Dictionary<long, Scalar> _scalars = [];

    public ScalarType DType { get; } = dtype;
    public Device Device { get; } = device;

    /// <summary>A 0-dim constant tensor of the lowering's dtype on its device (one per distinct value).</summary>
    public Tensor Constant(double value)
    {
        var key = BitConverter.DoubleToInt64Bits(value);
        if (!_constants.TryGetValue(key, out var t))
        {
            t = torch.tensor(value, DType, Device);
            _constants.Add(key, t);
        }
        return t;
    }

    /// <summary>An explicitly created Scalar, kept alive until <see cref="Dispose"/>.</summary>
    public Scalar Scalar(double value)
    {
        var key = BitConverter.DoubleToInt64Bits(value);
        if (!_scalars.TryGetValue(key, out var s))
        {
            s = value.ToScalar();
            _scalars.Add(key, s);
        }
        return s;
    }

    public void Dispose()
    {
        foreach (var s in _scalars.Values) s.Dispose();
        _scalars.Clear();
        _constants.Clear();
    }
}
