using SymDiff.Functions;

namespace SymDiff.Syntax;

/// <summary>
/// The one rule for a variable's name wherever a name is given outside an expression (--wrt, --box, .sdx settings
/// and lets, <see cref="Expressions.Expr.Symbol"/>): what the lexer reads as a name (a letter, then letters, digits or
/// _), and neither a constant (pi, e) nor a function of the table, which would parse as something else.
/// </summary>
/// <example><code>VariableName.Problem("w1");  // null
/// VariableName.Problem("sin"); // "'sin' is a function, not a variable"</code></example>
public static class VariableName
{
    /// <summary>Why <paramref name="name"/> cannot be a variable, or null when it can.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) return "expected a variable name";
        if (name is "pi" or "e") return $"'{name}' is a constant, not a variable";
        if (FunctionTable.IsFunctionName(name)) return $"'{name}' is a function, not a variable";
        if (!char.IsAsciiLetter(name[0]) || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
            return $"'{name}' is not a variable name (a letter, then letters, digits or _)";
        return null;
    }
}
