using System.Collections.Immutable;
using SymDiff.Expressions;

namespace SymDiff.Checking;

/// <summary>
/// An independent source of derivative values, such as PyTorch's autograd. The core library only defines the
/// contract, so that users who want symbolic derivatives alone never load libtorch.
/// </summary>
public interface IAutogradOracle : IDisposable
{
    /// <summary>The device that computed the values, as the backend names it ("cpu", "cuda:0").</summary>
    string Device { get; }

    NumericType NumericType { get; }

    /// <summary>
    /// Derivatives of <paramref name="function"/> at every point in one batch. <paramref name="derivatives"/>
    /// lists the differentiation variables of each derivative (["x"] for d/dx, ["x","y"] for d²/dxdy);
    /// points are rows of values in the order of <paramref name="variables"/>. Returns values[derivative][point].
    /// </summary>
    double[][] Derivatives(Expr function, IReadOnlyList<string> variables,
        IReadOnlyList<ImmutableArray<string>> derivatives, IReadOnlyList<double[]> points);
}
