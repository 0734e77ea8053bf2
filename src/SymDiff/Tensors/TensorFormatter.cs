using System.Globalization;
using System.Text;
using SymDiff.Formatting;
using SymDiff.Numbers;

namespace SymDiff.Tensors;

/// <summary>
/// Prints tensor expressions in the notation PyTorch users write (<c>2*outer(W@x + b - y, x)</c>,
/// <c>0.5*(A + A.T)@x</c>), with minimal parentheses; the output parses back to the same function.
/// Terminating decimals print as decimals (0.5), other fractions as fractions (1/3).
/// </summary>
public static class TensorFormatter
{
    private enum Level { Sum, Product, Negation, Power, Atom }

    public static string Format(TensorExpr e)
    {
        var sb = new StringBuilder();
        Write(sb, e, Level.Sum);
        return sb.ToString();
    }

    [ThreadStatic] private static IReadOnlyDictionary<TensorExpr, string>? _names;
    [ThreadStatic] private static TensorExpr? _top;

    /// <summary>Prints <paramref name="e"/> with the nodes of <paramref name="names"/> as their names (except <paramref name="top"/> itself).</summary>
    public static string Format(TensorExpr e, IReadOnlyDictionary<TensorExpr, string> names, TensorExpr? top)
    {
        (_names, _top) = (names, top);
        try
        {
            return Format(e);
        }
        finally
        {
            (_names, _top) = (null, null);
        }
    }

    private static Level LevelOf(TensorExpr e) => e switch
    {
        TensorNumber n when n.Value.IsNegative => Level.Negation,
        TensorNumber n when !n.Value.IsInteger && Decimal(n.Value) is null => Level.Product,
        TensorElementwise { Op: ElementwiseOp.Add or ElementwiseOp.Subtract } => Level.Sum,
        TensorElementwise { Op: ElementwiseOp.Multiply or ElementwiseOp.Divide } => Level.Product,
        TensorElementwise { Op: ElementwiseOp.Power } => Level.Power,
        TensorMatMul => Level.Product,
        TensorNegate => Level.Negation,
        _ => Level.Atom,
    };

