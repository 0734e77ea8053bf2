namespace SymDiff.Checking;

/// <summary>How close two derivative values must be to agree: |a - b| &lt;= Absolute + Relative*max(|a|, |b|).</summary>
/// <example><code>Tolerance.For(NumericType.Float32).Agrees(8.0, 8.0000001); // true</code></example>
public sealed record Tolerance(double Relative, double Absolute)
{
    private bool PrintMembers(System.Text.StringBuilder builder) => RecordText.PrintMembers(this, builder);

    /// <summary>float64: rtol 1e-9, atol 1e-12.</summary>
    public static Tolerance Float64 { get; } = new(1e-9, 1e-12);

    /// <summary>float32, scaled to its epsilon (1.2e-7): rtol 1e-4 (about 840 ulps), atol 1e-6.</summary>
    public static Tolerance Float32 { get; } = new(1e-4, 1e-6);

    /// <summary>Finite differences are approximate (error ~h^4 with Richardson): rtol 1e-6, atol 1e-8.</summary>
    public static Tolerance FiniteDifference { get; } = new(1e-6, 1e-8);

    public static Tolerance For(NumericType type) => type == NumericType.Float32 ? Float32 : Float64;

    public bool Agrees(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
        if (double.IsInfinity(a) || double.IsInfinity(b)) return a == b;
        return Math.Abs(a - b) <= Absolute + Relative * Math.Max(Math.Abs(a), Math.Abs(b));
    }
}

/// <summary>The floating-point type autograd computes in.</summary>
public enum NumericType { Float64, Float32 }
