using System.Collections.Immutable;
using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Expressions;

namespace SymDiff.Calculus;

/// <summary>One step of a derivation: the rule, what it was applied to, its result and its nesting depth.</summary>
public sealed record DerivationStep(string Variable, string Rule, Expr Input, Expr Output, int Depth, bool Reused)
{
    /// <summary>
    /// What a report prints for the step's result: <see cref="Output"/> itself, or, where that would swell (the
    /// derivative of sin(sin(...sin(x))) 999 deep is a product of 999 cosines, and printing every step in full was
    /// cubic), the rule as written on paper, with the derivatives of the steps below as <see cref="References"/>:
    /// <c>cos(sin(u))*[d/dx sin(u)]</c>. Equal in value to <see cref="Output"/>.
    /// </summary>
    public Expr Shown { get; init; } = Output;

    /// <summary>The placeholders in <see cref="Shown"/>, each standing for the derivative of an expression.</summary>
    public ImmutableArray<DerivativeReference> References { get; init; } = [];

    /// <summary>The rule as a person names it on paper, e.g. "chain rule (sin)", "product rule".</summary>
    public override string ToString() => $"{new string(' ', 2 * Depth)}{DerivativeOf(Variable, Input)} = {Shown}   [{Rule}]";

    /// <summary>
    /// "d/dx u" as on paper, with parentheses where d/dx would otherwise bind to the first term or factor only:
    /// <c>d/dx (cos(x^2) + sin(x^2))</c>, <c>d/dx (2*x)</c>, but <c>d/dx x^2</c> and <c>d/dx sin(x)</c>.
    /// </summary>
    public static string DerivativeOf(string variable, Expr of, Formatting.NumberStyle style = Formatting.NumberStyle.Fractions)
    {
        var shown = Formatting.InfixFormatter.Format(of, style);
        return Formatting.InfixFormatter.PrecedenceOf(of) >= Formatting.Precedence.Power ? $"d/d{variable} {shown}" : $"d/d{variable} ({shown})";
    }
}

/// <summary>
/// A placeholder variable in <see cref="DerivationStep.Shown"/>, named <c>[d/dx u]</c>, that stands for the derivative
/// of <see cref="Of"/> (derived in a step below).
/// </summary>
public sealed record DerivativeReference(Sym Placeholder, Expr Of)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}

/// <summary>
/// Records a differentiation as it runs (the same run that produces the result, not a second implementation),
/// in the order one writes it on paper: each step before the steps it needs, indented by the chain rule's
/// nesting; a repeated subexpression is derived once and referred to afterwards.
/// </summary>
/// <example><code>var trace = DerivationTrace.Run(f, "x", factory);
/// foreach (var step in trace.Steps) Console.WriteLine(step);</code></example>
public sealed class DerivationTrace : IDerivationObserver
{
    private readonly string _variable;
    private readonly List<Builder> _steps = [];
    private readonly Stack<Builder> _open = new();

    private DerivationTrace(string variable) => _variable = variable;

    public ImmutableArray<DerivationStep> Steps { get; private set; } = [];
    public Expr Result { get; private set; } = null!;

    public static DerivationTrace Run(Expr e, string variable, ExprFactory f)
    {
        var trace = new DerivationTrace(variable);
        trace.Result = Differentiator.Differentiate(e, variable, f, trace);
        trace.Steps = [.. trace._steps.Select(b => trace.Written(b.Build(variable)))];
        return trace;
    }

    // Outputs up to this size print in full; a sub-derivative up to this size is written out inside a step's formula.
    private const long SmallOutput = 24;

    // PERF: a step whose output is much larger than its input is shown as its rule with references (see Shown), so
    // the report grows with the input, not with the product of the depth and the derivative's size (issue 8: --steps on
    // a 999-deep sin chain printed 840 MB).
    private DerivationStep Written(DerivationStep step)
    {
        if (step.Output.TreeSize <= Math.Max(SmallOutput, 4 * step.Input.TreeSize)) return step;
        var references = new List<DerivativeReference>();
        var shown = Differentiator.OneStep(step.Input, _variable, Scratch, inner =>
        {
            var derivative = _derivatives[inner];
            if (derivative.TreeSize <= SmallOutput) return derivative;
            var placeholder = (Sym)Scratch.Symbol($"[{DerivationStep.DerivativeOf(_variable, inner)}]");
            references.Add(new DerivativeReference(placeholder, inner));
            return placeholder;
        });
        return shown.TreeSize < step.Output.TreeSize ? step with { Shown = shown, References = [.. references] } : step;
    }

    // Formulas with placeholders are for printing only: a factory of their own keeps them off the caller's intern table.
    private ExprFactory Scratch => _scratch ??= new ExprFactory(intern: false);
    private ExprFactory? _scratch;

    // Every derivative the run took, by what it was taken of.
    private readonly Dictionary<Expr, Expr> _derivatives = new();

