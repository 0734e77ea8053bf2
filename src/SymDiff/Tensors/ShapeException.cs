namespace SymDiff.Tensors;

/// <summary>
/// Operands whose shapes do not fit an operation. The message names the operation and both shapes; the binder
/// turns it into a diagnostic with the span of what was written (<c>W@x: W is 3x2 but x has 3 elements</c>).
/// </summary>
public sealed class ShapeException(string message) : Exception(message);
