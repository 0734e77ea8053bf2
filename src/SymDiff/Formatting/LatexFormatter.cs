using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text;
using SymDiff.Expressions;
using SymDiff.Numbers;

namespace SymDiff.Formatting;

/// <summary>
/// Prints canonical expressions as LaTeX: <c>\frac{}{}</c> for quotients, <c>\sqrt{}</c>, <c>x^{2}</c>, the
/// table's templates for functions (<c>\sin\left(x\right)</c>), Greek names as letters and <c>w1</c> as <c>w_{1}</c>;
/// <c>\cdot</c> only where juxtaposition would misread (between two numbers).
/// </summary>
/// <example><code>LatexFormatter.Format(e); // "2 x \cos\left(x^{2}\right)"</code></example>
public static class LatexFormatter
{
    private static readonly FrozenSet<string> Greek = new[]
    {
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
        "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    }.ToFrozenSet();

    /// <summary>Prints <paramref name="e"/> with fractions for non-integers (<c>\frac{x}{200}</c>); see <see cref="Format(Expr, NumberStyle)"/>.</summary>
    public static string Format(Expr e) => Format(e, NumberStyle.Fractions);

    /// <summary>The LaTeX form of <paramref name="e"/>, e.g. <c>2 x \cos\left(x^{2}\right)</c>; safe on trees of any depth.</summary>
    public static string Format(Expr e, NumberStyle style)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.TreeSize > InfixFormatter.MaxPrintedNodes) return $"\\text{{{InfixFormatter.TooLarge(e)}}}";
        // Deep trees continue on a thread with a stack to match (StackGuard): safe from a default 1 MiB stack.
        return StackGuard.CanRunInline(e.Depth) ? FormatInline(e, style) : StackGuard.Run(e.Depth, () => FormatInline(e, style));
    }

    private static string FormatInline(Expr e, NumberStyle style)
    {
        var sb = new StringBuilder();
        Write(sb, e, Precedence.Sum, style);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr e, Precedence required, NumberStyle style)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        // Fractions are self-delimiting in LaTeX, so only sums and negations need \left( \right); a decimal with an
        // exponent (1.5 \cdot 10^{-7}, 10^{-7}) is a product, or a power that needs them as a base.
        var infix = InfixFormatter.PrecedenceOf(e, style);
        var own = e is Mul or Num && infix == Precedence.Product ? Precedence.Atom
            : e is Num number && infix == Precedence.Atom && Number(number.Value, style).Contains("10^{", StringComparison.Ordinal) ? Precedence.Product
            : infix;
        var parens = own < required;
        if (parens) sb.Append("\\left(");
        switch (e)
        {
            case Num n: WriteNumber(sb, n.Value, style); break;
            case Sym s: sb.Append(Symbol(s.Name)); break;
            case Call c: WriteCall(sb, c, style); break;
            case Pow p: WritePower(sb, p, style); break;
            case Mul m: WriteProduct(sb, m, style); break;
            case Add a: WriteSum(sb, a, style); break;
        }
        if (parens) sb.Append("\\right)");
    }

    /// <summary>A variable name in LaTeX: theta as \theta, w1 and x_2 with subscripts, longer names upright.</summary>
    public static string Symbol(string name)
    {
        var split = name.IndexOf('_');
        if (split < 0)
        {
            split = name.Length;
            while (split > 0 && char.IsAsciiDigit(name[split - 1])) split--;
            if (split == 0) split = name.Length;
        }
        var head = name[..split];
        var tail = name[split..].TrimStart('_');
        var letter = Greek.Contains(head) ? "\\" + head : head.Length == 1 ? head : $"\\mathrm{{{head}}}";
        return tail.Length == 0 ? letter : $"{letter}_{{{tail}}}";
    }

    private static void WriteNumber(StringBuilder sb, Rational v, NumberStyle style)
    {
        if (v.IsNegative) sb.Append('-');
        var a = v.Abs();
        sb.Append(a.IsInteger ? a.ToString() : NumberSpelling.DecimalIn(style, a) is not null ? Number(a, style) : $"\\frac{{{a.Numerator}}}{{{a.Denominator}}}");
    }

    // A decimal in LaTeX: 0.0025 as is, 1.5e-07 as 1.5 \cdot 10^{-7}.
    private static string Number(Rational v, NumberStyle style)
    {
        var text = InfixFormatter.Number(v, style);
        var e = text.IndexOf('e');
        if (e < 0) return text;
        var exponent = int.Parse(text.AsSpan(e + 1), System.Globalization.CultureInfo.InvariantCulture);
        var mantissa = text[..e];
        return mantissa is "1" or "-1" ? $"{mantissa[..^1]}10^{{{exponent}}}" : $"{mantissa} \\cdot 10^{{{exponent}}}";
    }

    private static void WriteCall(StringBuilder sb, Call c, NumberStyle style)
    {
        if (c.Function.Name == "exp" && c.Args[0] is Num { Value.IsOne: true }) { sb.Append('e'); return; }
        // Templates are plain LaTeX with {0} and {1} for the arguments; braces are LaTeX's own, not format items.
        // PERF: arguments are written straight into the builder, so nested calls cost linear, not quadratic, time.
        var template = c.Function.Latex;
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] == '{' && i + 2 < template.Length && template[i + 2] == '}' && template[i + 1] - '0' is var k && k >= 0 && k < c.Args.Length)
            {
                Write(sb, c.Args[k], Precedence.Sum, style);
                i += 3;
            }
            else sb.Append(template[i++]);
        }
    }

    private static void WritePower(StringBuilder sb, Pow p, NumberStyle style)
    {
        if (p.Exponent is Num { Value: var half } && half == Rational.Half)
        {
            sb.Append("\\sqrt{").Append(Format(p.Base, style)).Append('}');
            return;
        }
        if (InfixFormatter.IsReciprocal(p))
        {
            sb.Append("\\frac{1}{");
            Write(sb, InfixFormatter.Invert(p), Precedence.Sum, style);
            sb.Append('}');
            return;
        }
        Write(sb, p.Base, Precedence.Atom, style);
        sb.Append("^{").Append(Format(p.Exponent, style)).Append('}');
    }

    private static void WriteProduct(StringBuilder sb, Mul m, NumberStyle style)
    {
        var coefficient = m.Factors[0] is Num c ? c.Value : Rational.One;
        var numerator = new List<string>();
        var denominator = new List<string>();
        foreach (var f in m.Factors)
        {
            if (f is Num) continue;
            if (f is Pow p && InfixFormatter.IsReciprocal(p)) denominator.Add(Factor(InfixFormatter.Invert(p), style));
            else numerator.Add(Factor(f, style));
        }
        if (coefficient.IsNegative) { sb.Append('-'); coefficient = -coefficient; }
        if (NumberSpelling.DecimalIn(style, coefficient) is not null) numerator.Insert(0, Number(coefficient, style));
        else
        {
            if (!coefficient.Numerator.IsOne || numerator.Count == 0) numerator.Insert(0, coefficient.Numerator.ToString());
            if (!coefficient.Denominator.IsOne) denominator.Insert(0, coefficient.Denominator.ToString());
        }
        var top = Juxtapose(numerator);
        if (denominator.Count == 0) sb.Append(top);
        else sb.Append("\\frac{").Append(top).Append("}{").Append(Juxtapose(denominator)).Append('}');
    }

    private static string Factor(Expr f, NumberStyle style)
    {
        var sb = new StringBuilder();
        Write(sb, f, Precedence.Product, style);
        return sb.ToString();
    }

    /// <summary>Factors side by side, with a \cdot where one starts with a digit (2*3 juxtaposed is 23).</summary>
    internal static string Juxtapose(List<string> factors)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < factors.Count; i++)
        {
            if (i > 0) sb.Append(char.IsAsciiDigit(factors[i][0]) ? " \\cdot " : " ");
            sb.Append(factors[i]);
        }
        return sb.ToString();
    }

    private static void WriteSum(StringBuilder sb, Add a, NumberStyle style)
    {
        var terms = InfixFormatter.PrintOrder(a);
        for (var i = 0; i < terms.Count; i++)
        {
            if (i > 0 && ExprFactory.TryStripMinus(terms[i], PrintFactory.Value!, out var positive))
            {
                sb.Append(" - ");
                Write(sb, positive, Precedence.Product, style);
            }
            else
            {
                if (i > 0) sb.Append(" + ");
                Write(sb, terms[i], i == 0 ? Precedence.Sum : Precedence.Negation, style);
            }
        }
    }

    private static readonly ThreadLocal<ExprFactory> PrintFactory = new(() => new ExprFactory(intern: false));
}
