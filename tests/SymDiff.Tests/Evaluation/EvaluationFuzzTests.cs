using CsCheck;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Numbers;

namespace SymDiff.Tests.Evaluation;

public class EvaluationFuzzTests
{
    private static readonly FunctionInfo[] Unary = [.. FunctionTable.All.Where(r => r.Arity == 1)];
    private static readonly FunctionInfo[] Binary = [.. FunctionTable.All.Where(r => r.Arity == 2)];
    private static readonly Rational[] Exponents = [2, 3, -1, -2, Rational.Half, Rational.Create(-1, 2), Rational.Create(1, 3)];

    /// <summary>
    /// Builds an expression in x and y from a recipe run as a stack machine: each number picks a leaf or an operation
    /// (its last digit) and a parameter (the rest). Arrays shrink well, so failures come back small.
    /// </summary>
    internal static Expr Build(ExprFactory f, int[] recipe)
    {
        var stack = new Stack<Expr>();
        Expr Pop() => stack.Count > 0 ? stack.Pop() : f.Symbol("x");
        foreach (var r in recipe)
        {
            var p = r / 10;
            switch (r % 10)
            {
                case 0: stack.Push(f.Symbol(p % 2 == 0 ? "x" : "y")); break;
                case 1: stack.Push(p % 5 == 0 ? f.Fn("pi") : f.Number(Rational.Create(p % 7 - 3, p % 3 + 1))); break;
                case 2: stack.Push(f.Add(Pop(), Pop())); break;
                case 3: stack.Push(f.Mul(Pop(), Pop())); break;
                case 4: stack.Push(f.Pow(Pop(), Exponents[p % Exponents.Length])); break;
                case 5: { var b = Pop(); stack.Push(f.Pow(Pop(), b)); break; }
                case 6: case 7: stack.Push(f.Call(Unary[p % Unary.Length], Pop())); break;
                case 8: { var b = Pop(); stack.Push(f.Call(Binary[p % Binary.Length], Pop(), b)); break; }
                default: { var b = Pop(); stack.Push(p % 2 == 0 ? f.Sub(Pop(), b) : f.Div(Pop(), b)); break; }
            }
        }
        return f.Add([.. stack, f.Zero]);
    }

    private static readonly Gen<double> Coordinate = Gen.Frequency(
        (6, Gen.Double[-4, 4]),
        (1, Gen.OneOfConst(0.0, -0.0, 1.0, -1.0, 0.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity)));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Interpreter_and_compiled_code_agree_bit_for_bit(bool intern)
    {
        var gen =
            from recipe in Gen.Int[0, 999].Array[1, 40]
            from xs in Coordinate.Array[3]
            from ys in Coordinate.Array[3]
            select (recipe, xs, ys);
        gen.Sample(t =>
        {
            var f = new ExprFactory(intern);
            var e = Build(f, t.recipe);
            // A second output sharing subtrees with the first, as a gradient would.
            Expr[] outputs = [e, f.Mul(e, f.Fn("cos", e))];
            var program = ExprProgram.Lower(outputs, ["x", "y"]);
            var compiled = CompiledFunction.Compile(program);
            var batch = compiled.EvaluateBatch([t.xs, t.ys]);
            for (var i = 0; i < t.xs.Length; i++)
            {
                var interpreted = Interpreter.Evaluate(program, [t.xs[i], t.ys[i]]);
                var point = compiled.Evaluate(t.xs[i], t.ys[i]);
                for (var k = 0; k < outputs.Length; k++)
                    if (!EvalAssert.Same(interpreted[k], point[k]) || !EvalAssert.Same(interpreted[k], batch[k][i]))
                        throw new Exception($"{outputs[k]} at x={t.xs[i]:R}, y={t.ys[i]:R}: interpreted {interpreted[k]:R}, " +
                                            $"compiled {point[k]:R}, batch {batch[k][i]:R}");
            }
        }, iter: 400, print: t => $"{Build(new ExprFactory(), t.recipe)} at x=[{string.Join(", ", t.xs)}], y=[{string.Join(", ", t.ys)}]");
    }

    [Fact]
    public void Evaluator_agrees_with_the_interpreter_with_and_without_interning()
    {
        Gen.Int[0, 999].Array[1, 30].Select(Coordinate, Coordinate).Sample((recipe, x, y) =>
        {
            var bindings = new Dictionary<string, double> { ["x"] = x, ["y"] = y };
            var interned = Evaluator.Evaluate(Build(new ExprFactory(), recipe), bindings);
            var plain = Evaluator.Evaluate(Build(new ExprFactory(intern: false), recipe), bindings);
            return EvalAssert.Same(interned, plain);
        }, iter: 300);
    }
}
