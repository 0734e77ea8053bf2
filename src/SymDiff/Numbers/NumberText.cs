using System.Globalization;

namespace SymDiff.Numbers;

/// <summary>
/// How every report spells a double: values as the shortest text that reads back to the same double, differences
/// to three significant digits; both with a lower-case exponent as Python and NumPy print them (<c>2.78e-17</c>, not
/// .NET's <c>2.78E-17</c>), never <c>-0</c>, and infinities signed. One place, so that tables, lines, LaTeX and CSV
/// of every command agree.
/// </summary>
/// <example><code>NumberText.Value(2.7755575615628914e-17);      // "2.7755575615628914e-17"
/// NumberText.Difference(2.7755575615628914e-17); // "2.78e-17"</code></example>
public static class NumberText
{
    /// <summary>The shortest round-trip spelling ("R"): <c>0.1</c>, <c>1e-05</c>, <c>1.7976931348623157e+308</c>; 0 for -0.</summary>
    public static string Value(double v) => NonFinite(v) ?? (v == 0 ? "0" : Lower(v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>
    /// A difference or deviation a person compares with a tolerance: three significant digits (<c>2.78e-17</c>,
    /// <c>0.000123</c>, <c>0.25</c>). Machine-readable outputs (JSON, CSV) keep <see cref="Value"/>'s every digit.
    /// </summary>
    public static string Difference(double v) => Significant(v, 3);

    /// <summary><paramref name="digits"/> significant digits, trailing zeros dropped, lower-case exponent; 0 for -0.</summary>
    public static string Significant(double v, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        return NonFinite(v) ?? (v == 0 ? "0" : Lower(v.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)));
    }

    private static string? NonFinite(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Infinity" : double.IsNegativeInfinity(v) ? "-Infinity" : null;

    private static string Lower(string text) => text.Replace('E', 'e');
}
