using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Syntax;

namespace SymDiff.Tests.Evaluation;

/// <summary>
/// Issue 12 (lean check path): finite differences evaluate the written form through <see cref="ProgramRunner"/>,
/// which reruns only what the moved inputs reach. Its values must be bit-for-bit the interpreter's at every point.
/// </summary>
public class ProgramRunnerTests
{
    [Theory]
    [InlineData("(v0*tanh(w0*x+b0)+v1*tanh(w1*x+b1)+c-y)^2")]
    [InlineData("x*y*z + sin(x*y) + exp(y*z) + log(x^2+y^2+z^2)")]
    [InlineData("x/x + relu(y - 1)*abs(z) - 3^2")]
    [InlineData("sin(x^2)")]
    public void Values_are_the_interpreters_bit_for_bit_whatever_moves(string text)
    {
        var parsed = Parser.Parse(text);
        var written = WrittenForm.Lower(parsed.Syntax!, text, parsed.Variables);
        var program = written.Program;
        var random = new Random(12);
        var centre = program.Variables.Select(_ => random.NextDouble() * 2 - 1).ToArray();
        centre[0] = 0; // x/x is NaN at the centre: unmoved slots keep their NaN, moved ones recover
        var runner = new ProgramRunner(program, centre, Interpreter.EvaluateSlots(program, centre));
        for (var trial = 0; trial < 200; trial++)
        {
            var moved = (double[])centre.Clone();
            // Nothing, one or two inputs moved (as the differences move them), sometimes back to the centre.
            for (var k = random.Next(3); k > 0; k--) moved[random.Next(moved.Length)] += trial % 7 == 0 ? 0 : random.NextDouble() * 1e-3 - 5e-4;
            var expected = Interpreter.Evaluate(program, moved)[0];
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(runner.First(moved)));
        }
    }

    [Fact]
    public void More_than_64_inputs_run_every_instruction()
    {
        var f = new ExprFactory();
        var names = Enumerable.Range(0, 70).Select(i => $"x{i}").ToArray();
        var program = ExprProgram.Lower(f.Add(names.Select((n, i) => f.Mul(f.Number(i + 1), f.Fn("sin", f.Symbol(n))))), names);
        var centre = names.Select((_, i) => i / 70.0).ToArray();
        var runner = new ProgramRunner(program, centre, Interpreter.EvaluateSlots(program, centre));
        var moved = (double[])centre.Clone();
        moved[66] += 0.25;
        Assert.Equal(Interpreter.Evaluate(program, moved)[0], runner.First(moved));
        Assert.Equal(Interpreter.Evaluate(program, centre)[0], runner.First(centre));
    }

    [Fact]
    public void A_point_of_the_wrong_length_is_refused()
    {
        var f = new ExprFactory();
        var program = ExprProgram.Lower(f.Symbol("x"), ["x"]);
        var runner = new ProgramRunner(program, [1.0], Interpreter.EvaluateSlots(program, [1.0]));
        Assert.Throws<ArgumentException>(() => runner.First([1.0, 2.0]));
    }
}
