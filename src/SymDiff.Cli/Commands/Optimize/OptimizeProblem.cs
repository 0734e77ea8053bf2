using SymDiff.Checking.Tensors;
using SymDiff.Optimization;
using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Cli.Commands.Optimize;

/// <summary>
/// Reads what <c>optimize</c> minimises from its options: which variables are optimised (<c>--wrt</c>, else every
/// variable not fixed by <c>--at</c>), their start (<c>--from</c>; seeded random values for a variable with a
/// <c>--shape</c> and no value), the data (<c>--at</c>), and the gradient: compiled scalar code when every value is
/// a scalar and the function is scalar syntax, the matrix-calculus path otherwise. Every mistake is a message.
/// </summary>
internal sealed record OptimizeProblem(Objective? Objective, double[]? Start, IReadOnlyList<string> Seeded, string? Error)
{
    private static OptimizeProblem Fail(string message) => new(null, null, [], message);

    public static OptimizeProblem Build(string input, OptimizeSettings s)
    {
        var parsed = Parser.ParseSyntax(input);
        if (parsed.Syntax is null) return Fail(string.Join(Environment.NewLine, parsed.Diagnostics.Select(d => d.Render(input))));
        var variables = parsed.Variables;
        if (variables.IsEmpty) return Fail($"error: {input.Trim()} has no variables: there is nothing to optimise");

        // Data first: --at names what is fixed. Missing values are this command's to explain (optimised variables
        // start from --from, data comes from --at), so neither read requires any.
        var atCandidates = s.Wrt is { } w ? [.. variables.Except(w)] : variables.ToArray();
        var (atPoint, atErrors) = TensorPoint.Read(s.At, s.Shape, atCandidates, s.Seed, "--at", required: []);
        if (atPoint is null) return Fail(Render(atErrors));
        // Every variable without a value, optimised or data, is drawn from one random stream in order of appearance,
        // so they never repeat each other's values (two streams from one seed would make W start equal to T).
        var drawn = TensorPoint.Read(null, s.Shape, variables, s.Seed).Point!;
        var givenAt = atPoint.Values.Keys.Except(atPoint.Seeded).ToHashSet(StringComparer.Ordinal);
        var declared = TensorPoint.Read(null, s.Shape, [], s.Seed).Point?.Shapes.Keys.ToHashSet(StringComparer.Ordinal) ?? [];

        var wrt = s.Wrt ?? [.. variables.Where(v => !givenAt.Contains(v))];
        if (wrt.Count == 0) return Fail($"error: every variable of the function is fixed by --at: there is nothing to optimise (drop one from --at, or name the variables to optimise with --wrt)");
        if (wrt.FirstOrDefault(givenAt.Contains) is { } both)
            return Fail($"error: '{both}' is given a value in --at and is optimised (--wrt): its start goes in --from, or leave it out of --wrt to keep it fixed");
        if (wrt.FirstOrDefault(v => !variables.Contains(v)) is { } stranger)
            return Fail($"error: --wrt: '{stranger}' is not a variable of {input.Trim()}; its variables are {string.Join(", ", variables)}");
        if (givenAt.FirstOrDefault(v => !variables.Contains(v)) is { } unknownAt)
            return Fail($"error: --at: '{unknownAt}' is not a variable of {input.Trim()}; its variables are {string.Join(", ", variables)}");

        var (fromPoint, fromErrors) = TensorPoint.Read(s.From, s.Shape, wrt, s.Seed, "--from", required: []);
        if (fromPoint is null) return Fail(Render(fromErrors));
        var givenFrom = fromPoint.Values.Keys.Except(fromPoint.Seeded).ToHashSet(StringComparer.Ordinal);
        if (givenFrom.FirstOrDefault(v => !wrt.Contains(v)) is { } notOptimised)
            return Fail(variables.Contains(notOptimised)
                ? $"error: --from gives '{notOptimised}', which is not optimised (--wrt {string.Join(",", wrt)}); a fixed value goes in --at"
                : $"error: --from: '{notOptimised}' is not a variable of {input.Trim()}; its variables are {string.Join(", ", variables)}");

        var seeded = new List<string>();
        var values = new Dictionary<string, TensorValue>(StringComparer.Ordinal);
        foreach (var v in wrt)
        {
            if (!givenFrom.Contains(v) && !declared.Contains(v))
                return Fail($"error: --from has no start for '{v}': give every optimised variable a value, e.g. --from \"{string.Join(", ", wrt.Select(x => x + "=0"))}\"" +
                            " (or a --shape, for seeded random values)");
            if (!givenFrom.Contains(v)) seeded.Add(v);
            values[v] = givenFrom.Contains(v) ? fromPoint.Values[v] : drawn.Values[v];
        }
        var data = new Dictionary<string, TensorValue>(StringComparer.Ordinal);
        foreach (var v in variables.Where(v => !wrt.Contains(v)))
        {
            if (!givenAt.Contains(v) && !declared.Contains(v))
                return Fail($"error: '{v}' is not optimised (--wrt {string.Join(",", wrt)}) and has no value: give it one in --at");
            if (!givenAt.Contains(v)) seeded.Add(v);
            data[v] = givenAt.Contains(v) ? atPoint.Values[v] : drawn.Values[v];
        }

        foreach (var (name, value) in values.Concat(data))
            if (value.Data.Any(e => !double.IsFinite(e)))
                return Fail($"error: {(values.ContainsKey(name) ? "--from" : "--at")}: '{name}' is not a finite number{(value.Shape.IsScalar ? "" : " in every entry")} " +
                            $"({value}): an optimizer starts from a point where f can be evaluated");

        var shapes = values.Concat(data).ToDictionary(kv => kv.Key, kv => kv.Value.Shape, StringComparer.Ordinal);
        Objective objective;
        if (shapes.Values.All(x => x.IsScalar) && Parser.Parse(input) is { Success: true } scalar)
        {
            objective = Objective.Scalar(scalar, wrt, data.ToDictionary(kv => kv.Key, kv => kv.Value.AsScalar, StringComparer.Ordinal));
        }
        else
        {
            var matrix = MatrixFunction.Parse(input, shapes);
            if (!matrix.Success) return Fail(matrix.Render());
            if (!matrix.Value!.Shape.IsScalar)
                return Fail($"error: optimize minimises a scalar function, and {input.Trim()} is {matrix.Value.Shape.Describe()} (sum(...) or norm(...)^2 make one)");
            objective = Objective.Matrix(matrix.Value, wrt, data);
        }
        return new(objective, objective.Layout.Flatten(values), seeded, null);
    }

    // The first error of a point or a shape: later ones are usually its consequences (as grad reports a scalar point).
    private static string Render(IEnumerable<(string Option, string Text, Diagnostic Diagnostic)> errors) =>
        errors.Take(1).Select(e => $"{e.Option}: {e.Diagnostic.Render(e.Text)}").Single();
}
