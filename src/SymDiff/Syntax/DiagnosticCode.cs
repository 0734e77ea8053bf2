using System.Globalization;

namespace SymDiff.Syntax;

/// <summary>
/// Stable diagnostic numbers, shown as <c>SD1001</c>...: never renumber or reuse one; add new codes at the end of
/// their block. SD10xx are expression syntax, SD11xx point bindings, SD12xx vectors and matrices (SD1260-SD1279 indexing), SD13xx the structure
/// of an .sdx line. Messages live in <see cref="DiagnosticMessages"/>.
/// </summary>
/// <example><code>DiagnosticMessages.Id(DiagnosticCode.UnknownFunction); // "SD1003"</code></example>
public enum DiagnosticCode
{
    EmptyInput = 1001,
    MissingOperand = 1002,
    UnknownFunction = 1003,
    UnexpectedCharacter = 1004,
    InvalidNumber = 1005,
    NumberOutOfRange = 1006,
    UnclosedParenthesis = 1007,
    UnmatchedParenthesis = 1008,
    EmptyParentheses = 1009,
    MissingArgument = 1010,
    FunctionNeedsParentheses = 1011,
    WrongArgumentCount = 1012,
    UnclosedCall = 1013,
    NestingTooDeep = 1014,
    MissingOperator = 1015,
    ExpressionTooComplex = 1016,
    TooManyErrors = 1017,
    NonDecimalLiteral = 1018,

    ReservedBindingName = 1101,
    DuplicateBinding = 1102,
    NonConstantBinding = 1103,
    MissingBindingName = 1104,
    UnnamedBindingInList = 1105,
    MissingBindingValue = 1106,
    EmptyBinding = 1107,
    LoneValueNeedsOneVariable = 1108,
    ValueWithoutVariables = 1109,
    MissingPointValue = 1110,
    NoPoint = 1111,
    NonFiniteBinding = 1112,
    /// <summary>A claim names a variable the function does not have (often a where-name copied from grad's output).</summary>
    UnknownClaimVariable = 1113,

    TensorSyntaxNeedsShapes = 1201,
    UnsupportedAttribute = 1202,
    EmptyList = 1203,
    UnclosedBracket = 1204,
    UnmatchedBracket = 1205,
    TensorBindingValue = 1206,
    /// <summary>Operands whose shapes do not fit (SD1250 on: the tensor binder's type errors).</summary>
    ShapeMismatch = 1250,

    // SD1260-SD1279: indexing (x[i], X[i, j]) and what may stand side by side.
    IndexOutOfRange = 1260,
    IndexNotInteger = 1261,
    TooManyIndices = 1262,
    EmptyIndex = 1263,
    JuxtaposedTensors = 1264,
    IdentitySize = 1265,
    NonFiniteEntry = 1266,

    // SD13xx: the structure of an .sdx line (EXPR @ POINT => CLAIM).
    SdxRepeatedArrow = 1301,
    SdxPointAfterClaim = 1302,
    SdxMissingClaim = 1303,
    SdxRepeatedAt = 1304,
    SdxMissingPoint = 1305,
    SdxMissingExpression = 1306,
    /// <summary>A bad setting line (<c>wrt:</c>, <c>data:</c>, <c>rtol:</c>, ...) or block; the message says what is wrong.</summary>
    SdxBadSetting = 1307,
    /// <summary>A bad <c>let</c> line; the message says what is wrong.</summary>
    SdxBadLet = 1308,
}

