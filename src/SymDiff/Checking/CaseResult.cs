using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Checking;

/// <summary>The verdict on one case at one point.</summary>
public enum CaseStatus
{
    /// <summary>Every available value agrees within tolerance.</summary>
    Pass,
    /// <summary>A disagreement (or, in a claim check, a wrong hand-written derivative).</summary>
    Fail,
    /// <summary>Bad input: the case could not be parsed or evaluated.</summary>
    Error,
    /// <summary>The function or its derivative is not defined at the point, or the point is a kink where conventions differ.</summary>
    Undefined,
}

/// <summary>One derivative of a case: its expression and its values from the three sources.</summary>
public sealed record DerivativeResult(
    ImmutableArray<string> Variables, Expr Expression, double? Symbolic, double? Autograd, double? Numeric)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>"x" for d/dx, "x,x" for d²/dx², "x,y" for d²/dxdy.</summary>
    public string Key => string.Join(',', Variables);

    /// <summary>What every report prints for a derivative with a constant without a value (<see cref="HasNoValue"/>).</summary>
    public const string NoValueText = "undefined (see the note)";

    /// <summary>
    /// The derivative contains a constant without a value (1/0, log(-1): the function has one, and its derivative
    /// keeps it, e.g. as 0*log(-1), so that no report calls it 0): its expression is no formula worth printing.
    /// </summary>
    public bool HasNoValue => Expression.ContainsUndefinedConstant;

    /// <summary>How <see cref="Shown"/> spells numbers: the style of the function as written.</summary>
    public Formatting.NumberStyle Style { get; init; }

    /// <summary>The derivative as reports print it: its expression, or <see cref="NoValueText"/>.</summary>
    public string Shown => HasNoValue ? NoValueText : Formatting.InfixFormatter.Format(Expression, Style);

    public double? AbsoluteDifference => Symbolic is { } s && Autograd is { } a ? Math.Abs(s - a) : null;

    public double? RelativeDifference => Symbolic is { } s && Autograd is { } a
        ? Math.Abs(s - a) / Math.Max(Math.Max(Math.Abs(s), Math.Abs(a)), double.Epsilon)
        : null;
}

/// <summary>Where bad input is: message, 1-based column and length, and the rendering with a caret.</summary>
public sealed record CaseError(string Message, int Column, int Length, string Rendered)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The diagnostic's stable code (<c>SD1003</c>...), when the error is one; reports carry it.</summary>
    public Syntax.DiagnosticCode? Code { get; init; }
}

/// <summary>
/// Time spent in each stage of a case, in microseconds. <see cref="LowerUs"/> is lowering the written function and
/// (once the case is checked at a point) the canonical function with its derivatives into the programs that every
/// evaluation runs; nothing is JIT-compiled. <see cref="EvaluateUs"/> and <see cref="AutogradUs"/> are per point;
/// <see cref="AutogradUs"/> is 0 when no oracle ran.
/// </summary>
public sealed record CaseStats(double ParseUs, double DifferentiateUs, double SimplifyUs, double LowerUs,
    double EvaluateUs, double AutogradUs, int NodesBeforeSimplify, int NodesAfterSimplify)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>Distinct DAG nodes of the function and of all its derivatives together (shared nodes once).</summary>
public sealed record NodeCounts(int Function, int Derivatives)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>The full result of one case (one input line) at one point; the JSON output mirrors it.</summary>
public sealed record CaseResult
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    public int Line { get; init; } = 1;
    public required string Input { get; init; }
    public string? Expression { get; init; }
    public ImmutableArray<string> Variables { get; init; } = [];
    public ImmutableArray<KeyValuePair<string, double>>? Point { get; init; }
    /// <summary>The point's values as the user typed them (<c>pi/4</c>), by variable; reports echo them beside the values.</summary>
    public ImmutableDictionary<string, string>? PointText { get; init; }
    public ImmutableArray<DerivativeResult> Derivatives { get; init; } = [];
    public NodeCounts? Nodes { get; init; }
    public string? Device { get; init; }
    public string DType { get; init; } = "float64";
    public CaseStatus Status { get; init; }
    public ImmutableArray<string> Notes { get; init; } = [];
    public CaseError? Error { get; init; }
    public ClaimResult? Claim { get; init; }
    /// <summary>Every claim of the case, in the order written (<see cref="Claim"/> is the one a one-claim schema shows).</summary>
    public ImmutableArray<ClaimResult> Claims { get; init; } = [];
    public CaseStats? Stats { get; init; }
    /// <summary>Step-by-step derivations (grad --steps), one per differentiation variable.</summary>
    public ImmutableArray<Derivation>? Derivations { get; init; }
    /// <summary>The check of a vector/matrix line (<see cref="Tensors.SdxTensorRunner"/>); null for a scalar case.</summary>
    public Tensors.TensorCaseResult? Tensor { get; init; }
}

/// <summary>
/// A derivation as a person writes it: the steps of the differentiation (recorded as it ran), the raw result and
/// its simplified form, and how many steps disagreed with finite differences (each would be a bug).
/// </summary>
public sealed record Derivation(string Variable, ImmutableArray<Calculus.DerivationStep> Steps, Expr Raw, Expr Simplified, int FailedChecks)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The canonical form differentiated: where it does not contain the variable (x/x is 1) there are no steps.</summary>
    public Expr? Function { get; init; }

    /// <summary>
    /// Every variable differentiated by, in order: [x] for df/dx; [x, y] for d2f/dxdy, whose derivation takes d/dy of
    /// the simplified df/dx (<see cref="Function"/>). Empty means [<see cref="Variable"/>].
    /// </summary>
    public ImmutableArray<string> Variables { get; init; } = [];

    /// <summary><see cref="Variables"/>, never empty.</summary>
    public ImmutableArray<string> Path => Variables.IsDefaultOrEmpty ? [Variable] : Variables;

    /// <summary>How the derivation spells numbers: the style of the function as written.</summary>
    public Formatting.NumberStyle Style { get; init; }
}

/// <summary>The verdict on a hand-written derivative.</summary>
public enum ClaimVerdict { Correct, Incorrect, Unknown }

/// <summary>A hand-written derivative checked against the truth, with a counterexample and a hint when wrong.</summary>
public sealed record ClaimResult(string Variable, string Expression, ClaimVerdict Verdict,
    ImmutableArray<KeyValuePair<string, double>>? Counterexample, double? ClaimedValue, double? TrueValue, string? Hint, string? Reason)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The order of the claimed derivative (2 for a claimed d²f/dx²).</summary>
    public int Order { get; init; } = 1;

    /// <summary>The variables differentiated by, in order ([x, y] for d²f/dxdy); empty means <see cref="Variable"/>, <see cref="Order"/> times.</summary>
    public ImmutableArray<string> Variables { get; init; } = [];

    /// <summary>Points where claim and derivative differ but a derivative is no fact (kinks, ties, removable singularities).</summary>
    public string? Exceptions { get; init; }
}
