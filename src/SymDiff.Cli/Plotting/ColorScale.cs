namespace SymDiff.Cli.Plotting;

/// <summary>How a landscape's values map to colours.</summary>
public enum ColorScaleKind { Linear, Log }

/// <summary>
/// The map from f to the colour axis. Linear: f itself. Log: log10(f - floor + offset), floor the lowest value
/// shown and offset 10^-4 of the range, so a minimum's basin gets as many colours as the walls around it; the colour
/// bar's ticks still read f's own values.
/// </summary>
/// <example><code>var scale = ColorScale.Create(ColorScaleKind.Log, 0, 850); var c = scale.ToColor(12.5);</code></example>
public sealed class ColorScale
{
    /// <summary>The offset of the log scale as a fraction of the range of f shown.</summary>
    public const double LogOffsetFraction = 1e-4;

    private ColorScale(ColorScaleKind kind, double min, double max, double offset)
    {
        Kind = kind;
        Min = min;
        Max = max;
        Offset = offset;
    }

    public ColorScaleKind Kind { get; }

    /// <summary>The lowest value of f shown (the floor of the log scale).</summary>
    public double Min { get; }

    public double Max { get; }

    /// <summary>What is added to f - Min before the logarithm (0 for a linear scale).</summary>
    public double Offset { get; }

    public static ColorScale Create(ColorScaleKind kind, double min, double max)
    {
        var span = max - min;
        var offset = kind == ColorScaleKind.Log ? (span > 0 ? LogOffsetFraction * span : 1) : 0;
        return new ColorScale(kind, min, max, offset);
    }

    /// <summary>f's position on the colour axis (NaN stays NaN; values below the floor clamp to it).</summary>
    public double ToColor(double f) => Kind == ColorScaleKind.Linear ? f : Math.Log10(Math.Max(f - Min, 0) + Offset);

    /// <summary>The value of f at a position on the colour axis.</summary>
    public double FromColor(double c) => Kind == ColorScaleKind.Linear ? c : Min + Math.Pow(10, c) - Offset;

    /// <summary>
    /// Colour bar ticks as (position on the colour axis, f value): for a log scale round values of f spread over
    /// the decades above the floor, the floor itself first; for a linear one, <see cref="PlotStyle.NiceTicks"/>.
    /// </summary>
    public IReadOnlyList<(double Position, double Value)> Ticks(double pixels)
    {
        if (Kind == ColorScaleKind.Linear)
            return [.. PlotStyle.NiceTicks(Min, Max, Math.Max(2, (int)(pixels / 45))).Select(v => (v, v))];
        // The floor first, then round values of f (0 and ±m·10^d) at least 28 pixels apart, with the densest set of
        // mantissas that does not crowd the bar.
        var low = ToColor(Min);
        var high = ToColor(Max);
        // The floor's label: 3 significant digits, 0 for a floor that is 0 up to rounding.
        var floor = Math.Abs(Min) < 1e-9 * (Max - Min) ? 0 : double.Parse(Min.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        var ticks = new List<(double, double)> { (low, floor) };
        var minGap = (high - low) * 28 / Math.Max(60, pixels);
        var first = (int)Math.Floor(Math.Log10(Offset)) - 1;
        var last = (int)Math.Ceiling(Math.Log10(Math.Max(Math.Abs(Max), Math.Abs(Min)) + Max - Min));
        foreach (var mantissas in new[] { new[] { 1.0, 2, 5 }, [1.0, 3], [1.0] })
        {
            var values = new List<double> { 0 };
            for (var d = first; d <= last; d++)
                foreach (var m in mantissas)
                    values.AddRange([m * Math.Pow(10, d), -m * Math.Pow(10, d)]);
            var candidates = new List<(double, double)>();
            foreach (var value in values.Where(v => v > Min && v <= Max).Order())
            {
                var position = ToColor(value);
                var previous = candidates.Count > 0 ? candidates[^1].Item1 : low;
                if (position - previous >= minGap && high - position >= -1e-12) candidates.Add((position, value));
            }
            if (candidates.Count <= Math.Max(2, pixels / 28) || mantissas.Length == 1)
            {
                ticks.AddRange(candidates);
                break;
            }
        }
        return ticks;
    }
}
