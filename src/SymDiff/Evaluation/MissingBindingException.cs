using System.Collections.Immutable;

namespace SymDiff.Evaluation;

/// <summary>
/// An expression was evaluated or lowered without a value (or an input slot) for one or more of its variables.
/// The message names them, e.g. <c>no value for variable 'y'</c>.
/// </summary>
/// <example><code>try { Evaluator.Evaluate(xPlusY, new Dictionary&lt;string, double&gt; { ["x"] = 1 }); }
/// catch (MissingBindingException e) { Console.Error.WriteLine(e.Message); } // no value for variable 'y'</code></example>
public sealed class MissingBindingException : Exception
{
    public MissingBindingException(IEnumerable<string> variables) : this(variables.Order(StringComparer.Ordinal).ToImmutableArray())
    {
    }

    private MissingBindingException(ImmutableArray<string> sorted) : base(Describe(sorted)) => Variables = sorted;

    /// <summary>The variables that had no value, sorted by name.</summary>
    public ImmutableArray<string> Variables { get; }

    private static string Describe(ImmutableArray<string> variables)
    {
        if (variables.IsEmpty) throw new ArgumentException("At least one variable must be missing.", nameof(variables));
        return variables.Length == 1
            ? $"no value for variable '{variables[0]}'"
            : $"no value for variables {string.Join(", ", variables.Select(v => $"'{v}'"))}";
    }
}
