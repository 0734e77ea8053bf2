namespace SymDiff.Optimization;

/// <summary>
/// torch.optim.Adagrad with lr_decay 0 and initial accumulator 0: s ← s + g², θ ← θ − γ·g/(√s + ε). (With
/// lr_decay the step size would be γ/(1 + (t − 1)·lr_decay); it is 0 here, as torch's default.)
/// </summary>
/// <example><code>var rule = UpdateRule.Create(OptimizerMethod.Adagrad.Defaults, 2);</code></example>
internal sealed class AdagradRule : UpdateRule
{
    private readonly double _lr, _eps, _lambda;
    private readonly double[] _sum, _g;

    public AdagradRule(OptimizerSettings settings, int size) : base(settings, size)
    {
        (_lr, _eps, _lambda) = (settings["lr"], settings["eps"], settings["weight_decay"]);
        _sum = new double[size];
        _g = new double[size];
    }

    protected override void Update(Span<double> theta, ReadOnlySpan<double> gradient, int t)
    {
        WithL2(gradient, theta, _lambda, _g);
        var clr = _lr; // lr / (1 + (t - 1)·lr_decay), lr_decay = 0
        for (var i = 0; i < theta.Length; i++)
        {
            var g = _g[i];
            // state_sum.addcmul_(grad, grad, value=1); std = state_sum.sqrt().add_(eps); param.addcdiv_(grad, std, value=-clr)
            _sum[i] += g * g;
            var std = Math.Sqrt(_sum[i]) + _eps;
            theta[i] += -clr * (g / std);
        }
    }
}
