using System.Collections.Immutable;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Numbers;
using SymDiff.Tests.Numbers;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Evaluation;

public class PreciseEvaluatorTests
{
    private readonly ExprFactory f = new();

    private static Dictionary<string, double> At(params (string Name, double Value)[] point) =>
        point.ToDictionary(p => p.Name, p => p.Value);

    [Fact]
    public void Cancellation_in_cosh_squared_minus_sinh_squared_is_resolved()
    {
        // Issue 8 item 5: x*(cosh(y)^2 - sinh(y)^2) at x = 1, y = 12. In double, cosh(12)^2 = 2.6e10 keeps only 5 digits
        // after the subtraction (1.0000019073486328); in double-double it keeps 21.
        var e = Parse.Expr("cosh(y)^2 - sinh(y)^2", f);
        var precise = PreciseEvaluator.Evaluate(e, At(("y", 12)));
        Assert.True(PreciseAssert.RelativeError(DoubleDouble.One, precise) <= 1e-20, $"{precise}");
        Assert.NotEqual(1.0, Evaluator.Evaluate(e, At(("y", 12))));

        var scaled = Parse.Expr("x*(cosh(y)^2 - sinh(y)^2)", f);
        PreciseAssert.Close("1", PreciseEvaluator.Evaluate(scaled, At(("x", 1), ("y", 12))), 1e-20, "x*(cosh(y)^2 - sinh(y)^2)");
    }

