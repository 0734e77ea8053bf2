using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Numbers;

namespace SymDiff.Tests.Evaluation;

public class EvaluationTests
{
    private readonly ExprFactory f = new();
    private Expr X => f.Symbol("x");
    private Expr Y => f.Symbol("y");

    [Fact]
    public void Polynomial()
    {
        var e = f.Add(f.Pow(X, 2), f.Mul(f.Number(2), X), f.One);
        Assert.Equal(16.0, EvalAssert.ValueAt(e, ("x", 3)));
    }

    [Fact]
    public void N_ary_sum_and_product_fold_left_to_right()
    {
        var (z, w) = (f.Symbol("z"), f.Symbol("w"));
        (string, double)[] point = [("w", 1e-16), ("x", 1), ("y", -1), ("z", 0.1)];
        var sum = f.Add(X, Y, z, w, f.Number(Rational.Create(1, 3)));
        var product = f.Mul(f.Number(3), X, Y, z, w);
        var terms = ((Add)sum).Terms.Select(t => EvalAssert.ValueAt(t, point)).ToArray();
        var factors = ((Mul)product).Factors.Select(t => EvalAssert.ValueAt(t, point)).ToArray();
        Assert.Equal(terms.Aggregate((a, b) => a + b), EvalAssert.ValueAt(sum, point));
        Assert.Equal(factors.Aggregate((a, b) => a * b), EvalAssert.ValueAt(product, point));
    }

    [Theory]
    [InlineData(2.0, 3.0)]
    [InlineData(-2.0, 3.0)]
    [InlineData(-8.0, 1.0 / 3)]
    [InlineData(0.0, -1.0)]
    [InlineData(2.5, 0.5)]
    [InlineData(1.5, -2.0)]
    [InlineData(1.1, 2.0)]
    public void Constant_powers_are_computed_as_PyTorch_computes_them(double x, double n)
    {
        // PyTorch's pow kernel computes x^2 as x*x, x^-1 as 1/x, x^(1/2) as sqrt(x), ...; other exponents use pow.
        var exponent = n == 1.0 / 3 ? Rational.Create(1, 3) : n == 0.5 ? Rational.Half : (Rational)(int)n;
        var expected = n switch { 2 => x * x, 3 => x * x * x, -1 => 1 / x, -2 => 1 / (x * x), 0.5 => Math.Sqrt(x), _ => Math.Pow(x, n) };
        EvalAssert.AssertSame(expected, EvalAssert.ValueAt(f.Pow(X, exponent), ("x", x)), "numeric exponent");
        EvalAssert.AssertSame(Math.Pow(x, n), EvalAssert.ValueAt(f.Pow(X, Y), ("x", x), ("y", n)), "symbolic exponent");
    }

    [Fact]
    public void Square_root_follows_Math_Sqrt_at_signed_zero_and_infinity()
    {
        // sqrt(-0) = -0 and sqrt(-inf) = NaN, as torch.sqrt and torch.pow(x, 0.5) give.
        EvalAssert.AssertSame(-0.0, EvalAssert.ValueAt(f.Sqrt(X), ("x", -0.0)), "sqrt(-0)");
        EvalAssert.AssertSame(double.NaN, EvalAssert.ValueAt(f.Sqrt(X), ("x", double.NegativeInfinity)), "sqrt(-inf)");
    }

    [Fact]
    public void Log_of_zero_is_minus_infinity() =>
        Assert.Equal(double.NegativeInfinity, EvalAssert.ValueAt(f.Fn("log", X), ("x", 0)));

    [Fact]
    public void Sqrt_of_minus_one_is_NaN() =>
        Assert.True(double.IsNaN(EvalAssert.ValueAt(f.Sqrt(X), ("x", -1))));

    [Fact]
    public void Reciprocal_at_zero_is_signed_infinity()
    {
        var reciprocal = f.Div(f.One, X);
        Assert.Equal(double.PositiveInfinity, EvalAssert.ValueAt(reciprocal, ("x", 0.0)));
        Assert.Equal(double.NegativeInfinity, EvalAssert.ValueAt(reciprocal, ("x", -0.0)));
    }

