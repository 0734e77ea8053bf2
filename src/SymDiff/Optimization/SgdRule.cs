namespace SymDiff.Optimization;

/// <summary>
/// torch.optim.SGD with dampening 0: plain (<c>momentum</c> 0), heavy-ball momentum, or Nesterov's. The momentum
/// buffer is the first gradient itself at step 1 (torch clones it; it does not start from zeros, which would give
/// the same value only because dampening is 0), then b ← μ·b + g. Nesterov steps along g + μ·b.
/// </summary>
/// <example><code>var rule = UpdateRule.Create(OptimizerMethod.Nesterov.Defaults, 1);</code></example>
internal sealed class SgdRule : UpdateRule
{
    private readonly double _lr, _momentum, _lambda;
    private readonly bool _nesterov;
    private readonly double[] _buffer, _g;

    public SgdRule(OptimizerSettings settings, int size, double momentum, bool nesterov) : base(settings, size)
    {
        (_lr, _momentum, _lambda, _nesterov) = (settings["lr"], momentum, settings["weight_decay"], nesterov);
        _buffer = new double[size];
        _g = new double[size];
    }

    protected override void Update(Span<double> theta, ReadOnlySpan<double> gradient, int t)
    {
        WithL2(gradient, theta, _lambda, _g);
        for (var i = 0; i < theta.Length; i++)
        {
            var g = _g[i];
            if (_momentum != 0)
            {
                // buf.mul_(momentum).add_(grad, alpha=1 - dampening), dampening 0.
                _buffer[i] = t == 1 ? g : _buffer[i] * _momentum + g;
                g = _nesterov ? g + _momentum * _buffer[i] : _buffer[i];
            }
            // param.add_(grad, alpha=-lr)
            theta[i] += -_lr * g;
        }
    }
}
