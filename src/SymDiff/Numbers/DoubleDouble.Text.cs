using System.Globalization;
using System.Numerics;
using System.Text;

namespace SymDiff.Numbers;

// Decimal text: exact parsing (tests paste 32+ digit constants) and correctly rounded printing.
public readonly partial struct DoubleDouble
{
    /// <summary>
    /// Digits <see cref="ToString()"/> prints: the precision of a double-double. Printing 34 digits and parsing them
    /// back comes within 1e-33 of the value (exactly back when the low part's bits end near 2^-106 of the high part's).
    /// </summary>
    public const int DefaultDigits = 32;

    /// <summary>Parses a decimal such as <c>-1.25e-3</c>, <c>NaN</c> or <c>-Infinity</c>, rounding once to double-double.</summary>
    /// <exception cref="FormatException">The text is not a number.</exception>
    public static DoubleDouble Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a number.");

    /// <summary>Parses like <see cref="Parse"/>; false when the text is not a number.</summary>
    public static bool TryParse(string? text, out DoubleDouble value)
    {
        value = NaN;
        if (text is null) return false;
        var s = text.Trim();
        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+')) s = s[1..];
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase)) return true;
        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("infinity", StringComparison.OrdinalIgnoreCase) || s == "∞")
        {
            value = negative ? NegativeInfinity : PositiveInfinity;
            return true;
        }

        var e = s.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? s : s[..e];
        long exponent = 0;
        if (e >= 0 && !long.TryParse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            return false;
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return false;
        var m = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = exponent - (dot < 0 ? 0 : mantissa.Length - dot - 1);
        value = FromScaledDecimal(m, scale);
        if (negative) value = -value;
        return true;
    }

    // m * 10^scale, rounded once; far outside double's range it is ±inf or 0 without building huge integers.
    private static DoubleDouble FromScaledDecimal(BigInteger m, long scale)
    {
        if (m.IsZero) return Zero;
        var decimalDigits = (long)(m.GetBitLength() * 0.30103) + 1;
        if (scale + decimalDigits > 330) return PositiveInfinity;
        if (scale + decimalDigits < -345) return Zero;
        return scale >= 0
            ? FromRatio(m * BigInteger.Pow(10, (int)scale), BigInteger.One)
            : FromRatio(m, BigInteger.Pow(10, (int)-scale));
    }

    /// <summary>The value to <see cref="DefaultDigits"/> significant digits, trailing zeros dropped (<c>0.1</c>, <c>1.5e-30</c>).</summary>
    public override string ToString() => ToString(DefaultDigits);

    /// <summary>
    /// The value correctly rounded to <paramref name="significantDigits"/> decimal digits, trailing zeros dropped:
    /// positional between 1e-5 and 1e21, otherwise with an exponent (<c>2.5e-40</c>); <c>NaN</c>, <c>Infinity</c>.
    /// </summary>
    public string ToString(int significantDigits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(significantDigits, 1);
        if (IsNaN) return "NaN";
        if (IsInfinity) return Hi > 0 ? "Infinity" : "-Infinity";
        if (IsZero) return IsNegative ? "-0" : "0";

        var exact = ToRational().Abs();
        var k = (int)Math.Floor(Math.Log10(Math.Abs(Hi)));
        var limit = BigInteger.Pow(10, significantDigits);
        BigInteger n;
        while (true)
        {
            // n = round(|x| * 10^(digits - 1 - k)), half away from zero.
            var scale = significantDigits - 1 - k;
            var num = exact.Numerator * (scale > 0 ? BigInteger.Pow(10, scale) : 1);
            var den = exact.Denominator * (scale < 0 ? BigInteger.Pow(10, -scale) : 1);
            n = (2 * num + den) / (2 * den);
            if (n >= limit) k++;
            else if (n * 10 < limit && k > -400) k--;
            else break;
        }

        var text = n.ToString(CultureInfo.InvariantCulture).TrimEnd('0');
        if (text.Length == 0) text = "0";
        var sb = new StringBuilder();
        if (IsNegative) sb.Append('-');
        if (k is >= -5 and < 21)
        {
            if (k < 0) sb.Append("0.").Append('0', -k - 1).Append(text);
            else if (text.Length <= k + 1) sb.Append(text).Append('0', k + 1 - text.Length);
            else sb.Append(text, 0, k + 1).Append('.').Append(text, k + 1, text.Length - k - 1);
        }
        else
        {
            sb.Append(text[0]);
            if (text.Length > 1) sb.Append('.').Append(text, 1, text.Length - 1);
            sb.Append('e').Append(k < 0 ? '-' : '+').Append(Math.Abs(k).ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
