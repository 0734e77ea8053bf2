using SymDiff.Evaluation;
using SymDiff.Functions;
using SymDiff.Syntax;

namespace SymDiff.Checking;

/// <summary>
/// Points written as the CLI and .sdx files take them: <c>3</c> for a function of one variable,
/// <c>x=0.7, y=-1.3</c>, values as constant expressions (<c>x=pi/4</c>), several points separated by <c>;</c>.
/// </summary>
/// <example><code>var (points, error) = PointSpec.Parse("x=1; x=2", prepared, "--at");</code></example>
public static class PointSpec
{
    public sealed record Result(IReadOnlyList<IReadOnlyDictionary<string, double>> Points, CaseError? Error);

    public static Result Parse(string? text, PreparedCase c, string what)
    {
        if (text is null) return new Result([], null);
        var points = new List<IReadOnlyDictionary<string, double>>();
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
                return new Result([], Shifted(d, text, start, what));
            }
            var point = new Dictionary<string, double>();
            foreach (var binding in parsed.Bindings)
            {
                var name = binding.Name;
                if (name is null)
                {
                    if (c.Variables.Length != 1)
                    {
                        var message = c.Variables.IsEmpty
                            ? "the function has no variables, so a point needs no value"
                            : $"a lone value needs a function of one variable, but this one has {string.Join(", ", c.Variables)}: write \"{string.Join(", ", c.Variables.Select(v => v + "=..."))}\"";
                        return new Result([], Error(message, text, start + binding.Span.Start, binding.Span.Length, what));
                    }
                    name = c.Variables[0];
                }
                point[name] = Evaluator.Evaluate(binding.Value, new Dictionary<string, double>());
            }
            points.Add(point);
        }
        return new Result(points, null);
    }

    /// <summary>A --wrt variable must be a variable name, never a constant or a function.</summary>
    public static CaseError? ValidateWrt(PreparedCase c)
    {
        foreach (var v in c.Wrt)
        {
            if (v is "pi" or "e")
                return Error($"'{v}' is a constant, not a variable: it cannot be differentiated by", v, 0, v.Length, "--wrt");
            if (FunctionTable.IsFunctionName(v))
                return Error($"'{v}' is a function, not a variable", v, 0, v.Length, "--wrt");
            if (v.Length == 0 || !char.IsAsciiLetter(v[0]) || !v.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                return Error($"'{v}' is not a variable name (a letter, then letters, digits or _)", v, 0, v.Length, "--wrt");
        }
        return null;
    }

    private static CaseError Shifted(Diagnostic d, string text, int offset, string what) =>
        Error(d.Message, text, offset + d.Span.Start, Math.Max(1, d.Span.Length), what);

    public static CaseError Error(string message, string text, int start, int length, string what)
    {
        var caret = new string(' ', Math.Max(0, start)) + new string('^', Math.Max(1, length));
        return new CaseError(message, start + 1, Math.Max(1, length), $"{what}:{start + 1}: error: {message}\n{text}\n{caret}");
    }
}