    void IDerivationObserver.Entering(Expr e, int depth)
    {
        var step = new Builder(e, depth);
        _steps.Add(step);
        _open.Push(step);
    }

    void IDerivationObserver.Derived(Expr e, DerivativeRule rule, Expr derivative, int depth)
    {
        _derivatives[e] = derivative;
        if (rule == DerivativeRule.Constant)
        {
            // Constants inside a product are folded by the constant-multiple rule; only sum terms get a step.
            if (_open.TryPeek(out var parent) && parent.Input is Add)
                _steps.Add(new Builder(e, depth) { Rule = RuleName(rule, e), Output = derivative });
            return;
        }
        var step = _open.Pop();
        step.Rule = RuleName(rule, e);
        step.Output = derivative;
    }

    void IDerivationObserver.Reused(Expr e, Expr derivative, int depth) =>
        _steps.Add(new Builder(e, depth) { Rule = "derived above", Output = derivative, Reused = true });

    /// <summary>The name of the rule, with the function for the chain rule ("chain rule (tanh)").</summary>
    public static string RuleName(DerivativeRule rule, Expr e) => rule switch
    {
        DerivativeRule.Constant => "constant rule",
        DerivativeRule.Variable when e is Sym v => $"d/d{v.Name} {v.Name} = 1",
        DerivativeRule.Variable => "d/dx x = 1",
        DerivativeRule.Sum => "sum rule",
        DerivativeRule.ConstantMultiple => "constant multiple rule",
        // u*v^-1 is how the canonical form stores u/v: name it as a person would.
        DerivativeRule.Product when e is Mul m && m.Factors.Any(f => f is Pow { Exponent: Num { Value.IsNegative: true } } && !f.IsConstant) => "quotient rule",
        DerivativeRule.Product => "product rule",
        DerivativeRule.Power when e is Pow { Exponent: Num { Value.IsMinusOne: true } } => "power rule (reciprocal)",
        DerivativeRule.Power => "power rule",
        DerivativeRule.Exponential => "exponential rule (a^u)' = a^u*log(a)*u'",
        DerivativeRule.GeneralPower => "general power rule (u^v)' = u^v*(v'*log(u) + v*u'/u)",
        DerivativeRule.Chain when e is Call c && c.Args.Length == 1 && c.Args[0] is Sym => $"{c.Function.Name} rule",
        DerivativeRule.Chain when e is Call c => $"chain rule ({c.Function.Name})",
        _ => rule.ToString(),
    };

    /// <summary>
    /// Spot-checks every step numerically: its output against central finite differences of its input at the
    /// point. Returns the steps that disagree (each one would be a bug) with both values.
    /// </summary>
    public IReadOnlyList<(DerivationStep Step, double Symbolic, double Numeric)> Verify(IReadOnlyDictionary<string, double> point)
    {
        var failures = new List<(DerivationStep, double, double)>();
        // PERF: one program for every step's input and output, evaluated once at each abscissa the finite differences
        // ask for (the same few for every step): a lowering and evaluation per step was quadratic on deep chains.
        var variables = Steps.SelectMany(s => s.Input.FreeSymbols.Concat(s.Output.FreeSymbols)).Append(_variable)
            .Distinct(StringComparer.Ordinal).ToArray();
        var missing = variables.Where(v => !point.ContainsKey(v)).ToList();
        if (missing.Count > 0) throw new MissingBindingException(missing);
        var program = ExprProgram.Lower([.. Steps.SelectMany(s => new[] { s.Input, s.Output })], variables);
        var values = variables.Select(v => point[v]).ToArray();
        var at = Array.IndexOf(variables, _variable);
        var evaluated = new Dictionary<double, double[]>();
        double[] ValuesAt(double t)
        {
            if (evaluated.TryGetValue(t, out var known)) return known;
            var shifted = (double[])values.Clone();
            shifted[at] = t;
            return evaluated[t] = Interpreter.Evaluate(program, shifted);
        }
        var x = point[_variable];
        for (var i = 0; i < Steps.Length; i++)
        {
            var step = Steps[i];
            var symbolic = ValuesAt(x)[2 * i + 1];
            var numeric = FiniteDifferences.Central(t => ValuesAt(t)[2 * i], x);
            if (!double.IsFinite(symbolic) || !double.IsFinite(numeric)) continue;
            // Looser than the verdicts' tolerance: near a pole the O(h^4) error of finite differences grows, and a
            // wrong rule is off by far more than 1e-4.
            if (!StepTolerance.Agrees(symbolic, numeric)) failures.Add((step, symbolic, numeric));
        }
        return failures;
    }

    private static readonly Tolerance StepTolerance = new(1e-4, 1e-6);

    private sealed class Builder(Expr input, int depth)
    {
        public Expr Input { get; } = input;
        public int Depth { get; } = depth;
        public string Rule { get; set; } = "";
        public Expr? Output { get; set; }
        public bool Reused { get; init; }
        public DerivationStep Build(string variable) => new(variable, Rule, Input, Output!, Depth, Reused);
    }
}
