using SymDiff.Functions;
using SymDiff.Tensors;
using Xunit;

namespace SymDiff.Tests.Tensors;

// Each operation's adjoint rule against finite differences of the function as written: the loss is
// sum(op(...) * R) with a fixed random R, so the incoming adjoint is not all ones.
public class TensorRuleTests
{
    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["A"] = Shape.Matrix(3, 3), ["B"] = Shape.Matrix(3, 3), ["M"] = Shape.Matrix(2, 3), ["N"] = Shape.Matrix(3, 4),
        ["u"] = Shape.Vector(3), ["v"] = Shape.Vector(3), ["w"] = Shape.Vector(2), ["s"] = Shape.Scalar,
    };

    public static TheoryData<string> Cases() =>
    [
        "M@N", "M@u", "w@M", "u@v", "A.T", "u + v", "M - u", "M*u", "u/v", "u^2", "s*u", "(u^2 + 1)^s",
        "sum(M)", "mean(N)", "dot(u, v)", "outer(u, w)", "norm(M)", "trace(A)", "det(A)", "logdet(A@A.T + B@B.T)",
        "inv(A)", "diag(u)", "diag(A)", "transpose(M)", "softmax(u)", "softmax(M)", "log_softmax(u)", "log_softmax(N)",
        "logsumexp(u)", "logsumexp(M)", "[s, 2*s, s^2]", "[u, v]", "sin(M)", "tanh(M@u)", "max(u, v)", "atan2(u, v)",
        "sigmoid(M)*softplus(M)", "exp(-u^2)", "sqrt(u^2 + 1)", "log(1 + exp(M@N))",
        // Review 9 #3: indexing, 0-based and negative from the end, as PyTorch.
        // Review 9 #20: a dimension argument, as PyTorch's.
        "mean(M, 0)", "mean(M, -1)", "mean(u, 0)", "softmax(M, 0)", "softmax(M, 1)", "log_softmax(N, 0)", "logsumexp(M, 0)", "logsumexp(u, -1)",
        "u[1]", "u[-1]*u[0]", "M[1]", "M[0, 2]", "M[-1, -2]^2", "[u[2], u[0]]", "(M@u)[1]", "N.T[3]", "M[0] + M[1]",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_of_every_operation_matches_finite_differences(string text)
    {
        var factory = new TensorFactory();
        var written = Rebind(text, new TensorFactory(simplifying: false));
        var canonical = Rebind(text, factory);
        var weights = Random(written.Shape, 99);
        var r = factory.Variable("R", written.Shape);
        var loss = factory.Apply(TensorOp.Sum, written.Shape.IsScalar ? factory.Multiply(canonical, r) : factory.Multiply(canonical, r));
        var writtenLoss = new TensorFactory(simplifying: false);
        var wl = writtenLoss.Apply(TensorOp.Sum, writtenLoss.Multiply(Rebind(text, writtenLoss), writtenLoss.Variable("R", written.Shape)));
        var values = Values(written, weights);
        var variables = written.FreeVariables.ToList();
        var gradients = TensorGradient.Of(factory, loss, variables);
        foreach (var v in variables)
        {
            var symbolic = TensorInterpreter.Evaluate(gradients[v], values);
            var (numeric, _) = TensorFiniteDifferences.Gradient(wl, values, v);
            for (var k = 0; k < numeric.Data.Length; k++)
            {
                var s = symbolic.Shape.IsScalar ? symbolic.Data[0] : symbolic.Data[k];
                Assert.True(Math.Abs(s - numeric.Data[k]) <= 1e-6 * (1 + Math.Abs(numeric.Data[k])),
                    $"{text}: d/d{v}{TensorValue.IndexText(values[v].Shape, k)} symbolic {s}, numeric {numeric.Data[k]} ({gradients[v]})");
            }
        }
    }

    private static TensorExpr Rebind(string text, TensorFactory f)
    {
        var parsed = SymDiff.Syntax.Parser.ParseSyntax(text);
        Assert.True(parsed.Syntax is not null, string.Join("; ", parsed.Diagnostics));
        var bound = TensorBinder.Bind(parsed.Syntax!, parsed.Text, Shapes, f);
        Assert.True(bound.Success, string.Join("; ", bound.Diagnostics));
        return bound.Value!;
    }

    private static Dictionary<string, TensorValue> Values(TensorExpr f, TensorValue weights)
    {
        var values = new Dictionary<string, TensorValue>(StringComparer.Ordinal) { ["R"] = weights };
        var seed = 1;
        foreach (var v in f.FreeVariables) values[v] = Random(Shapes[v], seed++);
        return values;
    }

    private static TensorValue Random(Shape shape, int seed)
    {
        var random = new Random(seed);
        var data = new double[shape.Size];
        for (var i = 0; i < data.Length; i++) data[i] = Math.Round(random.NextDouble() * 3 - 1.5, 3) + 0.05;
        return new TensorValue(shape, data);
    }
}
