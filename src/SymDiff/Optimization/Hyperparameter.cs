namespace SymDiff.Optimization;

/// <summary>
/// One hyper-parameter of an <see cref="OptimizerMethod"/>: its name as torch.optim spells it (<c>lr</c>,
/// <c>weight_decay</c>), the default torch.optim gives it, and the symbol the update rule's formula uses for it.
/// Defaults are torch's so that a run without options is the run a PyTorch user would get.
/// </summary>
/// <param name="Name">torch.optim's keyword (<c>beta1</c> and <c>beta2</c> stand for the two entries of <c>betas</c>).</param>
/// <param name="Default">torch.optim's default.</param>
/// <param name="Symbol">The symbol in <see cref="OptimizerMethod.Rule"/> (γ for lr, λ for weight_decay).</param>
/// <param name="Description">One line for help texts.</param>
/// <example><code>new Hyperparameter("lr", 1e-3, "γ", "learning rate");</code></example>
public sealed record Hyperparameter(string Name, double Default, string Symbol, string Description)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);
}