    private static void Write(StringBuilder sb, TensorExpr e, Level required)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (_names is not null && !ReferenceEquals(e, _top) && _names.TryGetValue(e, out var name))
        {
            sb.Append(name);
            return;
        }
        var parens = LevelOf(e) < required;
        if (parens) sb.Append('(');
        switch (e)
        {
            case TensorNumber n: sb.Append(Number(n.Value)); break;
            case TensorConstant c: sb.Append(c.Name); break;
            case TensorVariable v: sb.Append(v.Name); break;
            case TensorElementwise b: WriteBinary(sb, b); break;
            case TensorNegate n:
                sb.Append('-');
                Write(sb, n.Operand, Level.Product);
                break;
            case TensorCall c: WriteCall(sb, c.Function.Name, c.Children); break;
            case TensorMatMul m:
                Write(sb, m.Left, Level.Product);
                sb.Append('@');
                // A@(B@C) prints as A@B@C: the product is associative, so the text means the same matrix, as long as B
                // itself binds tighter than '*' (A@(a*B@C) keeps its parentheses).
                Write(sb, m.Right, m.Right is TensorMatMul right && StartsTight(right) ? Level.Product : Level.Power);
                break;
            case TensorApply { Op: TensorOp.Transpose } t:
                Write(sb, t.Children[0], Level.Atom);
                sb.Append(".T");
                break;
            case TensorApply a: WriteCall(sb, a.Function.Name, a.Children); break;
            case TensorList l:
                sb.Append('[');
                for (var i = 0; i < l.Children.Length; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Write(sb, l.Children[i], Level.Sum);
                }
                sb.Append(']');
                break;
            case TensorSumTo s: WriteSumTo(sb, s); break;
            case TensorIdentity: sb.Append('I'); break;
            case TensorOnesLike o:
                sb.Append("ones_like(");
                Write(sb, o.Like, Level.Sum);
                sb.Append(')');
                break;
            case TensorIndex { Operand: TensorIndex { Operand.Shape.IsMatrix: true } row } i:
                // X[1, 2] rather than X[1][2].
                Write(sb, row.Operand, Level.Atom);
                sb.Append('[').Append(row.Index.ToString(CultureInfo.InvariantCulture)).Append(", ")
                    .Append(i.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                break;
            case TensorIndex i:
                Write(sb, i.Operand, Level.Atom);
                sb.Append('[').Append(i.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                break;
            default: throw new System.Diagnostics.UnreachableException($"No printing for {e.GetType().Name}.");
        }
        if (parens) sb.Append(')');
    }

    private static void WriteBinary(StringBuilder sb, TensorElementwise b)
    {
        switch (b.Op)
        {
            case ElementwiseOp.Add or ElementwiseOp.Subtract:
                Write(sb, b.Left, Level.Sum);
                sb.Append(b.Op == ElementwiseOp.Add ? " + " : " - ");
                Write(sb, b.Right, b.Op == ElementwiseOp.Add ? Level.Sum : Level.Product);
                break;
            case ElementwiseOp.Multiply or ElementwiseOp.Divide:
                Write(sb, b.Left, Level.Product);
                sb.Append(b.Op == ElementwiseOp.Multiply ? '*' : '/');
                Write(sb, b.Right, b.Op == ElementwiseOp.Multiply && Associates(b.Left, b.Right) ? Level.Product : Level.Power);
                break;
            default:
                Write(sb, b.Left, Level.Atom);
                sb.Append('^');
                Write(sb, b.Right, Level.Power);
                break;
        }
    }

    // c*(a*b) = c*a*b and c*(a/b) = c*a/b entry by entry; c*(A@B) = (c*A)@B when c is a scalar. Parsing the
    // unparenthesised text left to right gives the same values, so the parentheses can go.
    private static bool Associates(TensorExpr left, TensorExpr right) => right switch
    {
        TensorElementwise { Op: ElementwiseOp.Multiply or ElementwiseOp.Divide } => left.Shape.IsScalar || !SpineHasMatMul(right),
        TensorMatMul => left.Shape.IsScalar,
        _ => false,
    };

    // Whether reading right's text after "left*" would put left inside a matrix product (v*A@u is (v*A)@u).
    private static bool SpineHasMatMul(TensorExpr e) => e switch
    {
        TensorMatMul => true,
        TensorElementwise { Op: ElementwiseOp.Multiply or ElementwiseOp.Divide } m => SpineHasMatMul(m.Left),
        _ => false,
    };

    private static bool StartsTight(TensorMatMul m) => m.Left is TensorMatMul inner ? StartsTight(inner) : LevelOf(m.Left) > Level.Product;

    private static void WriteCall(StringBuilder sb, string name, IReadOnlyList<TensorExpr> args)
    {
        sb.Append(name).Append('(');
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, args[i], Level.Sum);
        }
        sb.Append(')');
    }

    // The sums that undo a broadcast, spelled as PyTorch spells them.
    private static void WriteSumTo(StringBuilder sb, TensorSumTo s)
    {
        var from = s.Operand.Shape;
        var to = s.Shape;
        if (s.Operand is TensorApply { Op: TensorOp.Transpose } t && to.IsVector && t.Children[0].Shape.IsMatrix && to.Rows == t.Children[0].Shape.Rows)
        {
            // Row sums: sum(X, 1).
            sb.Append("sum(");
            Write(sb, t.Children[0], Level.Sum);
            sb.Append(", 1)");
            return;
        }
        sb.Append("sum(");
        Write(sb, s.Operand, Level.Sum);
        if (to.IsVector && from.IsMatrix && to.Rows == from.Columns) sb.Append(", 0");
        else if (to.IsMatrix && from.IsMatrix && to.Columns == 1) sb.Append(", 1, keepdim=True");
        else if (to.IsMatrix && from.IsMatrix && to.Rows == 1) sb.Append(", 0, keepdim=True");
        else if (to.IsVector && from.IsMatrix && to.Rows == 1 && from.Columns != 1) sb.Append(", 0");
        sb.Append(')');
    }

    /// <summary>
    /// An exact number as a person writes it: an integer, a terminating decimal, or a fraction. Tensor notation is
    /// always in <see cref="NumberStyle.Decimals"/>: PyTorch users write 0.5*x, and a coefficient has no x/2 form here.
    /// </summary>
    public static string Number(Rational value) => InfixFormatter.Number(value, NumberStyle.Decimals);

    private static string? Decimal(Rational value) => NumberSpelling.DecimalIn(NumberStyle.Decimals, value);
}
