using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Syntax;

namespace SymDiff.Cli.Plotting;

/// <summary>The interval one variable is plotted over: <c>From &lt; To</c>, both finite.</summary>
/// <example><code>new Interval("x", -Math.PI, Math.PI)</code></example>
public sealed record Interval(string Variable, double From, double To)
{
    public double Width => To - From;

    /// <summary><paramref name="count"/> evenly spaced values from From to To, both ends included.</summary>
    public double[] Linspace(int count)
    {
        var xs = new double[count];
        for (var i = 0; i < count; i++) xs[i] = count == 1 ? From : From + Width * i / (count - 1);
        if (count > 1) xs[^1] = To;
        return xs;
    }
}

/// <summary>
/// Reads the plot ranges: <c>--from</c> and <c>--to</c> as constant expressions (<c>-2</c>, <c>pi/4</c>,
/// <c>2*pi</c>) and <c>--box "x=-2:2, y=-pi:pi"</c>. Errors come back rendered with a caret, as for <c>--at</c>.
/// </summary>
/// <example><code>var (box, error) = PlotRanges.ParseBox("x=-2:2, y=-1:1");</code></example>
public static class PlotRanges
{
    private static readonly Dictionary<string, double> NoBindings = new();

    /// <summary>A constant expression's value; the error names the option and points at the text.</summary>
    public static (double Value, string? Error) Constant(string text, string option, int offset = 0, string? whole = null)
    {
        whole ??= text;
        if (string.IsNullOrWhiteSpace(text))
            return (double.NaN, PointSpec.Error("expected a number or a constant expression such as -2 or pi/4", whole, offset, Math.Max(1, text.Length), option).Rendered);
        var parsed = Parser.Parse(text);
        if (!parsed.Success || parsed.Value is not { } value)
        {
            var d = parsed.Diagnostics.First(x => x.Severity == DiagnosticSeverity.Error);
            return (double.NaN, PointSpec.Error(d.Message, whole, offset + d.Span.Start, d.Span.Length, option, d.Code).Rendered);
        }
        if (!value.IsConstant)
        {
            var names = string.Join(", ", value.FreeSymbols.Select(s => $"'{s}'"));
            return (double.NaN, PointSpec.Error($"a bound must be a constant, but this one uses {names}", whole, offset, text.Length, option).Rendered);
        }
        var v = Evaluator.Evaluate(value, NoBindings);
        if (!double.IsFinite(v))
            return (double.NaN, PointSpec.Error($"the bound {text.Trim()} is {PointAnalysis.Show(v)}, not a finite number", whole, offset, text.Length, option).Rendered);
        return (v, null);
    }

    /// <summary>The interval of --from and --to for one variable.</summary>
    public static (Interval? Interval, string? Error) ParseInterval(string variable, string from, string to)
    {
        var (a, errorA) = Constant(from, "--from");
        if (errorA is not null) return (null, errorA);
        var (b, errorB) = Constant(to, "--to");
        if (errorB is not null) return (null, errorB);
        if (!(a < b)) return (null, $"error: --from must be less than --to, but the range is [{Show(a)}, {Show(b)}].");
        return (new Interval(variable, a, b), null);
    }

