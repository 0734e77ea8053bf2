using System.Collections.Immutable;

namespace SymDiff.Optimization;

/// <summary>
/// A method and the value of each of its hyper-parameters (torch's defaults unless changed with <see cref="With"/>).
/// Only the method's own hyper-parameters exist: asking to set <c>beta1</c> on <c>sgd</c> is an error, never ignored,
/// because a value that silently does nothing is a wrong experiment.
/// </summary>
/// <example><code>var s = OptimizerMethod.Adam.Defaults.With("lr", 0.01);
/// s["lr"];   // 0.01
/// s["beta2"]; // 0.999</code></example>
public sealed record OptimizerSettings(OptimizerMethod Method, ImmutableDictionary<string, double> Values)
{
    /// <summary>The value of hyper-parameter <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The method has no such hyper-parameter.</exception>
    public double this[string name] => Values.TryGetValue(name, out var v) ? v
        : throw new ArgumentException($"{Method.Name} has no hyper-parameter '{name}'", nameof(name));

    /// <summary>These settings with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The method has no such hyper-parameter, or the value is out of its range (<see cref="Check"/>).</exception>
    public OptimizerSettings With(string name, double value)
    {
        if (!Method.Has(name)) throw new ArgumentException($"{Method.Name} has no hyper-parameter '{name}'", nameof(name));
        if (Check(name, value) is { } error) throw new ArgumentException(error, nameof(value));
        return this with { Values = Values.SetItem(name, value) };
    }

    /// <summary>
    /// Why <paramref name="value"/> is not allowed for <paramref name="name"/> (the ranges torch.optim's constructors
    /// enforce), or null when it is.
    /// </summary>
    public static string? Check(string name, double value) => name switch
    {
        _ when !double.IsFinite(value) => $"{name} must be a finite number, not {Format(value)}",
        "beta1" or "beta2" when value is < 0 or >= 1 => $"{name} must be in [0, 1), not {Format(value)}",
        _ when value < 0 => $"{name} must be >= 0, not {Format(value)}",
        _ => null,
    };

    /// <summary>
    /// Why the values together are not a method torch.optim would build (each value alone passing <see cref="Check"/>),
    /// or null: Nesterov's look-ahead needs a momentum (torch.optim.SGD refuses nesterov=True with momentum 0).
    /// </summary>
    public string? Conflict =>
        Method == OptimizerMethod.Nesterov && this["momentum"] <= 0
            ? "nesterov needs a momentum > 0 (torch.optim.SGD refuses nesterov=True without one); for plain steps use --method sgd"
            : null;

    /// <summary>"lr=0.001, beta1=0.9, ...", in the method's order, round-trip digits.</summary>
    public override string ToString() =>
        string.Join(", ", Method.Hyperparameters.Select(h => $"{h.Name}={Format(Values[h.Name])}"));

    private static string Format(double v) => Numbers.NumberText.Value(v);
}
