using SymDiff.Checking;
using SymDiff.Functions;

namespace SymDiff.Tests.Checking;

public class FiniteDifferencesTests
{
    [Fact]
    public void Ridders_is_accurate_for_a_smooth_function()
    {
        var (d, error) = FiniteDifferences.Derivative(Math.Sin, 0.5);
        Assert.Equal(Math.Cos(0.5), d, 1e-12);
        Assert.True(error < 1e-10, $"error estimate {error}");
    }

    // Found by the verdict fuzz: f(y) ~ 1128/y near y = -0.058. The first step (0.05) reaches within 0.008 of the pole
    // and spoiled the whole tableau (-285188.7, where f' = -332724.36), so finite differences could not vouch for the
    // symbolic value when autograd said NaN.
    [Fact]
    public void Ridders_starts_again_with_smaller_steps_when_a_pole_is_within_the_first_one()
    {
        const double y = -0.05825012971565602;
        static double F(double t) => ElementaryFunctions.Erf(t) * Math.Pow(10 / t, 3) * ElementaryFunctions.Expm1(t);
        var (d, error) = FiniteDifferences.Ridders(h => (F(y + h) - F(y - h)) / (2 * h), FiniteDifferences.InitialStep(0));
        Assert.Equal(-332724.36195421894, d, 332724.36 * 1e-8);
        Assert.True(error < 1e-8 * 332724.36, $"error estimate {error}");
    }
}
