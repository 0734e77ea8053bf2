namespace SymDiff.Optimization;

/// <summary>
/// The state of one optimizer over a flat array of parameters, and its update: <see cref="Step"/> changes the
/// parameters in place from the gradient at them, exactly as torch.optim's single-tensor implementation does, in
/// the same order of floating-point operations where the order changes the result (the bias corrections of Adam,
/// where ε is added). Scalars, vectors and matrices are all flat arrays here: every rule is elementwise, so the
/// flattening does not change the arithmetic.
/// </summary>
/// <remarks>Not thread-safe: one instance per run.</remarks>
/// <example><code>var rule = UpdateRule.Create(OptimizerMethod.Adam.Defaults, 2);
/// double[] theta = [-1.5, 2], g = [..];
/// rule.Step(theta, g); // theta moved by one Adam step</code></example>
public abstract class UpdateRule
{
    protected UpdateRule(OptimizerSettings settings, int size)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Settings = settings;
        Size = size;
    }

    public OptimizerSettings Settings { get; }

    /// <summary>The number of parameters (entries of the flat array).</summary>
    public int Size { get; }

    /// <summary>Steps taken so far (torch's <c>state["step"]</c>).</summary>
    public int Steps { get; private set; }

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradient"/> (the gradient at them; not changed).</summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="Size"/>.</exception>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        if (parameters.Length != Size || gradient.Length != Size)
            throw new ArgumentException($"expected {Size} parameters and gradient entries, got {parameters.Length} and {gradient.Length}");
        Steps++;
        Update(parameters, gradient, Steps);
    }

    /// <summary>The update of step <paramref name="t"/> (1 at the first call).</summary>
    protected abstract void Update(Span<double> theta, ReadOnlySpan<double> g, int t);

    /// <summary>A fresh rule (zero state) for <paramref name="settings"/>' method over <paramref name="size"/> parameters.</summary>
    public static UpdateRule Create(OptimizerSettings settings, int size)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Conflict is { } conflict) throw new ArgumentException(conflict, nameof(settings));
        return settings.Method.Name switch
        {
            "sgd" => new SgdRule(settings, size, momentum: 0, nesterov: false),
            "momentum" => new SgdRule(settings, size, settings["momentum"], nesterov: false),
            "nesterov" => new SgdRule(settings, size, settings["momentum"], nesterov: true),
            "rmsprop" => new RmspropRule(settings, size),
            "adagrad" => new AdagradRule(settings, size),
            "adam" => new AdamRule(settings, size, decoupled: false),
            "adamw" => new AdamRule(settings, size, decoupled: true),
            _ => throw new ArgumentException($"no update rule for method '{settings.Method.Name}'", nameof(settings)),
        };
    }

    /// <summary>g + λθ (torch's <c>grad.add(param, alpha=weight_decay)</c>), into <paramref name="into"/>; a copy when λ = 0.</summary>
    protected static void WithL2(ReadOnlySpan<double> g, ReadOnlySpan<double> theta, double lambda, Span<double> into)
    {
        if (lambda == 0) { g.CopyTo(into); return; }
        for (var i = 0; i < g.Length; i++) into[i] = g[i] + lambda * theta[i];
    }
}
