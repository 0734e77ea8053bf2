using System.Collections.Immutable;
using System.Globalization;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>
/// What an .sdx file or line says about how to check its cases: the variables to differentiate by, fixed data
/// values, tolerances and the order. Each is null (or empty) when not said, so that the weaker source applies:
/// the command line, then the file's setting lines (<c>wrt: w, b</c>, in effect until the next line with the same
/// key), then the line's own block (<c>{wrt: x; rtol: 1e-6} x^2 @ 1</c>).
/// </summary>
/// <example><code>var c = SdxFile.Parse("data: y=1\n{wrt: w} (w*x - y)^2 @ w=0.5, x=2").Single();
/// // c.Settings.Wrt == [w], c.Settings.Data["y"] == 1</code></example>
public sealed record SdxSettings
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>Nothing said: every value comes from the command line.</summary>
    public static SdxSettings None { get; } = new();

    /// <summary>The keys a setting line or block may use, in the order the help lists them.</summary>
    public static ImmutableArray<string> Keys { get; } = ["wrt", "data", "rtol", "atol", "order"];

    /// <summary>The variables to differentiate by; null when not said.</summary>
    public ImmutableArray<string>? Wrt { get; init; }

    /// <summary>The line that said <see cref="Wrt"/>: a <c>wrt:</c> line, or the case's own line for its block.</summary>
    public int WrtLine { get; init; }

    /// <summary>Values of variables that every point of the lines in effect takes unless the point gives its own.</summary>
    public ImmutableDictionary<string, double> Data { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>The line that said <see cref="Data"/> (the last one, when a block adds to a <c>data:</c> line's).</summary>
    public int DataLine { get; init; }

    public double? RTol { get; init; }
    public double? ATol { get; init; }
    public int? Order { get; init; }

    /// <summary>These settings where they say something, <paramref name="weaker"/>'s elsewhere; data is merged, name by name.</summary>
    public SdxSettings Over(SdxSettings weaker)
    {
        ArgumentNullException.ThrowIfNull(weaker);
        return new SdxSettings
        {
            Wrt = Wrt ?? weaker.Wrt, WrtLine = Wrt is null ? weaker.WrtLine : WrtLine,
            Data = weaker.Data.SetItems(Data), DataLine = Data.IsEmpty ? weaker.DataLine : DataLine,
            RTol = RTol ?? weaker.RTol, ATol = ATol ?? weaker.ATol, Order = Order ?? weaker.Order,
        };
    }

    /// <summary>The command line's options with these settings over them; a tolerance keeps the part not said.</summary>
    public CheckOptions Apply(CheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tolerance = options.Tolerance ?? Tolerance.For(options.NumericType);
        return options with
        {
            Wrt = Wrt is { } wrt ? wrt : options.Wrt,
            Order = Order ?? options.Order,
            Tolerance = RTol is null && ATol is null ? options.Tolerance : new Tolerance(RTol ?? tolerance.Relative, ATol ?? tolerance.Absolute),
        };
    }

    /// <summary>
    /// <paramref name="current"/> with one setting <c>KEY: VALUE</c> read from <paramref name="text"/> (the whole
    /// line) at UTF-16 <paramref name="valueOffset"/>; an empty value clears the setting (on a setting line; a block
    /// must say something). Errors carry the line and the column of the offending text.
    /// </summary>
    public static (SdxSettings? Settings, CaseError? Error) Read(SdxSettings current, string key, string text, int valueOffset, int valueLength, int line, bool inBlock)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(text);
        var raw = text.Substring(valueOffset, valueLength);
        var lead = raw.Length - raw.TrimStart().Length;
        var value = raw.Trim();
        var start = valueOffset + lead;
        CaseError Fail(string message, int at, int length) => SdxDiagnostic.Error(message, line, text, at, Math.Max(1, length), DiagnosticCode.SdxBadSetting);

        if (value.Length == 0)
        {
            if (inBlock) return (null, Fail($"'{key}:' needs a value here, e.g. {Example(key)}", Math.Max(0, valueOffset - 1), 1));
            return key switch
            {
                "wrt" => (current with { Wrt = null, WrtLine = 0 }, null),
                "data" => (current with { Data = ImmutableDictionary<string, double>.Empty, DataLine = 0 }, null),
                "rtol" => (current with { RTol = null }, null),
                "atol" => (current with { ATol = null }, null),
                _ => (current with { Order = null }, null),
            };
        }
        switch (key)
        {
            case "wrt":
            {
                var names = ImmutableArray.CreateBuilder<string>();
                var offset = 0;
                foreach (var part in value.Split(','))
                {
                    var name = part.Trim();
                    var at = start + offset + (part.Length - part.TrimStart().Length);
                    offset += part.Length + 1;
                    if (VariableName.Problem(name) is { } why) return (null, Fail($"wrt: {why}", at, name.Length));
                    if (names.Contains(name)) return (null, Fail($"wrt: '{name}' is listed twice", at, name.Length));
                    names.Add(name);
                }
                return (current with { Wrt = names.ToImmutable(), WrtLine = line }, null);
            }
            case "data":
                return ReadData(current, value, text, start, line);
            case "rtol" or "atol":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var tol) || !double.IsFinite(tol) || tol < 0)
                    return (null, Fail($"{key}: expected a tolerance, a number >= 0 such as 1e-6, not '{value}'", start, value.Length));
                return (key == "rtol" ? current with { RTol = tol } : current with { ATol = tol }, null);
            default:
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var order) || order < 1 || order > CheckOptions.MaxOrder)
                    return (null, Fail($"order: expected an integer from 1 to {CheckOptions.MaxOrder}, not '{value}'", start, value.Length));
                return (current with { Order = order }, null);
        }
    }

    /// <summary>A one-line example of each key, for messages and help.</summary>
    public static string Example(string key) => key switch
    {
        "wrt" => "wrt: w, b",
        "data" => "data: x=2, y=1",
        "rtol" => "rtol: 1e-6",
        "atol" => "atol: 1e-9",
        _ => "order: 2",
    };

    // "data: x=2, y=pi/4": named constant values, as a point writes them; the values replace the data in effect
    // (a block's add to it: Over merges them).
    private static (SdxSettings?, CaseError?) ReadData(SdxSettings current, string value, string text, int start, int line)
    {
        var parsed = BindingParser.Parse(value, new ExprFactory());
        if (!parsed.Success)
            return (null, SdxDiagnostic.FromDiagnostics([.. parsed.Diagnostics], line, text, start, prefix: "data: "));
        var data = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var binding in parsed.Bindings)
        {
            var at = start + binding.Span.Start;
            if (binding.Name is not { } name)
                return (null, SdxDiagnostic.Error($"data: name the variable of each value, e.g. {Example("data")}", line, text, at, binding.Span.Length, DiagnosticCode.SdxBadSetting));
            if (VariableName.Problem(name) is { } why)
                return (null, SdxDiagnostic.Error($"data: {why}", line, text, at, binding.Span.Length, DiagnosticCode.SdxBadSetting));
            var v = Evaluator.Evaluate(binding.Value, new Dictionary<string, double>());
            if (!double.IsFinite(v))
                return (null, SdxDiagnostic.Error($"data: the value of '{name}' is {PointAnalysis.Show(v)}, not a number to check at", line, text, at, binding.Span.Length, DiagnosticCode.SdxBadSetting));
            data[name] = v;
        }
        return (current with { Data = data.ToImmutable(), DataLine = line }, null);
    }
}