    // Values from mpmath 1.3 at mp.dps = 50 on the exact double inputs, e.g.
    // mp.nstr(mp.exp(mpf(1e-5)) - mpf(1e-5) - 1, 40). The tolerance is what is left after the written form's cancellation.
    [Theory]
    [InlineData("exp(x) - 1 - x", 1e-5, "5.000016666708334234701434862396675388797e-11", 1e-21)]
    [InlineData("(1 - cos(x))/x^2", 1e-5, "0.4999999999958333333333472215405300814749", 1e-21)]
    [InlineData("sqrt(x^2 + 1) - x", 1e8, "4.999999999999999875000000000000006329926e-9", 1e-15)]
    [InlineData("x^(1/3) + 0.1*x", 1e-5, "0.02154534690031883780513919572889924304931", 1e-30)]
    public void Written_forms_that_cancel_keep_the_digits_double_loses(string text, double x, string expected, double tolerance)
    {
        var e = Parse.Expr(text, f);
        PreciseAssert.Close(expected, PreciseEvaluator.Evaluate(e, At(("x", x))), tolerance, text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Outputs_sharing_subtrees_are_evaluated_together(bool intern)
    {
        var g = new ExprFactory(intern);
        var (x, y) = (g.Symbol("x"), g.Symbol("y"));
        Expr[] outputs = [g.Mul(g.Fn("sin", x), y), g.Mul(g.Fn("cos", x), y), g.Fn("sin", x)];
        var values = PreciseEvaluator.Evaluate(outputs, At(("x", 0.5), ("y", 3)));
        // mp.nstr(mp.sin(mpf(0.5))*3, 40), mp.nstr(mp.cos(mpf(0.5))*3, 40), mp.nstr(mp.sin(mpf(0.5)), 40)
        PreciseAssert.Close("1.438276615812609000819863805646714164245", values[0], 1e-31, "sin(x)*y");
        PreciseAssert.Close("2.632747685671118148348844747811488955975", values[1], 1e-31, "cos(x)*y");
        PreciseAssert.Close("0.4794255386042030002732879352155713880818", values[2], 1e-31, "sin(x)");
        Assert.Equal(values[0], PreciseEvaluator.Evaluate(outputs[0], At(("x", 0.5), ("y", 3))));
    }

    [Fact]
    public void Numbers_are_exact_rationals_and_numeric_exponents_exact()
    {
        var x = f.Symbol("x");
        // x/10 at 10 is 1 to 32 digits; the double 0.1 times 10 would be 1 + 5.6e-17.
        PreciseAssert.Close("1", PreciseEvaluator.Evaluate(f.Div(x, f.Number(10)), At(("x", 10))), 1e-32, "x/10");
        var cubeRoot = f.Pow(x, Rational.Create(1, 3));
        PreciseAssert.Close("2", PreciseEvaluator.Evaluate(cubeRoot, At(("x", 8))), 1e-32, "x^(1/3) at 8");
        PreciseAssert.Same(double.NaN, PreciseEvaluator.Evaluate(cubeRoot, At(("x", -8))), "x^(1/3) at -8 (PyTorch's real rule)");
        PreciseAssert.Same(double.PositiveInfinity, PreciseEvaluator.Evaluate(f.Pow(x, -1), At(("x", 0))), "x^-1 at 0");
        PreciseAssert.Same(-8.0, PreciseEvaluator.Evaluate(f.Pow(x, 3), At(("x", -2))), "x^3 at -2");
        // A number beyond double's range is exact until the end: 10^400 * x at 10^-300 is 10^100.
        var huge = f.Mul(f.Number(System.Numerics.BigInteger.Pow(10, 400)), f.Pow(x, 2));
        Assert.Equal(double.PositiveInfinity, PreciseEvaluator.Evaluate(huge, At(("x", 1))).Hi);
        PreciseAssert.Close("2.5", PreciseEvaluator.Evaluate(f.Number(Rational.Create(5, 2)), At()), 0, "5/2");
        PreciseAssert.Close("3.141592653589793238462643383279502884197", PreciseEvaluator.Evaluate(f.Fn("pi"), At()), 1e-32, "pi");
    }

    [Fact]
    public void Repeated_evaluation_reuses_the_lowering_and_sees_each_new_point()
    {
        var e = Parse.Expr("sin(x)*y + x^(1/2)", f);
        var first = PreciseEvaluator.Evaluate(e, At(("x", 0.5), ("y", 2)));
        var second = PreciseEvaluator.Evaluate(e, At(("x", 2), ("y", 3)));
        Assert.NotEqual(first, second);
        var fresh = Parse.Expr("sin(x)*y + x^(1/2)", new ExprFactory());
        Assert.Equal(second, PreciseEvaluator.Evaluate(fresh, At(("x", 2), ("y", 3))));
        // The same first output in a different list of outputs.
        var both = PreciseEvaluator.Evaluate([e, f.Symbol("y")], At(("x", 2), ("y", 3)));
        Assert.Equal(second, both[0]);
        Assert.Equal(3.0, both[1].Hi);
        Assert.Equal(first, PreciseEvaluator.Evaluate(e, At(("x", 0.5), ("y", 2))));
    }

    [Fact]
    public void Products_keep_IEEE_semantics()
    {
        // y*log(x) at y = 0, x = -1: 0 * NaN is NaN, nothing is short-circuited.
        var e = f.Mul(f.Symbol("y"), f.Fn("log", f.Symbol("x")));
        PreciseAssert.Same(double.NaN, PreciseEvaluator.Evaluate(e, At(("x", -1), ("y", 0))), "0 * log(-1)");
        var g = f.Mul(f.Symbol("y"), f.Pow(f.Symbol("x"), -1));
        PreciseAssert.Same(double.NaN, PreciseEvaluator.Evaluate(g, At(("x", 0), ("y", 0))), "0 * (1/0)");
    }

    [Fact]
    public void Missing_bindings_are_named()
    {
        var e = f.Add(f.Symbol("x"), f.Symbol("y"), f.Symbol("z"));
        var error = Assert.Throws<MissingBindingException>(() => PreciseEvaluator.Evaluate(e, At(("x", 1))));
        Assert.Equal<string>(["y", "z"], error.Variables);
    }

    [Fact]
    public void A_deep_chain_evaluates_without_recursion()
    {
        var e = f.Symbol("x");
        for (var i = 0; i < 20000; i++) e = f.Fn("sin", e);
        var value = PreciseEvaluator.Evaluate(e, At(("x", 1)));
        Assert.True(value.Hi is > 0 and < 0.02, $"{value}"); // sin iterated 20000 times from 1 is about sqrt(3/20000)
    }

    [Fact]
    public void A_lowered_program_evaluates_as_its_expression()
    {
        // Constants and constant exponents are doubles in a program; the small fractions they came from (0.1, 1/3,
        // -5/2) are recovered, so both routes give the same double-double, bit for bit.
        var e = Parse.Expr("0.1*x + x^(1/3) - 2.5*y^(-5/2) + sin(x*y)/3", f);
        var program = ExprProgram.Lower(e, ["x", "y"]);
        var fromProgram = PreciseEvaluator.Evaluate(program, [2.0, 0.7]);
        var fromExpr = PreciseEvaluator.Evaluate(e, At(("x", 2), ("y", 0.7)));
        Assert.Equal(fromExpr, fromProgram[0]);
        var slots = PreciseEvaluator.EvaluateSlots(program, [2.0, 0.7]);
        Assert.Equal(program.InstructionCount, slots.Length);
        Assert.Equal(fromExpr, slots[program.OutputSlots[0]]);
    }

    [Fact]
    public void Random_expressions_evaluate_the_same_from_the_DAG_and_from_the_program()
    {
        var random = new Random(11);
        for (var seed = 0; seed < 300; seed++)
        {
            var e = RandomExpressions.Build(seed, f);
            string[] names = [.. RandomExpressions.Variables];
            var point = names.Select(_ => random.NextDouble() * 4 - 2).ToArray();
            var fromExpr = PreciseEvaluator.Evaluate(e, names.Zip(point).ToDictionary(p => p.First, p => p.Second));
            var fromProgram = PreciseEvaluator.Evaluate(ExprProgram.Lower(e, names), point)[0];
            Assert.True(fromExpr.Equals(fromProgram), $"{e} at ({string.Join(", ", point)}): DAG {fromExpr}, program {fromProgram}");
        }
    }

    [Theory]
    [InlineData(0.1, 1, 10)]
    [InlineData(1.0 / 3, 1, 3)]
    [InlineData(-2.5e-3, -1, 400)]
    [InlineData(22.0 / 7, 22, 7)]
    [InlineData(1e300, 0, 0)]
    public void Small_fractions_are_recovered_from_their_doubles(double value, int p, int q)
    {
        Assert.True(PreciseEvaluator.TryRecoverFraction(value, out var fraction));
        Assert.Equal(q == 0 ? DoubleDouble.ExactRational(value) : Rational.Create(p, q), fraction);
    }

    [Theory]
    [InlineData(Math.PI)]
    [InlineData(1e-7)]
    [InlineData(double.NaN)]
    public void Other_doubles_are_taken_as_they_are(double value) =>
        Assert.False(PreciseEvaluator.TryRecoverFraction(value, out _));

    [Fact]
    public void Written_form_instructions_negate_divide_and_subtract()
    {
        // (x - y) / -x as written: a subtraction, a negation and a division, no canonical product or reciprocal.
        var parsed = SymDiff.Syntax.Parser.Parse("(x - y) / -x");
        var program = WrittenForm.Lower(parsed.Syntax!, parsed.Text, parsed.Variables).Program;
        Assert.Contains(program.Instructions, i => i.Kind == InstructionKind.Subtract);
        Assert.Contains(program.Instructions, i => i.Kind == InstructionKind.Divide);
        Assert.Contains(program.Instructions, i => i.Kind == InstructionKind.Negate);
        var slots = PreciseEvaluator.EvaluateSlots(program, [0.1, 0.3]);
        // (0.1 - 0.3)/-0.1 with the doubles taken exactly: mp.nstr((mpf(0.1) - mpf(0.3))/-mpf(0.1), 40)
        PreciseAssert.Close("1.999999999999999722444243843710880301532", slots[program.OutputSlots[0]], 1e-31, "(x - y)/-x");
        Assert.Equal(slots[program.OutputSlots[0]], PreciseEvaluator.Evaluate(program, [0.1, 0.3])[0]);
        PreciseAssert.Same(double.PositiveInfinity, PreciseEvaluator.Evaluate(program, [0.0, 0.3])[0], "(0 - 0.3)/-0");
    }

    [Fact]
    public void Every_row_of_the_table_evaluates_through_a_call_node()
    {
        foreach (var row in FunctionTable.All)
        {
            var args = Enumerable.Range(0, row.Arity).Select(i => f.Symbol($"a{i}")).ToArray();
            var call = new Call(row, [.. args]);
            var point = Enumerable.Range(0, row.Arity).ToDictionary(i => $"a{i}", i => row.TestDomain.Low + 0.1 * (i + 1));
            var expected = row.Evaluate([.. point.Values]);
            var actual = PreciseEvaluator.Evaluate(call, point).ToDouble();
            Assert.True(Math.Abs(actual - expected) <= 1e-13 * Math.Abs(expected), $"{row}: {actual:R} vs {expected:R}");
        }
    }
}
