using SymDiff.Syntax;
using SymDiff.Tensors;
using Xunit;

namespace SymDiff.Tests.Tensors;

/// <summary>
/// Review 9 #11: the tool printed <c>d/dX = I</c> for trace(X), but the same text as a claim was refused. Every
/// derivative the README's "Vectors and matrices" section and the golden tests print, read back as a claim
/// (<see cref="TensorBinder.BindClaim"/>, I sized from the derivative's shape), has the derivative's values.
/// </summary>
public class ClaimRoundTripTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        // README, "Vectors and matrices".
        { "sum((W@x + b - y)^2)", "W=3x2, x=2, b=3, y=3", "W,x,b,y" },
        { "0.5*x@A@x", "x=2, A=2x2", "x,A" },
        { "mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)", "X=4x3, W1=5x3, b1=5, W2=2x5, b2=2, Y=4x2", "X,W1,b1,W2,b2" },
        { "tanh(W@x)", "W=3x2, x=2", "x" },
        // Golden matrix notation (TensorGradProcessTests), and the review's own cases.
        { "W@x", "W=3x2, x=2", "x" },
        { "sin(x)", "x=3", "x" },
        { "softmax(z)", "z=3", "z" },
        { "norm(A@x - y)^2", "A=3x2, x=2, y=3", "x" },
        { "trace(A@X.T@B@X@C)", "A=3x3, X=3x3, B=3x3, C=3x3", "X" },
        { "trace(X)", "X=3x3", "X" },
        { "x/norm(x)", "x=3", "x" },
        { "log_softmax(z)", "z=4", "z" },
        { "sum(diag(A))", "A=3x3", "A" },
        { "logdet(X.T@X)", "X=3x2", "X" },
        { "-sum(Y*log_softmax(X@W.T + b))/2", "X=2x3, W=3x3, b=3, Y=2x3", "W,b" },
        { "x[1]*x[2] + sum(X[0]*x)", "x=3, X=2x3", "x,X" },
        { "sum(softmax(X, 0)*Y) + sum(mean(X, 1))", "X=2x3, Y=2x3", "X" },
        { "A@x + x", "A=3x3, x=3", "x" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_printed_derivative_read_back_as_a_claim_has_the_derivative_s_values(string text, string shapeText, string wrt)
    {
        var shapes = ParseShapes(shapeText);
        var r = MatrixFunction.Parse(text, shapes);
        Assert.True(r.Value is not null, r.Render());
        var f = r.Value!;
        var values = shapes.ToDictionary(p => p.Key, p => Random(p.Value, p.Key.GetHashCode(StringComparison.Ordinal) & 0xffff));
        foreach (var v in wrt.Split(','))
        {
            TensorExpr derivative;
            if (f.Shape.IsScalar) derivative = f.Gradient(v);
            else if (!f.TryJacobian(v, out var j, out _)) continue;
            else derivative = j!;
            var printed = derivative.ToString();
            var parsed = Parser.ParseSyntax(printed);
            Assert.True(parsed.Syntax is not null, $"{text}: d/d{v} = {printed} does not parse: {string.Join("; ", parsed.Diagnostics)}");
            var truth = TensorInterpreter.Evaluate(derivative, values);
            var claim = TensorBinder.BindClaim(parsed.Syntax!, parsed.Text, shapes, new TensorFactory(simplifying: false), truth.Shape.IsScalar ? null : truth.Shape);
            Assert.True(claim.Success, $"{text}: d/d{v} = {printed}: {string.Join("; ", claim.Diagnostics.Select(d => d.Message))}");
            var back = TensorInterpreter.Evaluate(claim.Value!, values);
            var expected = truth.Shape == back.Shape ? truth.Data : [.. Enumerable.Repeat(truth.Data[0], back.Data.Length)];
            for (var k = 0; k < back.Data.Length; k++)
                Assert.True(Math.Abs(back.Data[k] - expected[k]) <= 1e-12 * (1 + Math.Abs(expected[k])), $"{text}: d/d{v} = {printed}: entry {k}: {back.Data[k]} vs {expected[k]}");
        }
    }

    [Fact]
    public void I_takes_the_derivative_s_size_and_is_refused_where_it_is_unclear()
    {
        var shapes = ParseShapes("X=3x3, W=3x2, x=2");
        TensorBindResult Bind(string claim, Shape? expected)
        {
            var parsed = Parser.ParseSyntax(claim);
            return TensorBinder.BindClaim(parsed.Syntax!, parsed.Text, shapes, new TensorFactory(simplifying: false), expected);
        }
        Assert.Equal(Shape.Matrix(3, 3), Bind("I", Shape.Matrix(3, 3)).Value!.Shape);
        Assert.Equal(Shape.Matrix(2, 2), Bind("2*I", Shape.Matrix(2, 2)).Value!.Shape);
        Assert.Equal(Shape.Matrix(3, 2), Bind("I@W", null).Value!.Shape);
        Assert.Equal(Shape.Matrix(3, 3), Bind("X + I", null).Value!.Shape);
        // 1:1: error SD1265: I: the size of the identity matrix I is not clear here: 2x2 or 3x3
        var unclear = Assert.Single(Bind("I", null).Diagnostics);
        Assert.Equal((DiagnosticCode.IdentitySize, "I: the size of the identity matrix I is not clear here: 2x2 or 3x3"), (unclear.Code, unclear.Message));
        var none = Assert.Single(Bind("I", Shape.Vector(2)).Diagnostics);
        Assert.Equal("I: no size of the identity matrix I fits here (the derivative is a vector of 2)", none.Message);
        // A variable named I is that variable.
        var own = new Dictionary<string, Shape>(shapes) { ["I"] = Shape.Vector(2) };
        var parsedI = Parser.ParseSyntax("I");
        Assert.IsType<TensorVariable>(TensorBinder.BindClaim(parsedI.Syntax!, parsedI.Text, own, new TensorFactory(), Shape.Vector(2)).Value);
    }

    private static Dictionary<string, Shape> ParseShapes(string text) => text.Split(',').Select(p => p.Split('='))
        .ToDictionary(p => p[0].Trim(), p => Shape.FromDimensions([.. p[1].Trim().Split('x').Select(int.Parse)]), StringComparer.Ordinal);

    private static TensorValue Random(Shape shape, int seed)
    {
        var random = new Random(seed);
        var data = new double[shape.Size];
        for (var i = 0; i < data.Length; i++) data[i] = Math.Round(random.NextDouble() * 2 - 1, 3) + (shape.IsMatrix && i % (shape.Columns + 1) == 0 ? 2 : 0.1);
        return new TensorValue(shape, data);
    }
}
