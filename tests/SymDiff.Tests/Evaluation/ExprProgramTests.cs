using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Tests.Evaluation;

public class ExprProgramTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Shared_subtree_is_lowered_once(bool intern)
    {
        var f = new ExprFactory(intern);
        var x = f.Symbol("x");
        var sin = f.Fn("sin", x);
        // x, sin(x), sin(x)^2 (the exponent is an immediate), the sum.
        var program = ExprProgram.Lower(f.Add(f.Pow(sin, 2), f.Fn("sin", f.Symbol("x"))), ["x"]);
        Assert.Equal(4, program.InstructionCount);
    }

    [Fact]
    public void Listing_of_2_x_cos_x_squared()
    {
        var f = new ExprFactory();
        var x = f.Symbol("x");
        var program = ExprProgram.Lower(f.Mul(f.Number(2), x, f.Fn("cos", f.Pow(x, 2))), ["x"]);
        Assert.Equal(
            """
            %0 = const 2
            %1 = input 0
            %2 = pow %1 2
            %3 = call cos %2
            %4 = mul %0 %1 %3
            return %4
            """.ReplaceLineEndings("\n"),
            program.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Outputs_share_one_program(bool intern)
    {
        // f = sin(x)*y and its partials cos(x)*y and sin(x): 6 distinct nodes, not 3 programs.
        var f = new ExprFactory(intern);
        var (x, y) = (f.Symbol("x"), f.Symbol("y"));
        Expr[] outputs = [f.Mul(f.Fn("sin", x), y), f.Mul(f.Fn("cos", x), y), f.Fn("sin", x)];
        var program = ExprProgram.Lower(outputs, ["x", "y"]);
        Assert.Equal(6, program.InstructionCount);
        Assert.Equal(program.OutputSlots[2], program.Instructions.ToList().FindIndex(i => i.Function?.Name == "sin"));
        var values = EvalAssert.ValuesAt(outputs, ("x", 0.5), ("y", 3));
        Assert.Equal([Math.Sin(0.5) * 3, Math.Cos(0.5) * 3, Math.Sin(0.5)], values);
    }

    [Fact]
    public void Inputs_follow_the_given_order_and_may_be_unused()
    {
        var f = new ExprFactory();
        var program = ExprProgram.Lower(f.Sub(f.Symbol("a"), f.Symbol("b")), ["unused", "b", "a"]);
        Assert.Equal<string>(["unused", "b", "a"], program.Variables);
        Assert.Equal([7.0], Interpreter.Evaluate(program, [100, 3, 10]));
    }

    [Fact]
    public void Unlisted_variables_are_named()
    {
        // no value for variables 'y', 'z'
        var f = new ExprFactory();
        var e = f.Mul(f.Symbol("x"), f.Symbol("z"), f.Symbol("y"));
        var error = Assert.Throws<MissingBindingException>(() => ExprProgram.Lower(e, ["x"]));
        Assert.Equal("no value for variables 'y', 'z'", error.Message);
        Assert.Equal<string>(["y", "z"], error.Variables);
        Assert.Throws<MissingBindingException>(() => CompiledFunction.Compile([e], ["x", "y"]));
    }

    [Fact]
    public void A_variable_listed_twice_is_a_programmer_error()
    {
        var f = new ExprFactory();
        Assert.Throws<ArgumentException>(() => ExprProgram.Lower(f.Symbol("x"), ["x", "x"]));
    }

    [Fact]
    public void Constant_program_has_no_inputs()
    {
        var f = new ExprFactory();
        var e = f.Add(f.Fn("pi"), f.Fn("log", f.Number(2)));
        var program = ExprProgram.Lower(e, []);
        Assert.Equal(Math.PI + Math.Log(2), Interpreter.Evaluate(program, [])[0]);
        Assert.Equal(Math.PI + Math.Log(2), CompiledFunction.Compile(program).Evaluate()[0]);
        // With no input columns there are no points to count.
        Assert.Empty(CompiledFunction.Compile(program).EvaluateBatch([])[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Deep_nested_sine_lowers_and_evaluates_without_stack_overflow(bool intern)
    {
        const int depth = 3000;
        var f = new ExprFactory(intern);
        var e = f.Symbol("x");
        for (var i = 0; i < depth; i++) e = f.Fn("sin", e);
        Assert.Equal(depth + 1, e.Depth);

        var expected = 0.7;
        for (var i = 0; i < depth; i++) expected = Math.Sin(expected);
        var program = ExprProgram.Lower(e, ["x"]);
        Assert.Equal(depth + 1, program.InstructionCount);
        EvalAssert.AssertSame(expected, EvalAssert.ValueAt(e, ("x", 0.7)), "sin nested 3000 deep");
    }

    [Fact]
    public void Deep_sine_of_x_plus_one_evaluates_without_stack_overflow()
    {
        // sin(sin(...sin(x + 1)... + 1) + 1): depth 6001.
        var f = new ExprFactory();
        var e = f.Symbol("x");
        for (var i = 0; i < 3000; i++) e = f.Fn("sin", f.Add(e, f.One));

        var expected = 0.25;
        for (var i = 0; i < 3000; i++) expected = Math.Sin(1 + expected);
        EvalAssert.AssertSame(expected, Evaluator.Evaluate(e, new Dictionary<string, double> { ["x"] = 0.25 }), "evaluator");
        EvalAssert.AssertSame(expected, EvalAssert.ValueAt(e, ("x", 0.25)), "all routes");
    }
}
