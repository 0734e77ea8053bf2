using ScottPlot;

namespace SymDiff.Cli.Plotting;

/// <summary>The look shared by every SymDiff figure: a sans-serif font that has ∇ and ′, light grid, white background.</summary>
/// <example><code>var plot = new Plot(); PlotStyle.Apply(plot);</code></example>
public static class PlotStyle
{
    /// <summary>DejaVu Sans where installed (Debian's default); otherwise ScottPlot's own choice.</summary>
    private static readonly string? FontName = SkiaSharp.SKFontManager.Default.GetFontFamilies()
        .FirstOrDefault(f => f is "DejaVu Sans" or "Liberation Sans" or "Arial" or "Helvetica");

    /// <summary>
    /// Scientific tick labels on an axis whose values are huge or tiny (ScottPlot's default labels lose the
    /// exponent there); ordinary ones otherwise.
    /// </summary>
    public static void Ticks(IAxis axis, double min, double max)
    {
        var size = Math.Max(Math.Abs(min), Math.Abs(max));
        var span = max - min;
        if (size < 1e5 && !(size > 0 && span < 1e-3 * Math.Max(1, size) && span < 1e-3)) return;
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => Math.Abs(v) < 1e-300 ? "0" : v.ToString("0.###E+0", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Round tick values covering [min, max], both ends included when round (steps of 1, 2 or 5 times a power of
    /// ten), at most <paramref name="maxCount"/> of them.
    /// </summary>
    public static IReadOnlyList<double> NiceTicks(double min, double max, int maxCount)
    {
        var span = max - min;
        if (!(span > 0) || !double.IsFinite(span)) return [min];
        // Steps of 1, 2, 2.5 or 5 times a power of ten; of those giving 2 to maxCount ticks, the densest that has a
        // tick at both ends when there is one with 4 or more ticks (-5..5 by 2.5, not -4..4 by 2), else the densest.
        var raw = span / Math.Max(1, maxCount - 1);
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var steps = new[] { 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100 }.Select(m => m * power).Select(step => (Step: step, Ticks: TicksOf(min, max, step)))
            .Where(c => c.Ticks.Count >= 2 && c.Ticks.Count <= Math.Max(2, maxCount)).ToList();
        if (steps.Count == 0) return TicksOf(min, max, 10 * power);
        var ends = steps.Where(c => c.Ticks.Count >= 4 && Math.Abs(c.Ticks[0] - min) <= 1e-9 * span && Math.Abs(c.Ticks[^1] - max) <= 1e-9 * span).ToList();
        return (ends.Count > 0 ? ends : steps).MaxBy(c => c.Ticks.Count).Ticks;
    }

    private static List<double> TicksOf(double min, double max, double step)
    {
        var ticks = new List<double>();
        for (var k = Math.Ceiling(min / step - 1e-9); k * step <= max + 1e-9 * step; k++)
        {
            var v = k * step;
            ticks.Add(Math.Abs(v) < 1e-9 * step ? 0 : v);
        }
        return ticks;
    }

    /// <summary>A tick label: 6 significant digits, or scientific for huge and tiny values.</summary>
    public static string TickLabel(double v, double span)
    {
        var size = Math.Abs(v);
        if (size < 1e-12 * Math.Max(span, 1e-300)) return "0";
        if (size >= 1e5 || size < 1e-4) return v.ToString("0.###E+0", System.Globalization.CultureInfo.InvariantCulture);
        return v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Fixed ticks on an axis: every round value in [min, max], the ends included when round, one per
    /// <paramref name="spacing"/> pixels at most (ScottPlot's automatic ticks may drop the first one).
    /// </summary>
    public static void FixedTicks(IAxis axis, double min, double max, double pixels, double spacing)
    {
        var ticks = NiceTicks(min, max, Math.Max(2, (int)(pixels / spacing)));
        var manual = new ScottPlot.TickGenerators.NumericManual();
        foreach (var t in ticks) manual.AddMajor(t, TickLabel(t, max - min));
        if (ticks.Count >= 2)
        {
            var step = ticks[1] - ticks[0];
            for (var m = ticks[0] - step; m <= max; m += step / 5)
                if (m >= min && ticks.All(t => Math.Abs(t - m) > 1e-9 * step)) manual.AddMinor(m);
        }
        axis.TickGenerator = manual;
    }

    /// <summary>The width of <paramref name="text"/> in pixels in the figures' font.</summary>
    public static float TextWidth(string text, float fontSize)
    {
        using var typeface = FontName is { } name ? SkiaSharp.SKTypeface.FromFamilyName(name) : SkiaSharp.SKTypeface.Default;
        using var font = new SkiaSharp.SKFont(typeface, fontSize);
        return font.MeasureText(text);
    }

    /// <summary>
    /// <paramref name="text"/> broken into lines no wider than <paramref name="widthPixels"/>, at spaces (a
    /// formula breaks before + and - and after commas), a word longer than a line split where it must.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, float widthPixels, float fontSize)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (TextWidth(candidate, fontSize) <= widthPixels || current.Length == 0 && TextWidth(word, fontSize) <= widthPixels)
            {
                current = candidate;
                continue;
            }
            if (current.Length > 0) lines.Add(current);
            current = word;
            while (TextWidth(current, fontSize) > widthPixels && current.Length > 1)
            {
                var fit = current.Length - 1;
                while (fit > 1 && TextWidth(current[..fit], fontSize) > widthPixels) fit--;
                lines.Add(current[..fit]);
                current = current[fit..];
            }
        }
        if (current.Length > 0) lines.Add(current);
        return lines;
    }

    public static void Apply(Plot plot)
    {
        if (FontName is { } font) plot.Font.Set(font);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plot.Axes.Color(Color.FromHex("#333333"));
    }
}
