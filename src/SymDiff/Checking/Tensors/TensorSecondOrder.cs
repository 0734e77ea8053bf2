using System.Collections.Immutable;
using SymDiff.Tensors;

namespace SymDiff.Checking.Tensors;

/// <summary>
/// Second derivatives of a scalar vector/matrix function (the blocks of its Hessian): for each pair of variables,
/// the derivative of one gradient with respect to the other variable, in matrix notation where it has two indices
/// or fewer (<c>d2/dx2 0.5*x@A@x = 0.5*(A + A.T)</c>), checked against autograd (the gradient differentiated
/// again) and second differences of the function as written.
/// </summary>
public static class TensorSecondOrder
{
    /// <summary>The pairs checked: each variable with itself and with each later one, as the scalar Hessian lists them.</summary>
    public static IEnumerable<(string First, string Second)> Pairs(IReadOnlyList<string> wrt) =>
        wrt.SelectMany((v, i) => wrt.Skip(i).Select(w => (v, w)));

    public static TensorCheckResult Run(string input, TensorExpr written, TensorExpr canonical, TensorFactory factory, TensorPoint point,
        IReadOnlyList<string> wrt, Tolerance tolerance, ITensorAutogradOracle? oracle)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(point);
        var notes = ImmutableArray.CreateBuilder<string>();
        var facts = TensorPointNotes.Of(written, point.Values);
        var value = facts.Value;
        var pairs = Pairs(wrt).ToList();
        var gradients = TensorGradient.Of(factory, canonical, wrt);
        var derivatives = ImmutableArray.CreateBuilder<TensorDerivative>();
        var status = CaseStatus.Pass;
        if (facts.Undefined is { } why)
        {
            notes.Add($"the function as written has no value here: {why}");
            status = CaseStatus.Undefined;
        }
        notes.AddRange(facts.Kinks);
        foreach (var (v, w) in pairs)
        {
            var label = v == w ? $"d2/d{v}2" : $"d2/d{v}d{w}";
            var (expression, noNotation) = Notation(factory, gradients, point, v, w);
            var key = $"{v},{w}";
            var shape = Shape.Matrix(point.Shapes[v].Size, point.Shapes[w].Size);
            if (status == CaseStatus.Undefined && facts.Undefined is not null)
            {
                derivatives.Add(new TensorDerivative(key, true, expression is null ? null : TensorFormatter.Format(expression), noNotation,
                    null, null, null, double.NaN, double.NaN, "") { Expression = expression });
                continue;
            }
            var sym = expression is null ? null : TensorInterpreter.Evaluate(expression, point.Values).FitTo(shape);
            TensorValue? auto = null;
            try
            {
                auto = oracle?.SecondDerivative(written, point.Values, v, w);
            }
            catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException)
            {
                notes.Add($"autograd could not run here: {e.Message.Split('\n')[0]}");
            }
            var (numeric, error) = TensorFiniteDifferences.SecondDerivative(written, point.Values, v, w);
            var compared = sym ?? numeric;
            var reference = auto ?? numeric;
            var (abs, rel, worst) = TensorCheck.Compare(compared, reference, compared.Shape.Dimensions,
                (auto is null || sym is null ? Tolerance.FiniteDifference : tolerance).Absolute);
            // Second differences carry their own error: where they stand in for one side, compare with their tolerance.
            var agrees = TensorCheck.Agrees(compared, reference, auto is null || sym is null ? Tolerance.FiniteDifference : tolerance);
            if (!agrees)
            {
                var symbolicRight = sym is not null && TensorCheck.Agrees(sym, numeric, Tolerance.FiniteDifference);
                var autogradRight = auto is not null && TensorCheck.Agrees(auto, numeric, Tolerance.FiniteDifference);
                if (sym is not null && sym.Data.Any(d => !double.IsFinite(d)) || !facts.Kinks.IsEmpty)
                {
                    notes.Add($"{label}: no finite second derivative at {worst} (a kink or the end of a domain)");
                    if (status == CaseStatus.Pass) status = CaseStatus.Undefined;
                }
                else if (autogradRight && !symbolicRight || sym is null) status = CaseStatus.Fail;
                else if (!symbolicRight)
                {
                    notes.Add($"{label}: the notation, autograd and second differences disagree at {worst}: inconclusive (difference error {error:0.#e+0})");
                    if (status == CaseStatus.Pass) status = CaseStatus.Undefined;
                }
                else notes.Add($"{label}: autograd differs at {worst}; second differences of the function as written agree with the notation");
            }
            if (noNotation is not null) notes.Add($"{label}: {noNotation}; checked numerically only");
            derivatives.Add(new TensorDerivative(key, true, expression is null ? null : TensorFormatter.Format(expression), noNotation,
                sym, auto, numeric, abs, rel, worst) { Expression = expression });
        }
        return new TensorCheckResult(input, point, written.Shape, value, derivatives.ToImmutable(), status, notes.ToImmutable(), oracle?.Device)
        {
            Canonical = canonical,
            Order = 2,
        };
    }

    // d/dw of the gradient by v: a Jacobian (vector gradient, vector w), a gradient (scalar gradient), or, for a
    // scalar w, the transpose view d/dv of the (scalar) gradient by w; none where an index would be left over.
    private static (TensorExpr? Expression, string? Why) Notation(TensorFactory f, ImmutableDictionary<string, TensorExpr> gradients,
        TensorPoint point, string v, string w)
    {
        var (sv, sw) = (point.Shapes[v], point.Shapes[w]);
        if (sv.IsMatrix || sw.IsMatrix)
            return (null, $"the second derivative by {(sv.IsMatrix ? v : w)}, a matrix, has more than two indices, more than matrix notation shows");
        try
        {
            if (sv.IsScalar) return (TensorGradient.Of(f, gradients[v], [w])[w], null);
            if (sw.IsScalar) return (TensorGradient.Of(f, gradients[w], [v])[v], null);
            var variable = (TensorVariable)f.Variable(w, sw);
            return TensorJacobian.TryOf(f, gradients[v], variable);
        }
        catch (Exception e) when (e is NotSupportedException or ShapeException)
        {
            return (null, e.Message);
        }
    }
}
