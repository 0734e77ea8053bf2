using SymDiff.Functions;

namespace SymDiff.Tests.Fuzz;

/// <summary>What of the grammar a generated function exercises, so a run can prove it covered all of it.</summary>
internal static class FuzzCoverage
{
    /// <summary>Every feature a run must exercise: each table row, each grammar form, each rewritten written form.</summary>
    public static IEnumerable<string> Required =>
    [
        .. FunctionTable.All.Select(Row),
        "alias ln", "implicit 2x", "implicit x y", "implicit 2(...)", "implicit (...)x or (...)(...)", "implicit 2exp(x)",
        "^", "**", "unary minus", "subtraction", "division", "parentheses", "constant e", "integer literal",
        "decimal literal", "literal .5", "literal 3.", "literal with exponent",
        .. ExpressionGenerator.RewrittenFormNames.Select(n => $"written form {n}"),
    ];

    public static string Row(FunctionInfo row) => $"row {row.Name}/{row.Arity}";

    /// <summary>The features of one generated tree (rewritten forms are recorded by the generator).</summary>
    public static IEnumerable<string> Of(FuzzNode node)
    {
        switch (node)
        {
            case VarNode:
                yield break;
            case LitNode l:
                yield return l.Text.Contains('e') || l.Text.Contains('E') ? "literal with exponent"
                    : l.Text.StartsWith('.') ? "literal .5" : l.Text.EndsWith('.') ? "literal 3."
                    : l.Text.Contains('.') ? "decimal literal" : "integer literal";
                yield break;
            case ConstNode c:
                // The constant pi binds to the 0-ary row pi (pi() itself does not parse: see ExpressionGenerator.Leaf).
                yield return c.Name == "pi" ? Row(FunctionTable.Lookup("pi", 0)!) : "constant e";
                yield break;
            case CallNode c:
                yield return Row(c.Row);
                if (c.Spelling != c.Row.Name) yield return $"alias {c.Spelling}";
                break;
            case NegNode:
                yield return "unary minus";
                break;
            case SumNode s when s.Minus.Contains(true):
                yield return "subtraction";
                break;
            case ProductNode p:
                for (var i = 1; i < p.Factors.Length; i++)
                {
                    if (p.Joins[i] == FactorJoin.Divide) yield return "division";
                    if (p.Joins[i] != FactorJoin.Implicit) continue;
                    var (left, right) = (p.Factors[i - 1].Last, p.Factors[i]);
                    yield return left switch
                    {
                        Edge.Number when right is CallNode { Spelling: ['e', ..] } && p.Gaps[i] == "" => "implicit 2exp(x)",
                        Edge.Number when right.First == Edge.OpenParen => "implicit 2(...)",
                        Edge.Number => "implicit 2x",
                        Edge.Identifier => "implicit x y",
                        _ => "implicit (...)x or (...)(...)",
                    };
                }
                break;
            case PowerNode w:
                yield return w.Stars ? "**" : "^";
                break;
            case GroupNode:
                yield return "parentheses";
                break;
        }
        foreach (var child in Children(node))
            foreach (var feature in Of(child))
                yield return feature;
    }

    private static IEnumerable<FuzzNode> Children(FuzzNode node) => node switch
    {
        CallNode c => c.Args,
        NegNode n => [n.Operand],
        SumNode s => s.Terms,
        ProductNode p => p.Factors,
        PowerNode w => [w.Base, w.Exponent],
        GroupNode g => [g.Inner],
        _ => [],
    };
}
