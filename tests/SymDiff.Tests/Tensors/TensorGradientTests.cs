using SymDiff.Numbers;
using SymDiff.Tensors;
using Xunit;

namespace SymDiff.Tests.Tensors;

public class TensorGradientTests
{
    private readonly TensorFactory _f = new();
    private TensorExpr W => _f.Variable("W", Shape.Matrix(3, 2));
    private TensorExpr X => _f.Variable("x", Shape.Vector(2));
    private TensorExpr B => _f.Variable("b", Shape.Vector(3));
    private TensorExpr Y => _f.Variable("y", Shape.Vector(3));
    private TensorExpr A => _f.Variable("A", Shape.Matrix(2, 2));

    private TensorExpr SquaredError() =>
        _f.Apply(TensorOp.Sum, _f.Power(_f.Subtract(_f.Add(_f.MatMul(W, X), B), Y), _f.Number(2)));

    [Fact]
    public void Least_squares_gradients_print_as_the_textbook()
    {
        var g = TensorGradient.Of(_f, SquaredError(), ["W", "b", "x", "y"]);
        Assert.Equal("2*outer(W@x + b - y, x)", g["W"].ToString());
        Assert.Equal("2*(W@x + b - y)", g["b"].ToString());
        Assert.Equal("2*W.T@(W@x + b - y)", g["x"].ToString());
        Assert.Equal("-2*(W@x + b - y)", g["y"].ToString());
    }

    [Fact]
    public void Quadratic_form_gradient_is_half_A_plus_A_transpose()
    {
        var quadratic = _f.MatMul(_f.MatMul(_f.Multiply(Rational.Half, X), A), X);
        Assert.Equal("0.5*(A + A.T)@x", TensorGradient.Of(_f, quadratic, ["x"])["x"].ToString());
    }

    [Fact]
    public void The_printed_gradient_does_not_depend_on_the_sizes()
    {
        var big = new TensorFactory();
        var w = big.Variable("W", Shape.Matrix(512, 784));
        var x = big.Variable("x", Shape.Vector(784));
        var loss = big.Apply(TensorOp.Sum, big.Power(big.Subtract(big.Add(big.MatMul(w, x), big.Variable("b", Shape.Vector(512))),
            big.Variable("y", Shape.Vector(512))), big.Number(2)));
        Assert.Equal(TensorGradient.Of(_f, SquaredError(), ["W"])["W"].ToString(), TensorGradient.Of(big, loss, ["W"])["W"].ToString());
    }

    [Fact]
    public void A_variable_the_function_does_not_use_has_gradient_zero()
    {
        Assert.Equal("0", TensorGradient.Of(_f, SquaredError(), ["A"])["A"].ToString());
    }

    [Fact]
    public void A_vector_function_has_no_gradient()
    {
        Assert.Throws<ShapeException>(() => TensorGradient.Of(_f, _f.MatMul(W, X), ["x"]));
    }
}
