using System.Linq.Expressions;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Tests.Evaluation;

public class CompilerTests
{
    [Fact]
    public void A_chain_needs_one_local_whatever_its_length()
    {
        // x, sin(x), sin(sin(x)), ...: each value dies at the next instruction, so its local is reused.
        var f = new ExprFactory();
        var e = f.Symbol("x");
        for (var i = 0; i < 500; i++) e = f.Fn("sin", e);
        var tree = Compiler.BuildPoint(ExprProgram.Lower(e, ["x"]));
        Assert.Single(((BlockExpression)tree.Body).Variables);
    }

    [Fact]
    public void Outputs_and_shared_values_keep_their_locals()
    {
        // sin(x) is read by three later instructions and is itself an output.
        var f = new ExprFactory();
        var (x, y) = (f.Symbol("x"), f.Symbol("y"));
        var s = f.Fn("sin", x);
        Expr[] outputs = [f.Add(f.Mul(s, y), f.Fn("exp", s)), s, f.Mul(f.Fn("cos", x), f.Pow(s, 2))];
        var values = EvalAssert.ValuesAt(outputs, ("x", 0.3), ("y", -2));
        var sin = Math.Sin(0.3);
        Assert.Equal([sin * -2 + Math.Exp(sin), sin, Math.Cos(0.3) * Math.Pow(sin, 2)], values);
    }

    [Fact]
    public void Batch_of_zero_points_writes_nothing()
    {
        var f = new ExprFactory();
        var fn = CompiledFunction.Compile([f.Fn("log", f.Symbol("x"))], ["x"]);
        double[][] outputs = [[42.0]];
        fn.EvaluateBatch([[1.0]], outputs, 0);
        Assert.Equal(42.0, outputs[0][0]);
    }
}
