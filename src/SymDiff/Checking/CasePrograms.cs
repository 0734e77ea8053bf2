using System.Collections.Immutable;
using System.Diagnostics;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Checking;

/// <summary>
/// The canonical side of a prepared case lowered once, for every point and every finite-difference step: one program
/// computes the canonical function and all its simplified derivatives, so their shared subtrees (x^2 in sin(x^2) and
/// 2*x*cos(x^2)) are evaluated once per point, and the function's node values (for kinks) come from the same walk.
/// </summary>
/// <remarks>
/// The function is lowered first, so its distinct nodes are slots 0 to <see cref="FunctionSlots"/> - 1, in the order
/// lowering the function alone gives them (<see cref="PointAnalysis.NodeValues(Expr, IReadOnlyDictionary{string, double})"/>).
/// Every slot's value depends on its operands only, so a derivative evaluates here bit for bit as in a program of its own.
/// </remarks>
internal sealed class CasePrograms
{
    private CasePrograms(ExprProgram canonical, ExprProgram derivatives, int functionSlots, bool hasKinkSites,
        ImmutableDictionary<string, ExprProgram> lowerOrders, double lowerUs)
    {
        Canonical = canonical;
        Derivatives = derivatives;
        FunctionSlots = functionSlots;
        HasKinkSites = hasKinkSites;
        LowerOrders = lowerOrders;
        LowerUs = lowerUs;
    }

    /// <summary>Outputs: the canonical function, then every derivative of <see cref="PreparedCase.Derivatives"/>.</summary>
    public ExprProgram Canonical { get; }

    /// <summary>The same instructions with the derivatives as the only outputs (for the strong-zero evaluation).</summary>
    public ExprProgram Derivatives { get; }

    /// <summary>The function's distinct nodes occupy slots 0 to FunctionSlots - 1.</summary>
    public int FunctionSlots { get; }

    /// <summary>Some node of the function has a row with a Kink column (a power, abs, relu...); else no point is on a kink.</summary>
    public bool HasKinkSites { get; }

    /// <summary>Derivatives of one order less, by key, for orders above <see cref="WrittenDifferences.MaxOrder"/>.</summary>
    public ImmutableDictionary<string, ExprProgram> LowerOrders { get; }

    /// <summary>Microseconds spent lowering all of the above.</summary>
    public double LowerUs { get; }

    public static CasePrograms Lower(PreparedCase c)
    {
        var clock = Stopwatch.StartNew();
        var function = c.Function ?? throw new InvalidOperationException("A case with an error has nothing to lower.");
        var canonical = ExprProgram.Lower([function, .. c.Derivatives.Select(d => d.Value)], c.Variables);
        var functionSlots = canonical.OutputSlots[0] + 1;
        var derivatives = ExprProgram.FromCode(canonical.Instructions, canonical.Variables, canonical.OutputSlots[1..]);
        var hasKinkSites = false;
        for (var s = 0; s < functionSlots && !hasKinkSites; s++) hasKinkSites = KinkAnalysis.SitesOf(canonical.Nodes[s]).Any();
        var lowerOrders = ImmutableDictionary.CreateBuilder<string, ExprProgram>();
        foreach (var d in c.Derivatives.Where(d => d.Variables.Length > WrittenDifferences.MaxOrder))
        {
            var key = string.Join(',', d.Variables[..^1]);
            if (!lowerOrders.ContainsKey(key)) lowerOrders[key] = ExprProgram.Lower(c.AllOrders[key], c.Variables);
        }
        return new CasePrograms(canonical, derivatives, functionSlots, hasKinkSites, lowerOrders.ToImmutable(), clock.Elapsed.TotalMicroseconds);
    }
}
