using System.Globalization;
using SymDiff.Checking;

namespace SymDiff.Cli.Rendering;

/// <summary>
/// The <c>stats:</c> line of grad's and check's text reports, one wording for both: each stage in the unit that keeps
/// it readable (<c>12.3 us</c>, <c>198.4 ms</c>), and <c>autograd off</c> when no oracle ran. JSON keeps microseconds.
/// </summary>
/// <example><code>StatsText.Line(stats, "derivative nodes")
/// // stats: parse 27.1 ms, differentiate 16.6 us, simplify 8.0 us, lower 41.2 us, evaluate 9.9 us, autograd off; ...</code></example>
internal static class StatsText
{
    public static string Line(CaseStats s, string nodes) =>
        $"stats: parse {Duration(s.ParseUs)}, differentiate {Duration(s.DifferentiateUs)}, simplify {Duration(s.SimplifyUs)}, " +
        $"lower {Duration(s.LowerUs)}, evaluate {Duration(s.EvaluateUs)}, autograd {(s.AutogradUs > 0 ? Duration(s.AutogradUs) : "off")}; " +
        $"{nodes} {s.NodesBeforeSimplify} before simplification, {s.NodesAfterSimplify} after";

    /// <summary>Microseconds below 1 ms, milliseconds below 1 s, then seconds; one decimal (two for seconds).</summary>
    public static string Duration(double microseconds) => microseconds switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds:0.0} us"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1_000:0.0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{microseconds / 1_000_000:0.00} s"),
    };
}
