using System.Runtime.CompilerServices;
using System.Text;
using SymDiff.Syntax;

namespace SymDiff.Formatting;

/// <summary>
/// Prints the function as the user wrote it (its <see cref="SyntaxNode"/> tree) as LaTeX: the written order, the
/// written parentheses and the written numbers, with nothing folded, so <c>x/x</c> stays <c>\frac{x}{x}</c> (the
/// canonical form would say 1, and hide that the function has no value at 0). Symbols and function templates are
/// those of <see cref="LatexFormatter"/>.
/// </summary>
/// <example><code>var parsed = Parser.Parse("2*x/(x+1)");
/// WrittenLatexFormatter.Format(parsed.Syntax!, parsed.Text); // "\frac{2 x}{x + 1}"</code></example>
public static class WrittenLatexFormatter
{
    public static string Format(SyntaxNode root, string source)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(source);
        var sb = new StringBuilder();
        Write(sb, root, source);
        return sb.ToString();
    }

    // The parser keeps precedence in the tree and written parentheses as Group nodes, so printing needs no
    // parentheses of its own except where LaTeX juxtaposition would misread (a negated factor, see WriteProduct).
    // NOTE: recursion is bounded by Parser.MaxDepth; the stack guard turns anything deeper into an exception, not a crash.
    private static void Write(StringBuilder sb, SyntaxNode node, string source)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case NumberSyntax n: WriteNumber(sb, source.Substring(n.Span.Start, n.Span.Length)); break;
            case VariableSyntax v: sb.Append(LatexFormatter.Symbol(v.Name)); break;
            case ConstantSyntax c: sb.Append(c.Name == "pi" ? "\\pi" : "e"); break;
            case CallSyntax c: WriteCall(sb, c, source); break;
            case NegationSyntax n:
                sb.Append('-');
                Write(sb, n.Operand, source);
                break;
            case SumSyntax s:
                for (var i = 0; i < s.Terms.Length; i++)
                {
                    if (i > 0) sb.Append(s.Subtracted[i] ? " - " : " + ");
                    Write(sb, s.Terms[i], source);
                }
                break;
            case ProductSyntax p: WriteProduct(sb, p, source); break;
            case PowerSyntax p:
                Write(sb, p.Base, source);
                sb.Append("^{");
                Write(sb, Unwrapped(p.Exponent), source); // braces delimit the exponent: its parentheses are not needed
                sb.Append('}');
                break;
            case GroupSyntax g:
                sb.Append("\\left(");
                Write(sb, g.Inner, source);
                sb.Append("\\right)");
                break;
        }
    }

    // 1e-3 as 1 \times 10^{-3}; other spellings (0.25, 3) are LaTeX already.
    private static void WriteNumber(StringBuilder sb, string spelling)
    {
        var e = spelling.IndexOfAny(['e', 'E']);
        if (e < 0) { sb.Append(spelling); return; }
        var exponent = spelling[(e + 1)..].TrimStart('+');
        sb.Append(spelling[..e]).Append(" \\times 10^{").Append(exponent).Append('}');
    }

    private static void WriteCall(StringBuilder sb, CallSyntax c, string source)
    {
        // Templates are plain LaTeX with {0} and {1} for the arguments (see LatexFormatter.WriteCall).
        var template = c.Function.Latex;
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] == '{' && i + 2 < template.Length && template[i + 2] == '}' && template[i + 1] - '0' is var k && k >= 0 && k < c.Arguments.Length)
            {
                Write(sb, Unwrapped(c.Arguments[k]), source);
                i += 3;
            }
            else sb.Append(template[i++]);
        }
    }

    // a*b/c/d is (a*b)/(c*d) evaluated left to right: \frac{a b}{c d}. Parentheses written around a whole numerator or
    // denominator are dropped, as the fraction bar delimits it.
    private static void WriteProduct(StringBuilder sb, ProductSyntax p, string source)
    {
        var top = new List<string>();
        var bottom = new List<string>();
        for (var i = 0; i < p.Factors.Length; i++)
            (p.Divided[i] ? bottom : top).Add(Factor(p.Factors[i], source, alone: false));
        if (bottom.Count == 0) { sb.Append(LatexFormatter.Juxtapose(top)); return; }
        var single = p.Factors.Where((_, i) => p.Divided[i]).ToList();
        var numerator = top.Count == 1 ? Factor(p.Factors[0], source, alone: true) : top.Count == 0 ? "1" : LatexFormatter.Juxtapose(top);
        var denominator = bottom.Count == 1 ? Factor(single[0], source, alone: true) : LatexFormatter.Juxtapose(bottom);
        sb.Append("\\frac{").Append(numerator).Append("}{").Append(denominator).Append('}');
    }

    private static string Factor(SyntaxNode f, string source, bool alone)
    {
        var sb = new StringBuilder();
        if (alone) f = Unwrapped(f);
        // x*-y: juxtaposed, "x -y" would read as a difference.
        var negated = !alone && f is NegationSyntax;
        if (negated) sb.Append("\\left(");
        Write(sb, f, source);
        if (negated) sb.Append("\\right)");
        return sb.ToString();
    }

    private static SyntaxNode Unwrapped(SyntaxNode node)
    {
        while (node is GroupSyntax g) node = g.Inner;
        return node;
    }
}
