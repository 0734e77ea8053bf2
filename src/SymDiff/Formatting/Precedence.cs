namespace SymDiff.Formatting;

/// <summary>Binding strength of printed forms; a child printed below the strength its slot needs gets parentheses.</summary>
public enum Precedence
{
    Sum = 1,
    /// <summary>A leading minus: binds looser than * so -x*y reads as -(x*y).</summary>
    Negation = 2,
    Product = 3,
    Power = 4,
    Atom = 5,
}
