using System.Collections.Immutable;
using SymDiff.Expressions;
using SymDiff.Tensors;

namespace SymDiff.Checking.Tensors;

/// <summary>
/// The backpropagation mistakes that are not a simple transformation of the derivative's value, found by building
/// the derivative the mistake would give and comparing the claim with it at the point where it was shown wrong:
/// a forgotten activation derivative (the gradient with one elementwise call's derivative taken as 1), and a
/// quadratic form differentiated as if its matrix were symmetric (the derivative at the symmetric parts of the
/// square matrices). Only asked for an incorrect claim; each check is one gradient or two evaluations.
/// </summary>
internal static class TensorClaimHints
{
    // Distinct elementwise calls tried, so a deep network costs a bounded number of gradients.
    private const int MaxCalls = 8;

    /// <summary>"missing the derivative of tanh (1 - tanh(u)^2) at tanh(X@W1.T + b1)?", or null.</summary>
    public static string? MissingActivationDerivative(TensorExpr written, string variable, TensorValue claimed,
        IReadOnlyDictionary<string, TensorValue> at)
    {
        if (!written.Shape.IsScalar) return null;
        var calls = TensorGradient.PostOrder(written)
            .OfType<TensorCall>()
            .Where(c => c.Children.Length == 1 && c.Function.Partials[0] is not null && c.DependsOn(variable))
            .Take(MaxCalls)
            .ToList();
        if (calls.Count == 0) return null;
        var values = TensorInterpreter.EvaluateNodes([written], at);
        // One call at a time, then every call of one function at once (both layers' tanh forgotten).
        var candidates = calls.Select(c => (IReadOnlyList<TensorCall>)[c])
            .Concat(calls.GroupBy(c => c.Function.Name).Where(g => g.Count() > 1).Select(g => (IReadOnlyList<TensorCall>)[.. g]));
        foreach (var forgotten in candidates)
        {
            var mistaken = GradientWithUnitDerivative(written, variable, forgotten, values, at);
            if (mistaken is null || TensorClaims.FirstDifference(claimed, mistaken) >= 0) continue;
            var function = forgotten[0].Function;
            var scalar = new ExprFactory();
            var partial = function.Partials[0]!(scalar, [scalar.Symbol("u")]);
            return $"missing the derivative of {function.Name} ({partial}) at {string.Join(" and ", forgotten.Select(c => c.ToString()))}?";
        }
        return null;
    }

    /// <summary>"right only for a symmetric A: the derivative of x@A@x is (A + A.T)@x", or null.</summary>
    public static string? SymmetricAssumption(TensorExpr written, TensorClaim claim, TensorPoint point,
        IReadOnlyDictionary<string, TensorValue> at, Func<string, IReadOnlyDictionary<string, TensorValue>, TensorValue?> truth)
    {
        var square = point.Shapes
            .Where(p => p.Value.IsSquare && p.Value.Rows > 1 && written.DependsOn(p.Key) && at.ContainsKey(p.Key))
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        if (square.Count == 0 || !AgreesWhenSymmetric(square, written, claim, at, truth)) return null;
        // Name the matrices that must be symmetric: each one alone if that suffices, else all of them.
        var alone = square.Where(a => AgreesWhenSymmetric([a], written, claim, at, truth)).ToList();
        var names = alone.Count > 0 ? alone : square;
        if (names.Count == 1 && QuadraticForm(written, names[0], claim.Variable))
            return $"right only for a symmetric {names[0]}: the derivative of {claim.Variable}@{names[0]}@{claim.Variable} is ({names[0]} + {names[0]}.T)@{claim.Variable}";
        return names.Count == 1
            ? $"right only for a symmetric {names[0]} ({names[0]}.T = {names[0]})"
            : $"right only for symmetric {string.Join(", ", names.SkipLast(1))} and {names[^1]} ({string.Join(", ", names.Select(a => $"{a}.T = {a}"))})";
    }

    private static bool AgreesWhenSymmetric(IReadOnlyList<string> matrices, TensorExpr written, TensorClaim claim,
        IReadOnlyDictionary<string, TensorValue> at, Func<string, IReadOnlyDictionary<string, TensorValue>, TensorValue?> truth)
    {
        var symmetric = at.ToDictionary(p => p.Key, p => matrices.Contains(p.Key) ? SymmetricPart(p.Value) : p.Value, StringComparer.Ordinal);
        if (TensorInterpreter.Evaluate(written, symmetric).Data.Any(d => !double.IsFinite(d))) return false;
        var expected = truth(claim.Variable, symmetric);
        if (expected is null || expected.Data.Any(d => !double.IsFinite(d))) return false;
        var claimed = TensorInterpreter.Evaluate(claim.Expression!, symmetric);
        return claimed.Shape == expected.Shape && TensorClaims.FirstDifference(claimed, expected) < 0;
    }

