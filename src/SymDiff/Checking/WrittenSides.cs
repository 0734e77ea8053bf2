using SymDiff.Evaluation;

namespace SymDiff.Checking;

/// <summary>
/// Whether the function as written, defined at a point, is also defined just beside it along one variable. Where it
/// is not, the point is an edge of the written domain that the canonical form may not show (sqrt(x)^2 is x
/// canonically, but as written it has no value left of 0), or an isolated point of it ((-2)^x at integers only):
/// a two-sided derivative does not exist there, whatever the symbolic value says.
/// </summary>
/// <example><code>WrittenSides.Edge(written, written.Inputs(point), "x", "x = 0"); // "... not just beside it on the left ..."</code></example>
internal static class WrittenSides
{
    // Steps of 2^-20, 2^-30 and 2^-40 of the variable's scale: far enough to move every input, near enough that only
    // a genuine edge is on one side of all three.
    private static readonly int[] Steps = [20, 30, 40];

    /// <summary>A note when the written form has no value just beside the point on one or both sides, else null.</summary>
    public static string? Edge(WrittenForm written, double[] inputs, string variable, string at)
    {
        var index = written.Variables.IndexOf(variable);
        if (index < 0) return null;
        var left = Beside(written, inputs, index, -1);
        var right = Beside(written, inputs, index, +1);
        var (side, example) = (left, right) switch
        {
            ({ } l, not null) => ("on either side", l),
            ({ } l, null) => ("on the left", l),
            (null, { } r) => ("on the right", r),
            _ => (null, default),
        };
        if (side is null) return null;
        return $"the function as written is defined at {at} but not just beside it {side} along {variable} " +
               $"({example.Finding.Description} at {variable} = {DomainAnalysis.Show(example.At)}): no two-sided derivative by {variable} exists here";
    }

    // The first finding on that side when the written form is undefined at every step; null when it has a value at one.
    private static (DomainFinding Finding, double At)? Beside(WrittenForm written, double[] inputs, int index, int side)
    {
        var x = inputs[index];
        var scale = Math.ILogB(Math.Max(Math.Abs(x), 1));
        (DomainFinding, double)? first = null;
        var moved = (double[])inputs.Clone();
        foreach (var step in Steps)
        {
            moved[index] = x + side * Math.ScaleB(1.0, scale - step);
            if (DomainAnalysis.Explain(written, moved) is not { Problem: DomainProblem.Undefined } found) return null;
            first ??= (found, moved[index]);
        }
        return first;
    }
}
