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

    public static void Apply(Plot plot)
    {
        if (FontName is { } font) plot.Font.Set(font);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plot.Axes.Color(Color.FromHex("#333333"));
    }
}
