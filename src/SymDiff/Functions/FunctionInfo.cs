using System.Collections.Immutable;
using System.Reflection;
using SymDiff.Expressions;

namespace SymDiff.Functions;

/// <summary>The partial derivative of a function with respect to one argument, as an expression in the arguments.</summary>
public delegate Expr PartialRule(ExprFactory f, ImmutableArray<Expr> args);

/// <summary>A construction-time identity such as sin(0) = 0; returns null when none applies.</summary>
public delegate Expr? CanonicalRule(ExprFactory f, ImmutableArray<Expr> args);

/// <summary>An open interval of real arguments at which a function is smooth, used to pick test points.</summary>
public readonly record struct Interval(double Low, double High)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// A documented approximation of PyTorch's operation for this row: inside its region autograd's derivative is the
/// approximation's, not the function's, so a small disagreement there is expected and explained, never a FAIL.
/// </summary>
/// <param name="Description">What PyTorch does, for the verdict's note.</param>
/// <param name="AppliesAt">True for the arguments (in row order) inside the approximated region.</param>
public sealed record TorchApproximation(string Description, Func<double[], bool> AppliesAt)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>An expression in a row's arguments: a kink's switch, or the row's branch on one side of it.</summary>
public delegate Expr BranchRule(ExprFactory f, ImmutableArray<Expr> args);

/// <summary>
/// One entry of the table's Kink column: where a row is not smooth, tested exactly on the arguments' values and
/// said for a person, and, where the sign of one expression (the switch) separates two smooth pieces, those
/// pieces. Kink analysis and the plot's kink finder read only this, so a new non-smooth row needs only its row.
/// </summary>
/// <example><code>// abs: -a below the switch a, a above it; abs(x) at x = 0 "has a kink where x = 0".
/// new KinkRule { Phrase = "has a kink where {0} = 0", IsAt = a => a[0] == 0, Switch = (f, a) => a[0],
///                Below = (f, a) => f.Neg(a[0]), Above = (f, a) => a[0] };</code></example>
public sealed record KinkRule
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>Follows the formatted node in a note; <c>{0}</c>, <c>{1}</c> stand for the formatted arguments.</summary>
    public required string Phrase { get; init; }

    /// <summary>True when the arguments' values (in row order) sit exactly on the kink.</summary>
    public required Func<double[], bool> IsAt { get; init; }

    /// <summary>The arguments whose values place the kink (pow: the base only); empty means all of them.</summary>
    public ImmutableArray<int> PlacedBy { get; init; } = [];

    /// <summary>
    /// An expression in the arguments that is 0 on the kink and whose sign says which side of it they are, so a
    /// sign change locates the kink; null where no single sign does (atan2 at the origin, a domain's end).
    /// </summary>
    public BranchRule? Switch { get; init; }

    /// <summary>The row where <see cref="Switch"/> is negative; null where the row is one expression on both sides.</summary>
    public BranchRule? Below { get; init; }

    /// <summary>The row where <see cref="Switch"/> is positive; set exactly when <see cref="Below"/> is.</summary>
    public BranchRule? Above { get; init; }

    /// <summary>
    /// The kink is an end of the row's real domain (sqrt at 0, asin at 1). When the argument only touches it, f is
    /// defined on both sides and the point is an ordinary kink (sqrt(x^2) at 0), which the note then says.
    /// </summary>
    public bool IsDomainEnd { get; init; }

    /// <summary>The convention at this kink when it is not the row's <see cref="FunctionInfo.Convention"/>.</summary>
    public string? Convention { get; init; }

    /// <summary>Whether the kink's position depends on argument <paramref name="index"/>.</summary>
    public bool IsPlacedBy(int index) => PlacedBy.IsEmpty || PlacedBy.Contains(index);
}

