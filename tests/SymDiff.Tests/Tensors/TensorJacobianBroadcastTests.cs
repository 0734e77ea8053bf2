using SymDiff.Checking;
using SymDiff.Checking.Tensors;
using SymDiff.Syntax;

namespace SymDiff.Tests.Tensors;

/// <summary>
/// Review 9, finding 4: a vector of 1 broadcast over a vector of n (a single-output bias) in a Jacobian. Every
/// function below, by every variable, has its Jacobian in matrix notation equal to finite differences entry by
/// entry, at several seeds (no autograd).
/// </summary>
public class TensorJacobianBroadcastTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "X@w + b", "X=4x2, w=2, b=1" },
        { "tanh(W@x + b)", "W=3x2, x=2, b=1" },
        { "x*y", "x=3, y=1" },
        { "y*x", "x=3, y=1" },
        { "x/y", "x=3, y=1" },
        { "y/x", "x=3, y=1" },
        { "x - y", "x=3, y=1" },
        { "y - x", "x=3, y=1" },
        { "sin(x*y) + y", "x=3, y=1" },
        { "exp(x)^y", "x=3, y=1" },
        { "softmax(x + y)", "x=3, y=1" },
        { "x*y + b", "x=3, y=1, b=1" },
        { "W@(x*y) + b", "W=2x3, x=3, y=1, b=1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_jacobian_of_a_broadcast_vector_of_one_agrees_with_finite_differences(string function, string shapes)
    {
        var parsed = Parser.ParseSyntax(function);
        foreach (var seed in new[] { 0, 1, 2 })
        {
            var (point, errors) = TensorPoint.Read(null, shapes, parsed.Variables, seed);
            Assert.Empty(errors);
            var (written, canonical, factory, bindErrors) = TensorCheck.Bind(parsed, point!);
            Assert.Empty(bindErrors);
            var r = TensorCheck.Run(function, written!, canonical!, factory, point!, parsed.Variables, Tolerance.Float64, oracle: null);
            // A matrix variable's Jacobian has 3 indices: no notation, checked numerically (autograd is off here).
            foreach (var d in r.Derivatives.Where(d => !point!.Shapes[d.Variable].IsMatrix))
            {
                Assert.True(d.Notation is not null, $"{function} d/d{d.Variable}: {d.NoNotation}");
                Assert.True(TensorCheck.Agrees(d.Symbolic!, d.Numeric!, Tolerance.FiniteDifference),
                    $"{function} d/d{d.Variable} at seed {seed}: {d.Notation} = {d.Symbolic} but finite differences give {d.Numeric}");
            }
            Assert.Equal(CaseStatus.Pass, r.Status);
        }
    }
}
