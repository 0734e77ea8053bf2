using System.Collections.Immutable;

namespace SymDiff.Tensors;

/// <summary>
/// An independent source of derivatives of vector/matrix functions, such as PyTorch's autograd on real tensors.
/// The core library only defines the contract, so that users who want symbolic derivatives never load libtorch.
/// </summary>
public interface ITensorAutogradOracle
{
    /// <summary>The device that computed the values ("cpu", "cuda:0").</summary>
    string Device { get; }

    /// <summary>
    /// The derivative of <paramref name="function"/> (the function as written: built by a factory that does not
    /// simplify) with respect to each of <paramref name="variables"/> at <paramref name="values"/>, in float64.
    /// For a scalar function each result is the gradient, with the variable's shape; for a vector or matrix function
    /// it is the Jacobian flattened row-major into a matrix of function.Shape.Size rows and variable.Shape.Size
    /// columns (PyTorch's jacobian, reshaped).
    /// </summary>
    ImmutableDictionary<string, TensorValue> Derivatives(TensorExpr function, IReadOnlyDictionary<string, TensorValue> values, IReadOnlyList<string> variables);

    /// <summary>
    /// The second derivative of scalar <paramref name="function"/> (the function as written) with respect to
    /// <paramref name="first"/> then <paramref name="second"/> at <paramref name="values"/>: a matrix of
    /// first.Size rows and second.Size columns (PyTorch's Hessian block, by differentiating the gradient again).
    /// </summary>
    TensorValue SecondDerivative(TensorExpr function, IReadOnlyDictionary<string, TensorValue> values, string first, string second);
}