/// <summary>
/// One row of the <see cref="FunctionTable"/>: everything SymDiff knows about an elementary function.
/// The parser, differentiator, formatters, evaluators and the TorchSharp bridge all read these rows,
/// so adding a function means adding one row.
/// </summary>
/// <example><code>var sin = FunctionTable.Lookup("sin", 1)!;
/// double y = sin.Evaluate([0.5]); // Math.Sin(0.5)</code></example>
public sealed class FunctionInfo
{
    public required string Name { get; init; }
    public required int Arity { get; init; }

    /// <summary>A static method taking <see cref="Arity"/> doubles; compiled code calls it directly.</summary>
    public required Delegate Eval { get; init; }

    /// <summary>One rule per argument; null where the function is not differentiable in that argument.</summary>
    public required ImmutableArray<PartialRule?> Partials { get; init; }

    public CanonicalRule? Canonicalize { get; init; }

    /// <summary>LaTeX template; <c>{0}</c>, <c>{1}</c> stand for the formatted arguments.</summary>
    public required string Latex { get; init; }

    /// <summary>Name of the TorchSharp operation the autograd bridge maps this row to.</summary>
    public required string TorchName { get; init; }

    /// <summary>Where every argument may be drawn from when tests check the partials numerically.</summary>
    public required Interval TestDomain { get; init; }

    /// <summary>The derivative convention at points where the function is not smooth (matching PyTorch), if any.</summary>
    public string? Convention { get; init; }

    /// <summary>The Kink column: where the row is not smooth (empty for a smooth row).</summary>
    public ImmutableArray<KinkRule> Kinks { get; init; } = [];

    /// <summary>Where PyTorch's operation deliberately approximates the function (softplus's threshold), if anywhere.</summary>
    public TorchApproximation? Approximation { get; init; }

    /// <summary>Other names the parser accepts for this row (<c>ln</c> for <c>log</c>).</summary>
    public ImmutableArray<string> Aliases { get; init; } = [];

    /// <summary>
    /// The SpanEval column: a kernel that evaluates the row over whole columns (TensorPrimitives), null where none
    /// exists; <see cref="EvaluateColumn"/> then loops over <see cref="Eval"/>.
    /// </summary>
    public SpanKernel? SpanEval { get; init; }

    public MethodInfo EvalMethod => Eval.Method;

    public double Evaluate(ReadOnlySpan<double> args) => Arity switch
    {
        0 => ((Func<double>)Eval)(),
        1 => ((Func<double, double>)Eval)(args[0]),
        2 => ((Func<double, double, double>)Eval)(args[0], args[1]),
        _ => throw new InvalidOperationException($"Arity {Arity} is not supported."),
    };

    /// <summary>
    /// The row over columns: <c>result[i] = f(x[i])</c>, or <c>f(x[i], y[i])</c> for two arguments (<paramref name="y"/>
    /// is ignored for one). Uses <see cref="SpanEval"/> when it is exact, or when <paramref name="allowApproximate"/>
    /// accepts its <see cref="SpanKernel.MaxUlps"/>; otherwise <see cref="Eval"/> point by point, so the results are
    /// <see cref="Evaluate"/>'s bit for bit. <paramref name="result"/> may be one of the inputs, not overlap it partly.
    /// </summary>
    public void EvaluateColumn(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> result, bool allowApproximate)
    {
        if (SpanEval is { } span && (span.IsExact || allowApproximate))
        {
            switch (span.Kernel)
            {
                case UnarySpanKernel unary: unary(x[..result.Length], result); return;
                case BinarySpanKernel binary: binary(x[..result.Length], y[..result.Length], result); return;
            }
        }
        switch (Eval)
        {
            case Func<double> constant:
                result.Fill(constant());
                return;
            case Func<double, double> unary:
                for (var i = 0; i < result.Length; i++) result[i] = unary(x[i]);
                return;
            case Func<double, double, double> binary:
                for (var i = 0; i < result.Length; i++) result[i] = binary(x[i], y[i]);
                return;
            default:
                throw new InvalidOperationException($"Arity {Arity} is not supported.");
        }
    }

    public override string ToString() => $"{Name}/{Arity}";
}