    /// <summary>
    /// <c>"x=-2:2, y=-1:1"</c>: comma-separated <c>name=low:high</c> items (commas inside parentheses belong to
    /// calls). Names must be variable names and distinct; each low must be less than its high.
    /// </summary>
    public static (IReadOnlyList<Interval> Box, string? Error) ParseBox(string text)
    {
        var box = new List<Interval>();
        foreach (var (start, length) in SplitTopLevel(text, ','))
        {
            var item = text.Substring(start, length);
            var lead = item.Length - item.TrimStart().Length;
            var trimmed = item.Trim();
            if (trimmed.Length == 0) return ([], Error("expected name=low:high, e.g. x=-2:2", text, start, Math.Max(1, length)));
            var eq = trimmed.IndexOf('=');
            if (eq < 0) return ([], Error("expected name=low:high, e.g. x=-2:2", text, start + lead, trimmed.Length));
            var name = trimmed[..eq].Trim();
            if (NameError(name) is { } nameError) return ([], Error(nameError, text, start + lead, Math.Max(1, eq)));
            if (box.Any(i => i.Variable == name)) return ([], Error($"'{name}' is given twice", text, start + lead, eq));

            var rangeStart = start + lead + eq + 1;
            var range = trimmed[(eq + 1)..];
            var colons = SplitTopLevel(range, ':').ToList();
            // low..high reads as low:high (the dots are no decimal point: "1..2" is 1 to 2).
            var dots = range.IndexOf("..", StringComparison.Ordinal);
            if (colons.Count == 1 && dots >= 0 && range.IndexOf("..", dots + 2, StringComparison.Ordinal) < 0)
                colons = [(0, dots), (dots + 2, range.Length - dots - 2)];
            if (colons.Count != 2) return ([], Error($"expected low:high after '{name}=', e.g. {name}=-2:2", text, rangeStart, Math.Max(1, range.Length)));
            var (low, lowError) = Constant(range.Substring(colons[0].Start, colons[0].Length), "--box", rangeStart + colons[0].Start, text);
            if (lowError is not null) return ([], lowError);
            var (high, highError) = Constant(range.Substring(colons[1].Start, colons[1].Length), "--box", rangeStart + colons[1].Start, text);
            if (highError is not null) return ([], highError);
            if (!(low < high)) return ([], Error($"the low end of {name} must be less than its high end, but the range is [{Show(low)}, {Show(high)}]", text, rangeStart, range.Length));
            box.Add(new Interval(name, low, high));
        }
        return (box, null);
    }

    /// <summary>
    /// --at of a landscape: <c>"z=2, w=pi/4"</c>, a constant value per named variable. Errors come back rendered
    /// with a caret under the mistake.
    /// </summary>
    public static (IReadOnlyDictionary<string, double> Values, string? Error) ParseFixed(string text, string option = "--at")
    {
        var values = new Dictionary<string, double>();
        var parsed = BindingParser.Parse(text);
        if (!parsed.Success)
        {
            var d = parsed.Diagnostics.First(x => x.Severity == DiagnosticSeverity.Error);
            return (values, PointSpec.Error(d.Message, text, d.Span.Start, d.Span.Length, option, d.Code).Rendered);
        }
        if (parsed.Bindings.IsEmpty)
            return (values, PointSpec.Error(option == "--at" ? "expected name=value, e.g. z=2" : "expected name=value, e.g. x=-1.5, y=2", text, 0, Math.Max(1, text.Length), option).Rendered);
        foreach (var binding in parsed.Bindings)
        {
            var span = binding.Span;
            if (binding.Name is not { } name)
                return (values, PointSpec.Error(option == "--at" ? "name the variable to hold fixed, e.g. z=2" : "name the variable, e.g. x=-1.5", text, span.Start, span.Length, option).Rendered);
            if (values.ContainsKey(name))
                return (values, PointSpec.Error($"'{name}' is given twice", text, span.Start, span.Length, option).Rendered);
            if (!binding.Value.IsConstant)
            {
                var names = string.Join(", ", binding.Value.FreeSymbols.Select(v => $"'{v}'"));
                return (values, PointSpec.Error($"the value of '{name}' must be a constant, but it uses {names}", text, span.Start, span.Length, option).Rendered);
            }
            var value = Evaluator.Evaluate(binding.Value, NoBindings);
            if (!double.IsFinite(value))
                return (values, PointSpec.Error($"the value of '{name}' is {PointAnalysis.Show(value)}, not a finite number", text, span.Start, span.Length, option).Rendered);
            values[name] = value;
        }
        return (values, null);
    }

    /// <summary>Why <paramref name="name"/> cannot be a plotted variable, or null when it can.</summary>
    public static string? NameError(string name) => VariableName.Problem(name);

    public static string Show(double v) => Numbers.NumberText.Significant(v, 6);

    private static string Error(string message, string text, int start, int length) =>
        PointSpec.Error(message, text, start, length, "--box").Rendered;

    /// <summary>The pieces of <paramref name="text"/> between separators outside parentheses, as (start, length).</summary>
    private static IEnumerable<(int Start, int Length)> SplitTopLevel(string text, char separator)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '(') depth++;
            else if (ch == ')') depth = Math.Max(0, depth - 1);
            else if (ch == separator && depth == 0)
            {
                yield return (start, i - start);
                start = i + 1;
            }
        }
        yield return (start, text.Length - start);
    }
}
