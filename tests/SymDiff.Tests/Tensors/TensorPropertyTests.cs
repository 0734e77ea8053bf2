using SymDiff.Syntax;
using SymDiff.Tensors;

namespace SymDiff.Tests.Tensors;

/// <summary>
/// Property tests over random well-shaped tensor expressions and random sizes: the gradient in matrix notation
/// agrees with finite differences of the function as written, and the printed gradient parses back to the same values.
/// </summary>
public class TensorPropertyTests
{
    private const int Cases = 250;

    [Fact]
    public void Random_expressions_gradients_match_finite_differences_and_print_back()
    {
        var failures = new List<string>();
        var judged = 0;
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var (m, n) = (random.Next(1, 4), random.Next(1, 4));
            var shapes = new Dictionary<string, Shape>
            {
                ["A"] = Shape.Matrix(m, n), ["B"] = Shape.Matrix(n, m), ["u"] = Shape.Vector(n), ["v"] = Shape.Vector(m), ["s"] = Shape.Scalar,
            };
            var generator = new ExpressionGenerator(random, m, n);
            var text = generator.Scalar(3);
            var parsed = Parser.ParseSyntax(text);
            Assert.True(parsed.Syntax is not null, $"{text}: {string.Join("; ", parsed.Diagnostics)}");
            var written = TensorBinder.Bind(parsed.Syntax!, text, shapes, new TensorFactory(simplifying: false));
            Assert.True(written.Success, $"{text}: {string.Join("; ", written.Diagnostics)}");
            var factory = new TensorFactory();
            var canonical = TensorBinder.Bind(parsed.Syntax!, text, shapes, factory).Value!;
            var values = shapes.ToDictionary(p => p.Key, p => RandomValue(p.Value, random));
            Assert.True(written.Value!.Shape.IsScalar, $"{text} is {written.Value.Shape.Describe()}");
            if (!double.IsFinite(TensorInterpreter.Evaluate(written.Value!, values).AsScalar)) continue;
            var variables = written.Value!.FreeVariables.ToList();
            var gradients = TensorGradient.Of(factory, canonical, variables);
            foreach (var v in variables)
            {
                var symbolic = Fill(TensorInterpreter.Evaluate(gradients[v], values), shapes[v]);
                var (numeric, error) = TensorFiniteDifferences.Gradient(written.Value!, values, v);
                if (error > 1e-5 || numeric.Data.Any(d => !double.IsFinite(d))) continue;
                judged++;
                for (var k = 0; k < numeric.Data.Length; k++)
                    if (!(Math.Abs(symbolic.Data[k] - numeric.Data[k]) <= 1e-6 * (1 + Math.Abs(numeric.Data[k]))))
                    {
                        failures.Add($"{text}: d/d{v}{TensorValue.IndexText(shapes[v], k)} = {gradients[v]}: symbolic {symbolic.Data[k]}, numeric {numeric.Data[k]}");
                        break;
                    }
                // The printed gradient is input SymDiff reads back, with the same values (I, x[i] and keepdim sums are
                // print-only: Jacobians, lists and m x 1 broadcasts).
                if (!ReadsBack(gradients[v])) continue;
                var printed = gradients[v].ToString();
                var reparsed = Parser.ParseSyntax(printed);
                Assert.True(reparsed.Syntax is not null, $"{printed} does not parse: {string.Join("; ", reparsed.Diagnostics)}");
                var rebound = TensorBinder.Bind(reparsed.Syntax!, printed, shapes, new TensorFactory(simplifying: false));
                Assert.True(rebound.Success, $"{printed}: {string.Join("; ", rebound.Diagnostics)}");
                var again = Fill(TensorInterpreter.Evaluate(rebound.Value!, values), shapes[v]);
                for (var k = 0; k < again.Data.Length; k++)
                    Assert.True(Math.Abs(again.Data[k] - symbolic.Data[k]) <= 1e-9 * (1 + Math.Abs(symbolic.Data[k])), $"{printed} reads back as other values");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.True(judged >= Cases, $"only {judged} gradients were judged");
    }

    private static bool ReadsBack(TensorExpr e) => !TensorGradient.PostOrder(e).Any(n =>
        n is TensorIdentity or TensorIndex || n is TensorSumTo { Shape.IsMatrix: true });

    private static TensorValue Fill(TensorValue value, Shape shape) =>
        value.Shape == shape ? value : TensorValue.Filled(shape, value.AsScalar);

    private static TensorValue RandomValue(Shape shape, Random random)
    {
        var data = new double[shape.Size];
        for (var i = 0; i < data.Length; i++) data[i] = Math.Round(random.NextDouble() * 2 - 1, 3);
        return new TensorValue(shape, data);
    }

    // Well-shaped expressions by construction, over A (m x n), B (n x m), u (n), v (m) and s.
    private sealed class ExpressionGenerator(Random random, int m, int n)
    {
        private static readonly string[] Smooth = ["sin", "cos", "tanh", "sigmoid", "softplus", "atan", "exp"];

        private string Pick(params string[] options) => options[random.Next(options.Length)];
        private string F() => Smooth[random.Next(Smooth.Length)];

        public string Scalar(int depth) => depth <= 0 ? Pick("s", "sum(A)", "dot(u, u)")
            : random.Next(9) switch
            {
                0 => $"sum({MatrixMN(depth - 1)})",
                1 => $"mean({VectorN(depth - 1)})",
                2 => $"dot({VectorM(depth - 1)}, v)",
                3 => $"norm({VectorN(depth - 1)} + 2)",
                4 => $"trace({SquareM(depth - 1)})",
                5 => $"logsumexp({VectorM(depth - 1)})",
                6 => $"{F()}({Scalar(depth - 1)})",
                7 => $"({Scalar(depth - 1)})*({Scalar(depth - 1)})",
                _ => $"v@({MatrixMN(depth - 1)})@u",
            };

        private string VectorN(int depth) => depth <= 0 ? Pick("u", "B@v", "A.T@v")
            : random.Next(7) switch
            {
                0 => $"{F()}({VectorN(depth - 1)})",
                1 => $"({MatrixNM(depth - 1)})@({VectorM(depth - 1)})",
                2 => $"({VectorN(depth - 1)} - {VectorN(depth - 1)})",
                3 => $"({Scalar(depth - 1)})*({VectorN(depth - 1)})",
                4 => $"softmax({VectorN(depth - 1)})",
                5 => $"({VectorN(depth - 1)})*({VectorN(depth - 1)})",
                _ => $"({VectorM(depth - 1)})@({MatrixMN(depth - 1)})",
            };

        private string VectorM(int depth) => depth <= 0 ? Pick("v", "A@u", "B.T@u")
            : random.Next(5) switch
            {
                0 => $"{F()}({VectorM(depth - 1)})",
                1 => $"({MatrixMN(depth - 1)})@({VectorN(depth - 1)})",
                2 => $"({VectorM(depth - 1)} + {Scalar(depth - 1)})",
                3 => $"log_softmax({VectorM(depth - 1)})",
                _ => $"({VectorM(depth - 1)})/(1 + ({VectorM(depth - 1)})^2)",
            };

        private string MatrixMN(int depth) => depth <= 0 ? Pick("A", "B.T", "outer(v, u)")
            : random.Next(6) switch
            {
                0 => $"{F()}({MatrixMN(depth - 1)})",
                1 => $"({SquareM(depth - 1)})@({MatrixMN(depth - 1)})",
                2 => $"({MatrixMN(depth - 1)} + {VectorN(depth - 1)})",
                3 => $"({MatrixNM(depth - 1)}).T",
                4 => $"outer({VectorM(depth - 1)}, {VectorN(depth - 1)})",
                _ => $"softmax({MatrixMN(depth - 1)})*({MatrixMN(depth - 1)})",
            };

        private string MatrixNM(int depth) => depth <= 0 ? Pick("B", "A.T") : $"transpose({MatrixMN(depth - 1)})";

        private string SquareM(int depth) => depth <= 0 ? Pick("A@B", "outer(v, v)")
            : random.Next(3) switch
            {
                0 => $"({MatrixMN(depth - 1)})@({MatrixNM(depth - 1)})",
                1 => $"diag({VectorM(depth - 1)})",
                _ => $"inv(({MatrixMN(depth - 1)})@({MatrixNM(depth - 1)}) + {m + n + 3}*diag(v*v + 1))",
            };
    }
}
