namespace SymDiff.Optimization;

/// <summary>
/// torch.optim.Adam and AdamW (amsgrad off). The paper's m̂/(√v̂ + ε), with the bias corrections applied where torch
/// applies them, so the rounding is torch's too: the step size is γ/(1 − β₁ᵗ) and the denominator
/// √v/√(1 − β₂ᵗ) + ε (ε outside the corrected root, never under it). Adam adds λθ to the gradient (L2); AdamW instead multiplies θ by 1 − γλ before the step and
/// leaves the gradient alone (decoupled weight decay).
/// </summary>
/// <example><code>var rule = UpdateRule.Create(OptimizerMethod.AdamW.Defaults, 4);</code></example>
internal sealed class AdamRule : UpdateRule
{
    private readonly double _lr, _beta1, _beta2, _eps, _lambda;
    private readonly bool _decoupled;
    private readonly double[] _m, _v, _g;

    public AdamRule(OptimizerSettings settings, int size, bool decoupled) : base(settings, size)
    {
        (_lr, _beta1, _beta2, _eps, _lambda, _decoupled) =
            (settings["lr"], settings["beta1"], settings["beta2"], settings["eps"], settings["weight_decay"], decoupled);
        _m = new double[size];
        _v = new double[size];
        _g = new double[size];
    }

    protected override void Update(Span<double> theta, ReadOnlySpan<double> gradient, int t)
    {
        if (_decoupled)
        {
            // param.mul_(1 - lr * weight_decay)
            var shrink = 1 - _lr * _lambda;
            for (var i = 0; i < theta.Length; i++) theta[i] *= shrink;
            gradient.CopyTo(_g);
        }
        else
        {
            WithL2(gradient, theta, _lambda, _g);
        }
        var biasCorrection1 = 1 - Math.Pow(_beta1, t);
        var biasCorrection2 = 1 - Math.Pow(_beta2, t);
        var stepSize = _lr / biasCorrection1;
        var root2 = Math.Sqrt(biasCorrection2);
        for (var i = 0; i < theta.Length; i++)
        {
            var g = _g[i];
            // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            _m[i] = _m[i] * _beta1 + (1 - _beta1) * g;
            _v[i] = _v[i] * _beta2 + (1 - _beta2) * (g * g);
            // denom = (exp_avg_sq.sqrt() / sqrt(bias_correction2)).add_(eps); param.addcdiv_(exp_avg, denom, value=-step_size)
            var denom = Math.Sqrt(_v[i]) / root2 + _eps;
            theta[i] += -stepSize * (_m[i] / denom);
        }
    }
}
