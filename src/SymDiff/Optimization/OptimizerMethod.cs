using System.Collections.Immutable;
using SymDiff.Syntax;

namespace SymDiff.Optimization;

/// <summary>
/// An optimizer as torch.optim defines it: its name here, the torch.optim class that implements it, its
/// hyper-parameters with torch's defaults, and its update rule as a formula (for help texts and reports). The
/// arithmetic itself is in <see cref="UpdateRule"/>; this table is what the CLI, the docs and the torch oracle read,
/// so a method is added in one place.
/// </summary>
/// <remarks>
/// Formulas use g for the gradient at the current parameters θ, t for the step (1, 2, ...), and the hyper-parameter
/// symbols. They follow PyTorch's documented algorithms (single-tensor, <c>maximize=False</c>, <c>amsgrad=False</c>,
/// <c>centered=False</c>, <c>dampening=0</c>, <c>lr_decay=0</c>, <c>initial_accumulator_value=0</c>).
/// </remarks>
/// <example><code>var adam = OptimizerMethod.Parse("adam")!;
/// adam.Hyperparameters.Select(h => (h.Name, h.Default)); // (lr, 0.001), (beta1, 0.9), (beta2, 0.999), (eps, 1e-08), (weight_decay, 0)</code></example>
public sealed record OptimizerMethod(string Name, string TorchName, ImmutableArray<Hyperparameter> Hyperparameters, string Rule, string Summary)
{
    private static readonly Hyperparameter Lr3 = new("lr", 1e-3, "γ", "learning rate");
    private static readonly Hyperparameter Lr2 = new("lr", 1e-2, "γ", "learning rate");
    private static readonly Hyperparameter Momentum9 = new("momentum", 0.9, "μ", "momentum factor");
    private static readonly Hyperparameter L2 = new("weight_decay", 0, "λ", "L2 penalty, added to the gradient: g + λθ");
    private const string L2Rule = "g ← g + λθ (when λ ≠ 0); ";

    /// <summary>Plain gradient descent: torch.optim.SGD without momentum (lr is 1e-3 by default since PyTorch 2.2).</summary>
    public static readonly OptimizerMethod Sgd = new("sgd", "torch.optim.SGD", [Lr3, L2],
        L2Rule + "θ ← θ − γ·g", "gradient descent");

    /// <summary>SGD with (heavy-ball) momentum: torch.optim.SGD(momentum=0.9); the buffer starts as the first gradient.</summary>
    public static readonly OptimizerMethod Momentum = new("momentum", "torch.optim.SGD(momentum)", [Lr3, Momentum9, L2],
        L2Rule + "b ← g at t = 1, else b ← μ·b + g; θ ← θ − γ·b", "gradient descent with momentum");

    /// <summary>SGD with Nesterov momentum as torch implements it: the step is g + μ·b, not b.</summary>
    public static readonly OptimizerMethod Nesterov = new("nesterov", "torch.optim.SGD(momentum, nesterov=True)", [Lr3, Momentum9, L2],
        L2Rule + "b ← g at t = 1, else b ← μ·b + g; θ ← θ − γ·(g + μ·b)", "gradient descent with Nesterov momentum");

    /// <summary>torch.optim.RMSprop (not centered); with momentum μ > 0 the scaled gradient goes through a buffer.</summary>
    public static readonly OptimizerMethod Rmsprop = new("rmsprop", "torch.optim.RMSprop",
        [Lr2, new("alpha", 0.99, "α", "smoothing constant"), new("eps", 1e-8, "ε", "added to the denominator"),
         new("momentum", 0, "μ", "momentum factor"), L2],
        L2Rule + "v ← α·v + (1 − α)·g²; μ = 0: θ ← θ − γ·g/(√v + ε); μ > 0: b ← μ·b + g/(√v + ε), θ ← θ − γ·b",
        "root-mean-square scaled steps");

    /// <summary>torch.optim.Adagrad (lr_decay 0, initial accumulator 0).</summary>
    public static readonly OptimizerMethod Adagrad = new("adagrad", "torch.optim.Adagrad",
        [Lr2, new("eps", 1e-10, "ε", "added to the denominator"), L2],
        L2Rule + "s ← s + g²; θ ← θ − γ·g/(√s + ε)", "steps scaled by the accumulated squared gradients");

    private static readonly ImmutableArray<Hyperparameter> AdamCore =
    [
        Lr3, new("beta1", 0.9, "β₁", "decay of the first moment (betas[0])"),
        new("beta2", 0.999, "β₂", "decay of the second moment (betas[1])"), new("eps", 1e-8, "ε", "added to the denominator"),
    ];

    private const string AdamRule =
        "m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; θ ← θ − (γ/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε)";

    /// <summary>torch.optim.Adam: the paper's m̂/(√v̂ + ε), in torch's order: step size γ/(1 − β₁ᵗ), denominator √v/√(1 − β₂ᵗ) + ε.</summary>
    public static readonly OptimizerMethod Adam = new("adam", "torch.optim.Adam", [.. AdamCore, L2],
        L2Rule + AdamRule, "adaptive moments");

    /// <summary>torch.optim.AdamW: decoupled weight decay (default 1e-2) shrinks θ before the Adam step; g is not changed.</summary>
    public static readonly OptimizerMethod AdamW = new("adamw", "torch.optim.AdamW",
        [.. AdamCore, new("weight_decay", 1e-2, "λ", "decoupled weight decay: θ ← θ·(1 − γλ) before the step")],
        "θ ← θ·(1 − γ·λ); " + AdamRule, "Adam with decoupled weight decay");

    /// <summary>Every method, in the order help texts list them.</summary>
    public static ImmutableArray<OptimizerMethod> All { get; } = [Sgd, Momentum, Nesterov, Rmsprop, Adagrad, Adam, AdamW];

    /// <summary>The method called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static OptimizerMethod? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The method name nearest to a misspelt <paramref name="name"/> (<c>adma</c> → adam), or null.</summary>
    public static string? Suggest(string name) => NameSuggester.Closest(name, All.Select(m => m.Name));

    /// <summary>Whether the method has a hyper-parameter called <paramref name="name"/>.</summary>
    public bool Has(string name) => Hyperparameters.Any(h => h.Name == name);

    /// <summary>The method's defaults: torch's.</summary>
    public OptimizerSettings Defaults => new(this, Hyperparameters.ToImmutableDictionary(h => h.Name, h => h.Default, StringComparer.Ordinal));

    public override string ToString() => Name;
}
