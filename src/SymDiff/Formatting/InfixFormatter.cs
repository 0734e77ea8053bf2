using System.Runtime.CompilerServices;
using System.Text;
using SymDiff.Expressions;
using SymDiff.Numbers;

namespace SymDiff.Formatting;

/// <summary>
/// Prints canonical expressions as a person writes them, with minimal parentheses: subtraction and division
/// as such (<c>x - 1</c>, <c>-1/x^2</c>), x^(1/2) as <c>sqrt(x)</c>, exp(1) as <c>e</c>, non-integers as fractions
/// or, in <see cref="NumberStyle.Decimals"/>, as decimals where they terminate. The output parses back to an equal
/// expression in either style.
/// </summary>
/// <example><code>InfixFormatter.Format(derivative); // "2*x*cos(x^2)"</code></example>
public static class InfixFormatter
{
    /// <summary>
    /// Printed trees above this many nodes are not spelled out: a DAG of a few thousand shared nodes (the
    /// derivative of a deep power tower) can print as billions of characters.
    /// </summary>
    public const long MaxPrintedNodes = 2_000_000;

    /// <summary>Prints <paramref name="e"/> with fractions for non-integers (<c>x/200</c>); see <see cref="Format(Expr, NumberStyle)"/>.</summary>
    public static string Format(Expr e) => Format(e, NumberStyle.Fractions);