/// <summary>
/// The one place holding the message template (a composite format string) and the expected-item text of every
/// <see cref="DiagnosticCode"/>. Messages are lower-case, without a final period, in the shape
/// "unexpected ')', expected expression".
/// </summary>
/// <example><code>DiagnosticMessages.Format(DiagnosticCode.UnknownFunction, "sinn", DiagnosticMessages.DidYouMean("sin"));
/// // "unknown function 'sinn'; did you mean 'sin'?"</code></example>
public static class DiagnosticMessages
{
    public static (string Template, string? Expected) Describe(DiagnosticCode code) => code switch
    {
        // {0}: a token as quoted text or "end of input".
        DiagnosticCode.EmptyInput               => ("empty input, expected expression", "expression"),
        DiagnosticCode.MissingOperand           => ("unexpected {0}, expected expression", "expression"),
        DiagnosticCode.UnknownFunction          => ("unknown function '{0}'{1}", null),
        DiagnosticCode.UnexpectedCharacter      => ("unexpected character {0}", null),
        DiagnosticCode.InvalidNumber            => ("invalid number '{0}': {1}", null),
        DiagnosticCode.NumberOutOfRange         => ("number '{0}' is out of range (exponents are limited to ±{1} and numbers to {2} characters)", null),
        DiagnosticCode.UnclosedParenthesis      => ("'(' is never closed, expected ')'", "')'"),
        DiagnosticCode.UnmatchedParenthesis     => ("unexpected ')', no '(' to close", null),
        DiagnosticCode.EmptyParentheses         => ("empty parentheses '()', expected expression", "expression"),
        DiagnosticCode.MissingArgument          => ("unexpected {0}, expected argument", "argument"),
        DiagnosticCode.FunctionNeedsParentheses => ("function '{0}' needs parentheses: {0}({1})", "'('"),
        DiagnosticCode.WrongArgumentCount       => ("{0} takes {1}, got {2}", null),
        DiagnosticCode.UnclosedCall             => ("call to '{0}' is never closed, expected ')'", "')'"),
        DiagnosticCode.NestingTooDeep           => ("expression nests deeper than {0} levels", null),
        DiagnosticCode.MissingOperator          => ("unexpected {0}, expected operator", "operator"),
        DiagnosticCode.ExpressionTooComplex     => ("expression is too complex to process", null),
        DiagnosticCode.TooManyErrors            => ("too many errors; only the first {0} are reported", null),
        // {0}: hexadecimal, binary or octal; {2}: "; write it in decimal: 31", or a hint when the digits are not of the base.
        DiagnosticCode.NonDecimalLiteral        => ("{0} literal '{1}' is not supported{2}", null),

        DiagnosticCode.ReservedBindingName      => ("'{0}' is a {1} and cannot be a variable", null),
        DiagnosticCode.DuplicateBinding         => ("variable '{0}' is bound more than once", null),
        DiagnosticCode.NonConstantBinding       => ("{0} must be a constant, but it contains the variable '{1}'", "constant"),
        DiagnosticCode.MissingBindingName       => ("expected a variable name before '='", "variable name"),
        DiagnosticCode.UnnamedBindingInList     => ("a value without a name must stand alone; write name=value", "name=value"),
        DiagnosticCode.MissingBindingValue      => ("missing value for '{0}'", "expression"),
        DiagnosticCode.EmptyBinding             => ("unexpected {0}, expected name=value", "name=value"),
        // {0}: the variables, "x, y"; {1}: the point to write, "x=..., y=...".
        DiagnosticCode.LoneValueNeedsOneVariable => ("a lone value needs a function of one variable, but this one has {0}: write \"{1}\"", "name=value"),
        DiagnosticCode.ValueWithoutVariables    => ("the function has no variables, so a point needs no value", null),
        // {0}: "variable 'y'" or "variables 'x', 'y'"; {1}: the point to write; {2}: "" or why a name did not count.
        DiagnosticCode.MissingPointValue        => ("no value for {0} at this point: write \"{1}\"{2}", "name=value"),
        DiagnosticCode.NoPoint                  => ("expected a point, e.g. 3 or \"x=1, y=2\"; ';' separates points", "point"),
        // {0}: "the value of 'x'" or "the value"; {1}: its text; {2}: Infinity, -Infinity or NaN.
        DiagnosticCode.NonFiniteBinding         => ("{0} is {1} = {2}, not a finite number", "finite number"),
        // {0}: the name; {1}: the function's variables, "y, w, x, b".
        DiagnosticCode.UnknownClaimVariable     => ("'{0}' is not a variable of f({1}); a where-name such as s = sigmoid(...) is for reading only: write the claim in full (grad --no-where prints it so)", null),

        // {0}: '@', '.T', 'sum' or '[...]'; {1}: operation, function or value.
        DiagnosticCode.TensorSyntaxNeedsShapes  => ("{0} is a vector/matrix {1}; give the variables shapes (--at \"W=[[1, 2], [3, 4]]\" or --shape \"W=2x2\")", null),
        DiagnosticCode.UnsupportedAttribute     => ("'{0}' is not supported; the only attribute is .T (transpose)", null),
        DiagnosticCode.EmptyList                => ("empty list '[]', expected expression", "expression"),
        DiagnosticCode.UnclosedBracket          => ("'[' is never closed, expected ']'", "']'"),
        DiagnosticCode.UnmatchedBracket         => ("unexpected ']', no '[' to close", null),
        // {0}: "'W'" or "the point".
        DiagnosticCode.TensorBindingValue       => ("{0} has a vector/matrix value; only numbers are accepted here", "number"),
        // {0}: what was written, clipped; {1}: why the shapes do not fit.
        DiagnosticCode.ShapeMismatch            => ("{0}: {1}", null),
        // {0}: what was written; {1}: the index as written; {2}: the operand's shape, "x is a vector of 3"; {3}: n - 1; {4}: n.
        DiagnosticCode.IndexOutOfRange          => ("{0}: index {1} is out of range: {2}, so an index is 0 to {3} (or -{4} to -1 from the end)", null),
        DiagnosticCode.IndexNotInteger          => ("{0}: an index is an integer written as a number (0, 1, -1), not {1}", "integer"),
        // {0}: what was written; {1}: the operand's shape sentence; {2}: "no index", "1 index" or "2 indices".
        DiagnosticCode.TooManyIndices           => ("{0}: {1}, so it takes {2}", null),
        DiagnosticCode.EmptyIndex               => ("empty index '[]', expected an integer such as 0 or -1", "integer"),
        // {0}: what was written; {1}, {2}: the two operands.
        // {0}: "the value of 'x'"; {1}: its text; {2}: the entry, "[1]"; {3}: Infinity, -Infinity or NaN.
        DiagnosticCode.NonFiniteEntry           => ("{0} is {1}, and its entry {2} is {3}, not a finite number", "finite number"),
        // {0}: I; {1}: why its size is unknown.
        DiagnosticCode.IdentitySize             => ("{0}: {1}", null),
        DiagnosticCode.JuxtaposedTensors        => ("{0}: two vectors/matrices side by side: write {1}@{2} for the matrix product or {1}*{2} for elementwise", "operator"),

        DiagnosticCode.SdxRepeatedArrow         => ("a line has at most one '=>': write several claims as 'd/dx: ...; d/dy: ...'", null),
        DiagnosticCode.SdxPointAfterClaim       => ("the point comes before the claim: write 'EXPR @ POINT => CLAIM'", null),
        DiagnosticCode.SdxMissingClaim          => ("expected a hand-written derivative after '=>', e.g. '=> 2*x + 2'", "derivative"),
        DiagnosticCode.SdxRepeatedAt            => ("a line has at most one point (the last '@' followed by a value): separate several points with ';', e.g. '@ x=1; x=2'", null),
        DiagnosticCode.SdxMissingPoint          => ("expected a point after '@', e.g. '@ 3' or '@ x=1, y=2'", "point"),
        // {0}: '@' or '=>'.
        DiagnosticCode.SdxMissingExpression     => ("expected an expression before '{0}'", "expression"),
        // {0}: the whole message, built where the setting or let is read.
        DiagnosticCode.SdxBadSetting            => ("{0}", null),
        DiagnosticCode.SdxBadLet                => ("{0}", null),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "No message for this diagnostic code."),
    };

    /// <summary>The suffix of <see cref="DiagnosticCode.UnknownFunction"/> naming the nearest known function.</summary>
    public static string DidYouMean(string? suggestion) => suggestion is null ? "" : $"; did you mean '{suggestion}'?";

    public static string Format(DiagnosticCode code, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, Describe(code).Template, args);

    public static string Id(DiagnosticCode code) => $"SD{(int)code}";
}
