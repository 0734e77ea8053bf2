using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>
/// Points written as the CLI and .sdx files take them: <c>3</c> for a function of one variable,
/// <c>x=0.7, y=-1.3</c>, values as constant expressions (<c>x=pi/4</c>), several points separated by <c>;</c>.
/// </summary>
/// <example><code>var (points, error) = PointSpec.Parse("x=1; x=2", prepared, "--at");</code></example>
public static class PointSpec
{
    public sealed record Result(IReadOnlyList<IReadOnlyDictionary<string, double>> Points, CaseError? Error)
    {
        private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

        /// <summary>For each of <see cref="Points"/>, each value as the user typed it (<c>pi/4</c>), by variable.</summary>
        public IReadOnlyList<ImmutableDictionary<string, string>> Typed { get; init; } = [];
    }

    /// <summary>
    /// A value of a point as reports echo it: what the user typed and its value (<c>x = pi/4 = 0.7853981633974483</c>),
    /// or the value alone where the user typed a plain number (<c>x = 3</c>, also for <c>3.0</c> or <c>1e-3</c>).
    /// </summary>
    public static string Echo(string name, double value, IReadOnlyDictionary<string, string>? typed)
    {
        var shown = PointAnalysis.Show(value);
        return typed is not null && typed.TryGetValue(name, out var text) && !IsPlainNumber(text)
            ? $"{name} = {text} = {shown}"
            : $"{name} = {shown}";
    }

    private static bool IsPlainNumber(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// The points of <paramref name="text"/> (null: none). Every point must give a value to each variable of the
    /// function (a --wrt variable the function lacks needs none), and a text that is not null holds at least one
    /// point. Errors carry their code and a caret rendering that starts with <paramref name="what"/>.
    /// </summary>
    public static Result Parse(string? text, PreparedCase c, string what)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (text is null) return new Result([], null);
        var points = new List<IReadOnlyDictionary<string, double>>();
        var typed = new List<ImmutableDictionary<string, string>>();
        var offset = 0;
        foreach (var part in text.Split(';'))
        {
            var start = offset;
            offset += part.Length + 1;
            if (string.IsNullOrWhiteSpace(part) && text.Contains(';')) continue;
            var parsed = BindingParser.Parse(part, c.Factory);
            if (!parsed.Success)
            {
                var d = parsed.Diagnostics.First(x => x.Severity == DiagnosticSeverity.Error);
                return new Result([], Error(d.Message, text, start + d.Span.Start, d.Span.Length, what, d.Code));
            }
            var point = new Dictionary<string, double>();
            var texts = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var binding in parsed.Bindings)
            {
                var name = binding.Name;
                if (name is null)
                {
                    if (c.Variables.Length != 1)
                    {
                        var (code, args) = c.Variables.IsEmpty
                            ? (DiagnosticCode.ValueWithoutVariables, Array.Empty<object?>())
                            : (DiagnosticCode.LoneValueNeedsOneVariable, [string.Join(", ", c.Variables), string.Join(", ", c.Variables.Select(v => v + "=..."))]);
                        return new Result([], Error(DiagnosticMessages.Format(code, args), text, start + binding.Span.Start, binding.Span.Length, what, code));
                    }
                    name = c.Variables[0];
                }
                var value = Evaluator.Evaluate(binding.Value, new Dictionary<string, double>());
                if (!double.IsFinite(value))
                {
                    // x=1/0, x=0/0, x=log(0): there is no such point to check at.
                    var span = binding.Span;
                    var written = part.Substring(span.Start, span.Length);
                    var shown = binding.Name is null ? "the value" : $"the value of '{binding.Name}'";
                    var valueText = binding.Name is null ? written : written[(written.IndexOf('=') + 1)..].Trim();
                    var infinite = DiagnosticMessages.Format(DiagnosticCode.NonFiniteBinding, shown, valueText, PointAnalysis.Show(value));
                    return new Result([], Error(infinite, text, start + span.Start, span.Length, what, DiagnosticCode.NonFiniteBinding));
                }
                point[name] = value;
                var bound = part.Substring(binding.Span.Start, binding.Span.Length);
                texts[name] = (binding.Name is null ? bound : bound[(bound.IndexOf('=') + 1)..]).Trim();
            }
            if (Missing(c, point, parsed.Bindings) is { } message)
            {
                var lead = part.Length - part.TrimStart().Length;
                return new Result([], Error(message, text, start + lead, part.Trim().Length, what, DiagnosticCode.MissingPointValue));
            }
            points.Add(point);
            typed.Add(texts.ToImmutable());
        }
        if (points.Count == 0)
            return new Result([], Error(DiagnosticMessages.Format(DiagnosticCode.NoPoint), text, 0, text.Length, what, DiagnosticCode.NoPoint));
        return new Result(points, null) { Typed = typed };
    }

    // "no value for variable 'x' at this point: write "x=..."", naming the bound names that are not variables of
    // the function (grad "x^2" --at "y=1": y is not a variable of x^2, so x has no value).
    private static string? Missing(PreparedCase c, Dictionary<string, double> point, IEnumerable<Binding> bindings)
    {
        var missing = c.Variables.Where(v => !point.ContainsKey(v)).ToList();
        if (missing.Count == 0) return null;
        var which = missing.Count > 1 ? $"variables {string.Join(", ", missing.Select(m => $"'{m}'"))}" : $"variable '{missing[0]}'";
        var write = string.Join(", ", c.Variables.Select(v => point.TryGetValue(v, out var value) ? $"{v}={PointAnalysis.Show(value)}" : $"{v}=..."));
        var strangers = bindings.Select(b => b.Name).OfType<string>().Where(n => !c.Variables.Contains(n) && !c.Wrt.Contains(n)).ToList();
        var why = strangers.Count switch
        {
            0 => "",
            1 => $" ('{strangers[0]}' is not a variable of the function)",
            _ => $" ({string.Join(", ", strangers.Select(n => $"'{n}'"))} are not variables of the function)",
        };
        return DiagnosticMessages.Format(DiagnosticCode.MissingPointValue, which, write, why);
    }

    /// <summary>A --wrt variable must be a variable name, never a constant or a function.</summary>
    public static CaseError? ValidateWrt(PreparedCase c)
    {
        foreach (var v in c.Wrt)
            if (VariableName.Problem(v) is { } problem)
                return Error(problem, v, 0, v.Length, "--wrt");
        return null;
    }

    /// <summary>
    /// An error in an option's text (<paramref name="what"/>: <c>--at</c>, <c>--box</c>, <c>claim</c>) at the
    /// UTF-16 range [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>), rendered by
    /// <see cref="DiagnosticRenderer"/> as <c>--at:COLUMN: error[ SDxxxx]: MESSAGE</c>, the text and a caret.
    /// </summary>
    public static CaseError Error(string message, string text, int start, int length, string what, DiagnosticCode? code = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (column, width) = DiagnosticRenderer.Locate(text, start, length);
        return new CaseError(message, column, width, DiagnosticRenderer.Render(what, DiagnosticSeverity.Error, code, message, text, start, length))
        {
            Code = code,
        };
    }
}