    // (A + A.T)/2.
    private static TensorValue SymmetricPart(TensorValue a)
    {
        var t = TensorKernels.Transpose(a);
        return new TensorValue(a.Shape, [.. a.Data.Select((d, i) => 0.5 * (d + t.Data[i]))]);
    }

    // Whether the function contains x@A@x (either grouping, scalar factors aside: 0.5*x@A@x) for the vector x and the matrix A.
    private static bool QuadraticForm(TensorExpr written, string matrix, string vector)
    {
        bool Is(TensorExpr e, string name) => Unscaled(e) is TensorVariable v && v.Name == name;
        return TensorGradient.PostOrder(written).OfType<TensorMatMul>().Any(m =>
            (Unscaled(m.Left) is TensorMatMul inner && Is(inner.Left, vector) && Is(inner.Right, matrix) && Is(m.Right, vector))
            || (Unscaled(m.Right) is TensorMatMul right && Is(m.Left, vector) && Is(right.Left, matrix) && Is(right.Right, vector)));
    }

    // c*e, e*c, e/c and -e as e, for a scalar c.
    private static TensorExpr Unscaled(TensorExpr e)
    {
        while (true)
        {
            switch (e)
            {
                case TensorNegate n: e = n.Operand; break;
                case TensorElementwise { Op: ElementwiseOp.Multiply } m when m.Left.Shape.IsScalar: e = m.Right; break;
                case TensorElementwise { Op: ElementwiseOp.Multiply or ElementwiseOp.Divide } m when m.Right.Shape.IsScalar: e = m.Left; break;
                default: return e;
            }
        }
    }

    /// <summary>
    /// The gradient with each of <paramref name="forgotten"/>'s derivative taken as 1 and its value kept: g(u)
    /// becomes u + D, where D is a constant holding g(u) - u at the point, so the forward pass is unchanged and the
    /// chain rule passes through g with factor 1. Built in a fresh simplifying factory; null where it has no value.
    /// </summary>
    private static TensorValue? GradientWithUnitDerivative(TensorExpr written, string variable, IReadOnlyList<TensorCall> forgotten,
        Dictionary<TensorExpr, TensorValue> values, IReadOnlyDictionary<string, TensorValue> at)
    {
        var f = new TensorFactory();
        var bindings = at.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var replaced = new Dictionary<TensorExpr, TensorExpr>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < forgotten.Count; k++)
        {
            // The name cannot clash with a user's variable: the parser reads no such character.
            var name = $"\u2983delta{k}";
            var call = forgotten[k];
            var (g, u) = (values[call], values[call.Children[0]]);
            if (g.Shape != u.Shape) return null;
            bindings[name] = new TensorValue(g.Shape, [.. g.Data.Select((d, i) => d - u.Data[i])]);
            replaced[call] = f.Variable(name, call.Shape);
        }
        try
        {
            var memo = new Dictionary<TensorExpr, TensorExpr>(ReferenceEqualityComparer.Instance);
            var root = Rebuild(f, written, memo, replaced);
            var gradient = TensorGradient.Of(f, root, [variable])[variable];
            var value = TensorInterpreter.Evaluate(gradient, bindings);
            value = value.FitTo(at[variable].Shape);
            return value.Data.All(double.IsFinite) ? value : null;
        }
        catch (Exception e) when (e is ShapeException or NotSupportedException or SymDiff.Calculus.NotDifferentiableException)
        {
            return null;
        }
    }

    // The same expression in factory f, each call of `replaced` as its argument plus its constant; without recursion.
    private static TensorExpr Rebuild(TensorFactory f, TensorExpr root, Dictionary<TensorExpr, TensorExpr> memo,
        Dictionary<TensorExpr, TensorExpr> replaced)
    {
        foreach (var node in TensorGradient.PostOrder(root))
        {
            if (memo.ContainsKey(node)) continue;
            ImmutableArray<TensorExpr> kids = [.. node.Children.Select(c => memo[c])];
            memo[node] = replaced.TryGetValue(node, out var delta) ? f.Add(kids[0], delta) : node switch
            {
                TensorNumber n => f.Number(n.Value),
                TensorConstant c => f.Constant(c.Name, c.Value),
                TensorVariable v => f.Variable(v.Name, v.Shape),
                TensorElementwise e => f.Elementwise(e.Op, kids[0], kids[1]),
                TensorNegate => f.Negate(kids[0]),
                TensorCall c => f.Call(c.Function, kids),
                TensorMatMul => f.MatMul(kids[0], kids[1]),
                TensorApply a => f.Apply(a.Op, [.. kids]),
                TensorList => f.List(kids),
                TensorSumTo s => f.SumTo(kids[0], s.Shape),
                TensorIdentity i => f.Identity(i.Shape.Rows),
                TensorOnesLike o => f.OnesLike(Rebuild(f, o.Like, memo, replaced)),
                TensorIndex i => f.Index(kids[0], i.Index),
                _ => throw new NotSupportedException($"no rebuilding of {node.GetType().Name}"),
            };
        }
        return memo[root];
    }
}
