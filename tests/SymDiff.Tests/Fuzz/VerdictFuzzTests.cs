using System.Diagnostics;
using SymDiff.Checking;
using SymDiff.Tests.Torch;
using Xunit.Abstractions;

namespace SymDiff.Tests.Fuzz;

/// <summary>
/// Issue 8, item 10: seeded random functions over the whole grammar, generated as text and parsed (so the parser is
/// fuzzed too), checked through <see cref="DerivativeCheck"/> with real autograd on the written form. First,
/// second and mixed derivatives at random points where the written form is defined and smooth must Pass; at points
/// where it is undefined the verdict must be Undefined. A failure names the seed and case and prints the function,
/// options, point and every value, with a symdiff command line that reproduces it.
/// SYMDIFF_FUZZ_CASES=n runs n cases per test instead and SYMDIFF_FUZZ_SEED=s starts from another seed (a longer
/// hunt: a wrong verdict names its seed and case, and the same two values replay it); SYMDIFF_FUZZ_REPORT=path appends every wrong
/// verdict, and every verdict accepted without proof (Tally.Noteworthy), to a file.
/// </summary>
[Trait("Category", "Torch")]
[Collection("Torch")]
public sealed class VerdictFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20250808;

    [Fact]
    public void Verdicts_at_random_points_are_never_wrong()
    {
        var tally = Run(cases: 5000, (c, oracle, tally, wrong) => c.RunDefined(oracle, tally, wrong), seedOffset: 0);
        Assert.True(tally.Passed >= 4 * tally.Cases, $"only {tally.Passed} points passed ({tally}): the generator has drifted");
        var missing = FuzzCoverage.Required.Where(f => !tally.Coverage.Contains(f)).ToList();
        output.WriteLine($"coverage: {tally.Coverage.Count} features, all {FuzzCoverage.Required.Count()} required");
        Assert.True(missing.Count == 0, $"the generated functions never exercised: {string.Join("; ", missing)}");
    }

    [Fact]
    public void Points_where_the_written_form_has_no_value_are_undefined()
    {
        var tally = Run(cases: 2000, (c, oracle, tally, wrong) => c.RunTrap(oracle, tally, wrong), seedOffset: 1);
        Assert.True(tally.UndefinedFunction >= 3 * tally.Cases, $"only {tally.UndefinedFunction} undefined points ({tally}): the traps have drifted");
    }

    private Tally Run(int cases, Action<FuzzCase, IAutogradOracle, Tally, List<string>> check, int seedOffset)
    {
        using var oracle = TorchAssert.Oracle();
        var tally = new Tally();
        var wrong = new List<string>();
        var clock = Stopwatch.StartNew();
        if (int.TryParse(Environment.GetEnvironmentVariable("SYMDIFF_FUZZ_CASES"), out var more) && more > 0) cases = more;
        var seed = (int.TryParse(Environment.GetEnvironmentVariable("SYMDIFF_FUZZ_SEED"), out var other) ? other : Seed) + seedOffset;
        for (var i = 0; i < cases; i++) check(new FuzzCase(seed, i), oracle, tally, wrong);
        output.WriteLine($"{tally} in {clock.Elapsed.TotalSeconds:F1} s");
        if (Environment.GetEnvironmentVariable("SYMDIFF_FUZZ_REPORT") is { Length: > 0 } report)
            File.AppendAllLines(report, [.. wrong, .. tally.Noteworthy]);
        foreach (var w in wrong.Take(20)) output.WriteLine(w);
        Assert.True(wrong.Count == 0, $"{wrong.Count} wrong verdicts ({tally}); the first:{Environment.NewLine}{string.Join(Environment.NewLine, wrong.Take(5))}");
        return tally;
    }
}
