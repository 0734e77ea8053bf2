namespace SymDiff.Functions;

/// <summary>A one-argument row over a column: <c>result[i] = f(x[i])</c>; <paramref name="result"/> may be <paramref name="x"/>.</summary>
public delegate void UnarySpanKernel(ReadOnlySpan<double> x, Span<double> result);

/// <summary>A two-argument row over columns: <c>result[i] = f(x[i], y[i])</c>; <paramref name="result"/> may be either input.</summary>
public delegate void BinarySpanKernel(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> result);

/// <summary>
/// The SpanEval column of a <see cref="FunctionInfo"/> row: a System.Numerics.Tensors kernel that evaluates the row over
/// a whole column at once (SIMD where TensorPrimitives vectorises it), and how far it may be from the row's scalar
/// <see cref="FunctionInfo.Eval"/>, measured (bench/SymDiff.Benchmarks <c>ulps</c>).
/// </summary>
/// <example><code>// sin: vectorised, within 1 ulp of Math.Sin.
/// SpanKernel.Unary((x, r) => TensorPrimitives.Sin(x, r), maxUlps: 1)</code></example>
public sealed class SpanKernel
{
    private SpanKernel(Delegate kernel, int maxUlps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxUlps);
        Kernel = kernel;
        MaxUlps = maxUlps;
    }

    /// <summary>A <see cref="UnarySpanKernel"/> or a <see cref="BinarySpanKernel"/>, matching the row's arity.</summary>
    public Delegate Kernel { get; }

    /// <summary>
    /// The largest distance in units in the last place from <see cref="FunctionInfo.Eval"/> on finite results; 0 means
    /// bit for bit the same (NaN where Eval gives NaN, the same infinities and signed zeros). A kernel with a bound above
    /// 0 still gives NaN, infinities and zeros exactly where Eval does on the values the tests probe.
    /// </summary>
    public int MaxUlps { get; }

    /// <summary>True when the kernel's results are Eval's, bit for bit.</summary>
    public bool IsExact => MaxUlps == 0;

    public static SpanKernel Unary(UnarySpanKernel kernel, int maxUlps = 0) => new(kernel ?? throw new ArgumentNullException(nameof(kernel)), maxUlps);

    public static SpanKernel Binary(BinarySpanKernel kernel, int maxUlps = 0) => new(kernel ?? throw new ArgumentNullException(nameof(kernel)), maxUlps);
}
