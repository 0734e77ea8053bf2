using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Tests.Evaluation;

/// <summary>Evaluates through every route (interpreter point and batch, compiled point and batch) and checks they agree.</summary>
internal static class EvalAssert
{
    /// <summary>The value of <paramref name="e"/> at the point, after checking that all four routes give the same bits.</summary>
    public static double ValueAt(Expr e, params (string Name, double Value)[] point) => ValuesAt([e], point)[0];

    public static double[] ValuesAt(IReadOnlyList<Expr> outputs, params (string Name, double Value)[] point)
    {
        var program = ExprProgram.Lower(outputs, [.. point.Select(p => p.Name)]);
        var inputs = point.Select(p => p.Value).ToArray();
        var interpreted = Interpreter.Evaluate(program, inputs);

        var compiled = CompiledFunction.Compile(program);
        var columns = inputs.Select(v => new[] { v, v }).ToArray();
        var interpretedBatch = NewColumns(outputs.Count, 2);
        Interpreter.EvaluateBatch(program, columns, interpretedBatch, 2);
        var compiledBatch = NewColumns(outputs.Count, 2);
        compiled.EvaluateBatch(columns, compiledBatch, 2);
        var compiledPoint = compiled.Evaluate(inputs);

        for (var k = 0; k < outputs.Count; k++)
        {
            var where = $"output {k} ({outputs[k]}) at {string.Join(", ", point.Select(p => $"{p.Name}={p.Value:R}"))}";
            AssertSame(interpreted[k], compiledPoint[k], $"compiled point, {where}");
            AssertSame(interpreted[k], interpretedBatch[k][1], $"interpreted batch, {where}");
            AssertSame(interpreted[k], compiledBatch[k][1], $"compiled batch, {where}");
        }
        return interpreted;
    }

    public static double[][] NewColumns(int columns, int count) =>
        [.. Enumerable.Range(0, columns).Select(_ => new double[count])];

    /// <summary>Same bits, or NaN on both sides.</summary>
    public static bool Same(double a, double b) =>
        BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));

    public static void AssertSame(double expected, double actual, string because)
    {
        if (!Same(expected, actual))
            Assert.Fail($"expected {expected:R}, got {actual:R}: {because}");
    }
}