    [Fact]
    public void NaN_and_infinities_propagate_without_exceptions()
    {
        var e = f.Add(f.Fn("sin", X), f.Mul(X, Y), f.Fn("max", X, Y));
        Assert.True(double.IsNaN(EvalAssert.ValueAt(e, ("x", double.NaN), ("y", 1))));
        Assert.True(double.IsNaN(EvalAssert.ValueAt(f.Sub(X, Y), ("x", double.PositiveInfinity), ("y", double.PositiveInfinity))));
        Assert.Equal(double.PositiveInfinity, EvalAssert.ValueAt(f.Fn("exp", X), ("x", 1000)));
        Assert.Equal(0.0, EvalAssert.ValueAt(f.Fn("exp", X), ("x", double.NegativeInfinity)));
    }

    [Fact]
    public void Missing_binding_names_the_variable()
    {
        // no value for variable 'y'
        var bindings = new Dictionary<string, double> { ["x"] = 1 };
        var error = Assert.Throws<MissingBindingException>(() => Evaluator.Evaluate(f.Add(X, Y), bindings));
        Assert.Equal("no value for variable 'y'", error.Message);
        Assert.Equal<string>(["y"], error.Variables);
    }

    [Fact]
    public void Evaluator_ignores_extra_bindings()
    {
        var bindings = new Dictionary<string, double> { ["x"] = 2, ["y"] = 3, ["unused"] = double.NaN };
        Assert.Equal(8.0, Evaluator.Evaluate(f.Pow(X, Y), bindings));
        Assert.Equal([8.0, 6.0], Evaluator.Evaluate([f.Pow(X, Y), f.Mul(X, Y)], bindings));
    }

    [Fact]
    public void Batch_of_100000_points_equals_the_interpreter_point_by_point()
    {
        const int count = 100_000;
        // f = x*y + sin(x)/y with its two partials: one program, shared subtrees.
        var fn = f.Add(f.Mul(X, Y), f.Div(f.Fn("sin", X), Y));
        Expr[] outputs = [fn, f.Add(Y, f.Div(f.Fn("cos", X), Y)), f.Sub(X, f.Div(f.Fn("sin", X), f.Pow(Y, 2)))];
        var program = ExprProgram.Lower(outputs, ["x", "y"]);

        var random = new Random(20240601);
        double[][] inputs = [new double[count], new double[count]];
        for (var i = 0; i < count; i++)
        {
            inputs[0][i] = random.NextDouble() * 20 - 10;
            inputs[1][i] = i % 1000 == 0 ? 0.0 : random.NextDouble() * 20 - 10; // some 1/0 on the way
        }

        var compiled = CompiledFunction.Compile(program).EvaluateBatch(inputs);
        var interpreted = EvalAssert.NewColumns(outputs.Length, count);
        Interpreter.EvaluateBatch(program, inputs, interpreted, count);
        for (var i = 0; i < count; i++)
        {
            var expected = Interpreter.Evaluate(program, [inputs[0][i], inputs[1][i]]);
            for (var k = 0; k < outputs.Length; k++)
            {
                if (!EvalAssert.Same(expected[k], compiled[k][i]) || !EvalAssert.Same(expected[k], interpreted[k][i]))
                    Assert.Fail($"point {i} (x={inputs[0][i]:R}, y={inputs[1][i]:R}), output {k}: " +
                                $"{expected[k]:R} vs compiled {compiled[k][i]:R}, interpreted batch {interpreted[k][i]:R}");
            }
        }
    }

    [Fact]
    public void Batch_evaluates_a_prefix_and_hoists_constants()
    {
        // pi*x + log(2): pi and log(2) are computed once, before the loop.
        var e = f.Add(f.Mul(f.Fn("pi"), X), f.Fn("log", f.Number(2)));
        var fn = CompiledFunction.Compile([e], ["x"]);
        double[][] outputs = [[-1, -1, -1]];
        fn.EvaluateBatch([[1, 2, 3]], outputs, 2);
        Assert.Equal([Math.PI + Math.Log(2), Math.PI * 2 + Math.Log(2), -1], outputs[0]);
    }

    [Fact]
    public void Compiled_function_checks_its_arguments()
    {
        var fn = CompiledFunction.Compile([f.Mul(X, Y)], ["x", "y"]);
        Assert.Equal<string>(["x", "y"], fn.Variables);
        Assert.Single(fn.Outputs);
        Assert.Throws<ArgumentException>(() => fn.Evaluate(1.0));
        Assert.Throws<ArgumentException>(() => fn.EvaluateBatch([[1.0, 2.0], [1.0]]));
        Assert.Throws<ArgumentException>(() => fn.EvaluateBatch([[1.0], [1.0]], [new double[1]], 2));
        Assert.Throws<ArgumentException>(() => Interpreter.Evaluate(fn.Program, [1.0, 2.0, 3.0]));
    }
}
