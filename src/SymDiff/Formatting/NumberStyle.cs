using System.Globalization;
using System.Numerics;
using SymDiff.Numbers;
using SymDiff.Syntax;

namespace SymDiff.Formatting;

/// <summary>
/// How printed expressions spell exact non-integer numbers. The arithmetic is exact either way (a
/// <see cref="Rational"/>); only the spelling follows what the user wrote, so ML users who write weights and rates as
/// decimals read decimals back, and people who write fractions read fractions.
/// </summary>
/// <remarks>
/// The style is a formatting option chosen from the written input (<see cref="NumberSpelling.StyleOf"/>), not a flag
/// on <see cref="Expressions.Num"/>: canonical nodes are hash-consed, so 0.5 and 1/2 are one node and could not
/// remember their spelling; and a derivative's numbers (0.05340703 from 3.14159*0.017) were never written at all.
/// </remarks>
/// <example><code>InfixFormatter.Format(d, NumberStyle.Decimals); // "0.05340703*cos(0.017*x)"
/// InfixFormatter.Format(d);                       // "5340703*cos(17*x/1000)/100000000"</code></example>
public enum NumberStyle
{
    /// <summary>Non-integers as fractions: <c>x/200</c>, <c>4*x/3</c>. The default, and the style of a function without decimal literals.</summary>
    Fractions,

    /// <summary>
    /// Terminating rationals with at most <see cref="NumberSpelling.MaxDecimalDigits"/> significant digits as decimals
    /// (<c>0.005*x</c>, <c>1.5e-7</c>); the others (1/3) stay fractions, so every printed number parses back exactly.
    /// </summary>
    Decimals,
}

/// <summary>The spelling of exact numbers in printed expressions, shared by the infix, LaTeX and tensor formatters.</summary>
/// <example><code>NumberSpelling.Decimal(Rational.Create(1, 400)); // "0.0025"
/// NumberSpelling.Decimal(Rational.Create(1, 3));   // null: 1/3 has no terminating decimal</code></example>
public static class NumberSpelling
{
    /// <summary>Longer decimal expansions print as fractions: 1/2^40 is clearer as a fraction than as 28 digits.</summary>
    public const int MaxDecimalDigits = 15;

    /// <summary>
    /// The style of a function as written: <see cref="NumberStyle.Decimals"/> when any number literal in it is spelled
    /// with a decimal point or an exponent (<c>0.5</c>, <c>2.5e-3</c>, <c>1e3</c>), else <see cref="NumberStyle.Fractions"/>.
    /// So mixed input (<c>x/4 + 0.5*x</c>) prints decimals wherever a number has a short decimal spelling (<c>0.75</c>),
    /// and fractions only where it has none (<c>x/3 + 0.5*x</c> gives <c>5/6</c>).
    /// </summary>
    public static NumberStyle StyleOf(SyntaxNode? written, string text)
    {
        if (written is null) return NumberStyle.Fractions;
        foreach (var node in SyntaxWalk.PostOrder(written))
        {
            if (node is not NumberSyntax) continue;
            if (text.AsSpan(node.Span.Start, node.Span.Length).IndexOfAny('.', 'e', 'E') >= 0) return NumberStyle.Decimals;
        }
        return NumberStyle.Fractions;
    }

    /// <summary>The decimal spelling of a non-integer in <paramref name="style"/>, or null where it prints as a fraction.</summary>
    public static string? DecimalIn(NumberStyle style, Rational value) =>
        style == NumberStyle.Decimals && !value.IsInteger ? Decimal(value) : null;

    /// <summary>
    /// The shortest exact decimal spelling of <paramref name="value"/>, or null when its expansion does not terminate
    /// (the denominator has a prime factor other than 2 and 5) or needs more than <see cref="MaxDecimalDigits"/>
    /// significant digits. Positional between 1e-4 and 1e15 (0.0025, 12.5), otherwise with a lower-case exponent as
    /// Python prints floats (1.5e-7, 2e+20); either spelling is a literal the parser reads back exactly.
    /// </summary>
    public static string? Decimal(Rational value)
    {
        if (value.IsZero) return "0";
        // value = m * 10^-places once the denominator, 2^a*5^b, is scaled up to 10^max(a, b).
        var d = value.Denominator;
        var (twos, fives) = (0, 0);
        while (d.IsEven) { d >>= 1; twos++; }
        while ((d % 5).IsZero) { d /= 5; fives++; }
        if (!d.IsOne) return null;
        var places = Math.Max(twos, fives);
        var m = BigInteger.Abs(value.Numerator) * BigInteger.Pow(2, places - twos) * BigInteger.Pow(5, places - fives);
        // Integers arrive here too (places 0); trailing zeros of m move into the exponent.
        while (!m.IsZero && (m % 10).IsZero) { m /= 10; places--; }
        var digits = m.ToString(CultureInfo.InvariantCulture);
        if (digits.Length > MaxDecimalDigits) return null;
        var exponent = digits.Length - 1 - places; // of the leading digit
        var sign = value.IsNegative ? "-" : "";
        if (exponent is >= -4 and < 15)
        {
            if (places <= 0) return sign + digits + new string('0', -places);
            var padded = digits.PadLeft(places + 1, '0');
            return $"{sign}{padded[..^places]}.{padded[^places..]}";
        }
        var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
        return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }
}
