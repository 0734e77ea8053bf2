namespace SymDiff.Optimization;

/// <summary>
/// torch.optim.RMSprop, not centered: v ← α·v + (1 − α)·g², then θ ← θ − γ·g/(√v + ε), or with momentum μ > 0 the
/// scaled gradient accumulates in a buffer (from zeros, unlike SGD's) and θ ← θ − γ·b.
/// </summary>
/// <example><code>var rule = UpdateRule.Create(OptimizerMethod.Rmsprop.Defaults.With("momentum", 0.5), 3);</code></example>
internal sealed class RmspropRule : UpdateRule
{
    private readonly double _lr, _alpha, _eps, _momentum, _lambda;
    private readonly double[] _square, _buffer, _g;

    public RmspropRule(OptimizerSettings settings, int size) : base(settings, size)
    {
        (_lr, _alpha, _eps, _momentum, _lambda) = (settings["lr"], settings["alpha"], settings["eps"], settings["momentum"], settings["weight_decay"]);
        _square = new double[size];
        _buffer = new double[size];
        _g = new double[size];
    }

    protected override void Update(Span<double> theta, ReadOnlySpan<double> gradient, int t)
    {
        WithL2(gradient, theta, _lambda, _g);
        for (var i = 0; i < theta.Length; i++)
        {
            var g = _g[i];
            // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
            _square[i] = _square[i] * _alpha + (1 - _alpha) * (g * g);
            var avg = Math.Sqrt(_square[i]) + _eps;
            if (_momentum > 0)
            {
                // buf.mul_(momentum).addcdiv_(grad, avg); param.add_(buf, alpha=-lr)
                _buffer[i] = _buffer[i] * _momentum + g / avg;
                theta[i] += -_lr * _buffer[i];
            }
            else
            {
                // param.addcdiv_(grad, avg, value=-lr)
                theta[i] += -_lr * (g / avg);
            }
        }
    }
}
