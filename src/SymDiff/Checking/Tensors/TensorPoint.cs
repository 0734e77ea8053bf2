using System.Collections.Immutable;
using System.Globalization;
using SymDiff.Evaluation;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Checking.Tensors;

/// <summary>
/// Where a vector/matrix function is checked: each variable's shape and value. Shapes come from values
/// (<c>--at "W=[[1, 2], [3, 4], [5, 6]], x=[1, -1]"</c>: nested brackets, row-major) or from declarations
/// (<c>--shape "W=3x2, x=2"</c>); a variable with a shape and no value gets seeded random values, standard normal
/// as <c>torch.randn</c> draws them, from <see cref="Seed"/> (printed in the report, so a run can be repeated).
/// </summary>
public sealed record TensorPoint(ImmutableDictionary<string, Shape> Shapes, ImmutableDictionary<string, TensorValue> Values,
    ImmutableArray<string> Seeded, int Seed)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>The seed when none is given.</summary>
    public const int DefaultSeed = 0;

    /// <summary>
    /// Reads the value and shape specifications (either may be empty) and fills in the variables of
    /// <paramref name="variables"/> that have neither: scalars, seeded. Errors are diagnostics with spans, each
    /// naming the option (<paramref name="atName"/>, <paramref name="shapeName"/>) it was found in. When a point is
    /// given, each of <paramref name="required"/> (default: every variable) needs a value or a declared shape
    /// (SD1110, as for scalars): only a run without a point draws every variable.
    /// </summary>
    public static (TensorPoint? Point, ImmutableArray<(string Option, string Text, Diagnostic Diagnostic)> Errors) Read(
        string? at, string? shapes, IReadOnlyList<string> variables, int seed = DefaultSeed, string atName = "--at", string shapeName = "--shape",
        IReadOnlyList<string>? required = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var errors = ImmutableArray.CreateBuilder<(string, string, Diagnostic)>();
        var declared = new Dictionary<string, Shape>(StringComparer.Ordinal);
        var values = new Dictionary<string, TensorValue>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(shapes)) ReadShapes(shapes, declared, d => errors.Add((shapeName, shapes, d)));
        if (!string.IsNullOrWhiteSpace(at)) ReadValues(at, variables, values, d => errors.Add((atName, at, d)));
        foreach (var (name, value) in values)
            if (declared.TryGetValue(name, out var shape) && shape != value.Shape)
                errors.Add((shapeName, shapes!, Diagnostic.Create(SourceText.From(shapes!), DiagnosticCode.ShapeMismatch, FindName(shapes!, name),
                    name, $"declared {shape} but its value in {atName} is {value.Shape}")));
        if (errors.Count == 0 && !string.IsNullOrWhiteSpace(at)
            && (required ?? variables).Where(v => !values.ContainsKey(v) && !declared.ContainsKey(v)).ToList() is { Count: > 0 } missing)
        {
            var which = missing.Count > 1 ? $"variables {string.Join(", ", missing.Select(m => $"'{m}'"))}" : $"variable '{missing[0]}'";
            var write = $"{at.Trim()}, {string.Join(", ", missing.Select(m => $"{m}=..."))}";
            errors.Add((atName, at, Diagnostic.Create(SourceText.From(at), DiagnosticCode.MissingPointValue, new TextSpan(0, at.Length), which, write,
                $" (or declare {(missing.Count > 1 ? "their shapes" : "its shape")} with {shapeName}, to draw {(missing.Count > 1 ? "them" : "it")} at random)")));
        }
        if (errors.Count > 0) return (null, errors.ToImmutable());

        var random = new Random(seed);
        var seeded = ImmutableArray.CreateBuilder<string>();
        var allShapes = ImmutableDictionary.CreateBuilder<string, Shape>(StringComparer.Ordinal);
        foreach (var v in variables.Concat(declared.Keys).Concat(values.Keys).Distinct(StringComparer.Ordinal))
        {
            if (!values.TryGetValue(v, out var value))
            {
                value = Normal(declared.TryGetValue(v, out var s) ? s : Shape.Scalar, random);
                values[v] = value;
                seeded.Add(v);
            }
            allShapes[v] = value.Shape;
        }
        return (new TensorPoint(allShapes.ToImmutable(), values.ToImmutableDictionary(StringComparer.Ordinal), seeded.ToImmutable(), seed), []);
    }

    /// <summary>
    /// Several points in one text (<c>"x=[1, 2]; x=[3, 4]"</c>): split at each ';' outside brackets and parentheses,
    /// each trimmed, with its offset in <paramref name="text"/>; blank parts are skipped.
    /// </summary>
    public static IReadOnlyList<(string Text, int Offset)> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<(string, int)>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length)
            {
                if (text[i] is '(' or '[') depth++;
                else if (text[i] is ')' or ']') depth--;
                if (text[i] != ';' || depth > 0) continue;
            }
            var raw = text[start..i];
            if (!string.IsNullOrWhiteSpace(raw)) parts.Add((raw.Trim(), start + (raw.Length - raw.TrimStart().Length)));
            start = i + 1;
        }
        return parts;
    }

    // Box-Muller over System.Random: deterministic for a seed on every platform .NET runs on.
    private static TensorValue Normal(Shape shape, Random random)
    {
        var data = new double[shape.Size];
        for (var i = 0; i < data.Length; i++)
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            data[i] = Math.Round(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2), 4);
        }
        return new TensorValue(shape, data);
    }

    private static void ReadValues(string text, IReadOnlyList<string> variables, Dictionary<string, TensorValue> values, Action<Diagnostic> error)
    {
        var parsed = BindingParser.Parse(text, tensors: true);
        foreach (var d in parsed.Diagnostics) error(d);
        if (!parsed.Success) return;
        var source = SourceText.From(text);
        foreach (var b in parsed.Bindings)
        {
            var name = b.Name ?? (variables.Count == 1 ? variables[0] : null);
            if (name is null) { error(Diagnostic.Create(source, DiagnosticCode.UnnamedBindingInList, b.Span)); continue; }
            values[name] = TensorValue.Scalar(Evaluator.Evaluate(b.Value, new Dictionary<string, double>()));
        }
        foreach (var t in parsed.Tensors)
        {
            var name = t.Name ?? (variables.Count == 1 ? variables[0] : null);
            if (name is null) { error(Diagnostic.Create(source, DiagnosticCode.UnnamedBindingInList, t.Span)); continue; }
            var bound = TensorBinder.Bind(t.Value, text, ImmutableDictionary<string, Shape>.Empty, new TensorFactory(simplifying: false));
            if (!bound.Success) { foreach (var d in bound.Diagnostics) error(d); continue; }
            var value = TensorInterpreter.Evaluate(bound.Value!, ImmutableDictionary<string, TensorValue>.Empty);
            if (value.Data.Any(v => !double.IsFinite(v)))
            {
                var k = Array.FindIndex(value.Data, v => !double.IsFinite(v));
                error(Diagnostic.Create(source, DiagnosticCode.NonFiniteEntry, t.Span, $"the value of '{name}'", Lexer.Clip(text.Substring(t.Value.Span.Start, t.Value.Span.Length)),
                    TensorValue.IndexText(value.Shape, k), PointAnalysis.Show(value.Data[k])));
                continue;
            }
            values[name] = value;
        }
    }

    // "W=3x2, x=2, s=scalar": a name, '=', and dimensions joined by 'x' (or 'X', '×'); each name once.
    private static void ReadShapes(string text, Dictionary<string, Shape> shapes, Action<Diagnostic> error)
    {
        var source = SourceText.From(text);
        var start = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            // The caret goes under the declaration, not the spaces around it.
            var span = new TextSpan(start + part.Length - part.TrimStart().Length, Math.Max(1, part.Trim().Length));
            start += part.Length + 1;
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? "" : part[..eq].Trim();
            var dims = eq < 0 ? "" : part[(eq + 1)..].Trim();
            if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                error(Diagnostic.Create(source, DiagnosticCode.ShapeMismatch, span, Lexer.Clip(part.Trim()),
                    "expected NAME=SHAPE, e.g. \"W=3x2, x=2\" (a matrix of 3 rows and 2 columns, a vector of 2)"));
                continue;
            }
            if (!TryParseShape(dims, out var shape))
            {
                error(Diagnostic.Create(source, DiagnosticCode.ShapeMismatch, span, Lexer.Clip(part.Trim()),
                    $"'{dims}' is not a shape: write ROWSxCOLUMNS for a matrix (3x2), a length for a vector (2), or scalar; sizes from 1 to {MaxSize}"));
                continue;
            }
            if (!seen.Add(name))
            {
                error(Diagnostic.Create(source, DiagnosticCode.ShapeMismatch, span, Lexer.Clip(part.Trim()), $"'{name}' is declared more than once"));
                continue;
            }
            shapes[name] = shape;
        }
    }

    /// <summary>Largest size of one dimension in a declaration (a 10^8-entry tensor is 800 MB).</summary>
    public const int MaxSize = 10_000;

    public static bool TryParseShape(string text, out Shape shape)
    {
        shape = Shape.Scalar;
        if (text.Equals("scalar", StringComparison.OrdinalIgnoreCase)) return true;
        var parts = text.Split('x', 'X', '\u00D7');
        if (parts.Length is < 1 or > 2) return false;
        var dims = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] < 1 || dims[i] > MaxSize)
                return false;
        shape = Shape.FromDimensions(dims);
        return true;
    }

    private static TextSpan FindName(string text, string name)
    {
        var i = text.IndexOf(name, StringComparison.Ordinal);
        return i < 0 ? new TextSpan(0, text.Length) : new TextSpan(i, name.Length);
    }
}