    /// <summary>
    /// The infix form of <paramref name="e"/> with the fewest parentheses (<c>2*x*cos(x^2)</c>), which parses back to
    /// <paramref name="e"/>; a placeholder beyond <see cref="MaxPrintedNodes"/>. Safe on trees of any depth.
    /// </summary>
    public static string Format(Expr e, NumberStyle style)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.TreeSize > MaxPrintedNodes) return TooLarge(e);
        // Deep trees continue on a thread with a stack to match (StackGuard): safe from a default 1 MiB stack.
        return StackGuard.CanRunInline(e.Depth) ? FormatInline(e, style) : StackGuard.Run(e.Depth, () => FormatInline(e, style));
    }

    private static string FormatInline(Expr e, NumberStyle style)
    {
        var sb = new StringBuilder();
        Write(sb, e, Precedence.Sum, style);
        return sb.ToString();
    }

    /// <summary>The placeholder printed instead of an expression too large to spell out.</summary>
    public static string TooLarge(Expr e) =>
        $"<expression of {ExprMetrics.DistinctNodes([e])} distinct nodes, {(e.TreeSize == long.MaxValue ? "more than 9e18" : e.TreeSize.ToString())} when printed in full>";

    private static void Write(StringBuilder sb, Expr e, Precedence required, NumberStyle style)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var own = PrecedenceOf(e, style);
        var parens = own < required;
        if (parens) sb.Append('(');
        switch (e)
        {
            case Num n: sb.Append(Number(n.Value, style)); break;
            case Sym s: sb.Append(s.Name); break;
            case Call c: WriteCall(sb, c, style); break;
            case Pow p: WritePower(sb, p, style); break;
            case Mul m: WriteProduct(sb, m, style); break;
            case Add a: WriteSum(sb, a, style); break;
        }
        if (parens) sb.Append(')');
    }

    /// <summary>How tightly the printed form of <paramref name="e"/> binds.</summary>
    public static Precedence PrecedenceOf(Expr e, NumberStyle style = NumberStyle.Fractions) => e switch
    {
        Num { Value.IsNegative: true } => Precedence.Negation,
        // A decimal (0.5, 1.5e-7) is one token; a fraction (1/2) is a division.
        Num { Value.IsInteger: false } n => NumberSpelling.DecimalIn(style, n.Value) is null ? Precedence.Product : Precedence.Atom,
        Mul m when m.Factors[0] is Num { Value.IsNegative: true } => Precedence.Negation,
        Mul => Precedence.Product,
        Pow p when PrintsAsSqrt(p) => Precedence.Atom,
        Pow p when IsReciprocal(p) => Precedence.Product,
        Pow => Precedence.Power,
        Add => Precedence.Sum,
        _ => Precedence.Atom,
    };

    private static bool PrintsAsSqrt(Pow p) => p.Exponent is Num { Value: var v } && v == Rational.Half;

    // x^-n, x^(-1/2) and 2^(-x) print as 1/x^n, 1/sqrt(x) and 1/2^x.
    public static bool IsReciprocal(Pow p) =>
        p.Exponent is Num { Value.IsNegative: true } or Mul { Factors: [Num { Value.IsNegative: true }, ..] };

    /// <summary>A number as <see cref="Format(Expr, NumberStyle)"/> prints it: an integer, a decimal in the decimal style, else a fraction.</summary>
    public static string Number(Rational value, NumberStyle style) => NumberSpelling.DecimalIn(style, value) ?? value.ToString();

    private static void WriteCall(StringBuilder sb, Call c, NumberStyle style)
    {
        if (c.Function.Name == "exp" && c.Args[0] is Num { Value.IsOne: true }) { sb.Append('e'); return; }
        sb.Append(c.Function.Name);
        if (c.Function.Arity == 0) return;
        sb.Append('(');
        for (var i = 0; i < c.Args.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, c.Args[i], Precedence.Sum, style);
        }
        sb.Append(')');
    }

    private static void WritePower(StringBuilder sb, Pow p, NumberStyle style)
    {
        if (PrintsAsSqrt(p))
        {
            sb.Append("sqrt(");
            Write(sb, p.Base, Precedence.Sum, style);
            sb.Append(')');
            return;
        }
        if (IsReciprocal(p))
        {
            sb.Append("1/");
            WriteDenominator(sb, [Invert(p)], style);
            return;
        }
        Write(sb, p.Base, Precedence.Atom, style);
        sb.Append('^');
        Write(sb, p.Exponent, Precedence.Atom, style);
    }

    // x^-n as the factor x^n of a denominator; the factory is not needed because the result is only printed.
    public static Expr Invert(Pow p)
    {
        ExprFactory.TryStripMinus(p.Exponent, PrintOnly, out var exponent);
        // Built directly, not through the factory: 0^3 must print as 0^3 inside 1/0^3, not fold to 0.
        return exponent is Num { Value.IsOne: true } ? p.Base : new Pow(p.Base, exponent);
    }

    private static void WriteProduct(StringBuilder sb, Mul m, NumberStyle style)
    {
        var coefficient = m.Factors[0] is Num c ? c.Value : Rational.One;
        var numerator = new List<Expr>();
        var denominator = new List<Expr>();
        foreach (var f in m.Factors)
        {
            if (f is Num) continue;
            if (f is Pow p && IsReciprocal(p)) denominator.Add(Invert(p));
            else numerator.Add(f);
        }
        if (coefficient.IsNegative) { sb.Append('-'); coefficient = -coefficient; }
        // In the decimal style a terminating coefficient leads as a decimal (0.005*x); nothing of it is left to divide by.
        var asDecimal = NumberSpelling.DecimalIn(style, coefficient);
        var first = true;
        if (asDecimal is not null)
        {
            sb.Append(asDecimal);
            coefficient = Rational.One;
            first = false;
        }
        else if (!coefficient.Numerator.IsOne || numerator.Count == 0)
        {
            sb.Append(coefficient.Numerator.ToString());
            first = false;
        }
        foreach (var f in numerator)
        {
            if (!first) sb.Append('*');
            Write(sb, f, Precedence.Product, style);
            first = false;
        }
        if (!coefficient.Denominator.IsOne && denominator is [Add])
        {
            // 7*(y + 5) parses back as 7*y + 35 (a number times one sum is distributed): x/(y + 5)/7, not x/(7*(y + 5)).
            sb.Append('/');
            WriteDenominator(sb, denominator, style);
            sb.Append('/').Append(coefficient.Denominator.ToString());
            return;
        }
        if (!coefficient.Denominator.IsOne) denominator.Insert(0, PrintOnly.Number(coefficient.Denominator));
        // A zero inside a product would swallow its neighbours when parsed back (0*log(y) is 0): divide by it alone.
        var byZero = denominator.RemoveAll(d => d is Num { Value.IsZero: true }) > 0;
        if (denominator.Count > 0)
        {
            sb.Append('/');
            WriteDenominator(sb, denominator, style);
        }
        if (byZero) sb.Append("/0");
    }

    // a/(b*c) needs parentheses around a product; a/b^2 does not.
    private static void WriteDenominator(StringBuilder sb, List<Expr> factors, NumberStyle style)
    {
        if (factors.Count == 1)
        {
            Write(sb, factors[0], Precedence.Power, style);
            return;
        }
        sb.Append('(');
        for (var i = 0; i < factors.Count; i++)
        {
            if (i > 0) sb.Append('*');
            Write(sb, factors[i], Precedence.Product, style);
        }
        sb.Append(')');
    }

    private static void WriteSum(StringBuilder sb, Add a, NumberStyle style)
    {
        var terms = PrintOrder(a);
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (i == 0) { Write(sb, term, Precedence.Sum, style); continue; }
            if (ExprFactory.TryStripMinus(term, PrintOnly, out var positive))
            {
                sb.Append(" - ");
                Write(sb, positive, Precedence.Product, style);
            }
            else
            {
                sb.Append(" + ");
                Write(sb, term, Precedence.Negation, style);
            }
        }
    }

    /// <summary>
    /// Terms in reading order: the canonical order with the constant moved last (x^2 + 2*x + 1), and a leading
    /// negative term swapped behind the first positive one (1 - tanh(x)^2 rather than -tanh(x)^2 + 1).
    /// </summary>
    public static List<Expr> PrintOrder(Add a)
    {
        var terms = new List<Expr>(a.Terms.Length);
        for (var i = 1; i < a.Terms.Length; i++) terms.Add(a.Terms[i]);
        if (a.Terms[0] is Num) terms.Add(a.Terms[0]); else terms.Insert(0, a.Terms[0]);
        if (IsNegative(terms[0]))
        {
            var positive = terms.FindIndex(t => !IsNegative(t));
            if (positive > 0)
            {
                var t = terms[positive];
                terms.RemoveAt(positive);
                terms.Insert(0, t);
            }
        }
        return terms;
    }

    private static bool IsNegative(Expr e) =>
        e is Num { Value.IsNegative: true } || e is Mul { Factors: [Num { Value.IsNegative: true }, ..] };

    // Nodes made only to be printed never reach user code; a private non-interning factory keeps them off any table.
    private static ExprFactory PrintOnly => PrintFactory.Value!;
    private static readonly ThreadLocal<ExprFactory> PrintFactory = new(() => new ExprFactory(intern: false));
}
