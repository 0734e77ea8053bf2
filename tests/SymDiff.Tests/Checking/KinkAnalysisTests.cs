using System.Collections.Immutable;
using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Functions;
using SymDiff.Numbers;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Kink notes from the table's Kink column: exact one-sided derivatives (limits, ±inf as such), jumps described as
/// jumps, and no note where the function is differentiable.
/// </summary>
public class KinkAnalysisTests
{
    private static KinkReport At(string input, params (string Name, double Value)[] point)
    {
        var f = new ExprFactory();
        var expr = Parse.Expr(input, f);
        return KinkAnalysis.Find(expr, point.ToDictionary(p => p.Name, p => p.Value), [.. point.Select(p => p.Name)], f);
    }

    private static KinkDirection Along(KinkReport report, string variable) =>
        Assert.Single(report.Kinks.SelectMany(k => k.Directions).Where(d => d.Variable == variable).Distinct());

    private static string Note(KinkReport report) => Assert.Single(report.Describe());

    [Fact]
    public void Abs_at_0_has_slopes_minus_1_and_1_and_its_convention()
    {
        var r = At("abs(x)", ("x", 0));
        var kink = Assert.Single(r.Kinks);
        Assert.Equal("abs(x)", kink.Node.ToString());
        Assert.Equal("abs(x) has a kink where x = 0", kink.Description);
        Assert.Contains("abs'(0) = 0", kink.Convention);
        var x = Along(r, "x");
        Assert.Equal(-1, x.Left.Slope);
        Assert.Equal(1, x.Right.Slope);
        Assert.False(x.IsDifferentiable);
        // abs(x) has a kink where x = 0: d/dx from the left -1, from the right 1; convention: abs'(0) = 0 (...)
        Assert.StartsWith("abs(x) has a kink where x = 0: d/dx from the left -1, from the right 1; convention: abs'(0) = 0", Note(r));
    }

    [Fact]
    public void Relu_at_0_never_prints_minus_zero()
    {
        var r = At("relu(x)", ("x", 0));
        var x = Along(r, "x");
        Assert.Equal(0, x.Left.Slope);
        Assert.Equal(1, x.Right.Slope);
        Assert.Contains("d/dx from the left 0, from the right 1", Note(r));
        Assert.DoesNotContain("-0", Note(r));
    }

    [Fact]
    public void Shifted_relu_at_its_kink()
    {
        var r = At("relu(x - 1)", ("x", 1));
        Assert.Equal("relu(x - 1) has a kink where x - 1 = 0", Assert.Single(r.Kinks).Description);
        var x = Along(r, "x");
        Assert.Equal((0.0, 1.0), (x.Left.Slope, x.Right.Slope));
    }

    [Fact]
    public void Max_at_a_tie_takes_each_argument_on_its_side()
    {
        var r = At("max(x, 1)", ("x", 1));
        Assert.Equal("max(x, 1) is at a tie (x = 1)", Assert.Single(r.Kinks).Description);
        var x = Along(r, "x");
        Assert.Equal((0.0, 1.0), (x.Left.Slope, x.Right.Slope));
        Assert.Contains("torch.maximum", Note(r));
    }

    [Fact]
    public void Min_and_max_of_two_variables_at_a_tie()
    {
        var r = At("min(x, y)", ("x", 2), ("y", 2));
        var x = Along(r, "x");
        var y = Along(r, "y");
        Assert.Equal((1.0, 0.0), (x.Left.Slope, x.Right.Slope));
        Assert.Equal((1.0, 0.0), (y.Left.Slope, y.Right.Slope));
        Assert.Contains("d/dx from the left 1, from the right 0; d/dy from the left 1, from the right 0", Note(r));
    }

    [Theory]
    [InlineData("sign(x)", -1, 0, 1)]
    [InlineData("heaviside(x)", 0, 0, 1)]
    public void A_jump_is_described_as_a_jump_of_the_function(string input, double left, double here, double right)
    {
        var r = At(input, ("x", 0));
        var x = Along(r, "x");
        Assert.True(x.IsJump);
        Assert.Equal((left, here, right), (x.Left.Value, x.Value, x.Right.Value));
        var note = Note(r);
        Assert.Contains($"{input} jumps where x = 0", note);
        Assert.Contains($"along x f jumps: {PointAnalysis.Show(left)} from the left, 0 here, 1 from the right", note);
        Assert.DoesNotContain("d/dx", note);
        Assert.DoesNotContain("150000", note);
    }

    [Fact]
    public void Sqrt_at_0_is_plus_infinity_from_the_right_and_undefined_from_the_left()
    {
        var r = At("sqrt(x)", ("x", 0));
        var x = Along(r, "x");
        Assert.False(x.Left.IsDefined);
        Assert.Equal(double.PositiveInfinity, x.Right.Slope);
        var note = Note(r);
        Assert.Contains("d/dx from the left: f is not defined there, from the right +Infinity", note);
        Assert.DoesNotContain("408", note);
    }

    [Fact]
    public void Cbrt_at_0_has_a_vertical_tangent()
    {
        var r = At("cbrt(x)", ("x", 0));
        Assert.Equal("cbrt(x) has a vertical tangent where x = 0", Assert.Single(r.Kinks).Description);
        var x = Along(r, "x");
        Assert.Equal((double.PositiveInfinity, double.PositiveInfinity), (x.Left.Slope, x.Right.Slope));
        Assert.False(x.IsDifferentiable);
        Assert.Contains("d/dx is +Infinity from both sides", Note(r));
    }

    [Theory]
    [InlineData("abs(x)^3")]
    [InlineData("x*relu(x)")]
    [InlineData("relu(relu(x) - 1)")]
    [InlineData("abs(x) - relu(x) - relu(-x)")]
    [InlineData("cbrt(x)^4")]
    [InlineData("max(x^3, 0)")]
    public void No_note_where_the_function_is_differentiable(string input)
    {
        var r = At(input, ("x", 0));
        Assert.NotEmpty(r.Kinks);
        Assert.All(r.Kinks, k => Assert.True(k.IsDifferentiable, k.Node.ToString()));
        Assert.Empty(r.Describe());
        Assert.False(r.HasNonDifferentiableKink);
    }

    [Fact]
    public void A_flat_stretch_through_a_kink_is_differentiable()
    {
        // relu(x) is 0 on both sides of -1, so the outer relu sits on its kink without being one.
        var r = At("relu(relu(x))", ("x", -1));
        Assert.NotEmpty(r.Kinks);
        Assert.Empty(r.Describe());
    }

    [Fact]
    public void A_product_of_kinks_is_a_kink_along_one_variable_only()
    {
        var r = At("abs(x)*abs(y)", ("x", 0), ("y", 2));
        var kink = Assert.Single(r.Kinks);
        Assert.Equal("abs(x)", kink.Node.ToString());
        var x = Assert.Single(kink.Directions);
        Assert.Equal("x", x.Variable);
        Assert.Equal((-2.0, 2.0), (x.Left.Slope, x.Right.Slope));
        Assert.Contains("d/dx from the left -2, from the right 2", Note(r));
        Assert.DoesNotContain("d/dy", Note(r));
    }

    [Fact]
    public void Two_kinks_on_one_point_are_crossed_together()
    {
        var r = At("abs(x) + relu(x)", ("x", 0));
        Assert.Equal(2, r.Kinks.Length);
        var x = Along(r, "x");
        Assert.Equal((-1.0, 2.0), (x.Left.Slope, x.Right.Slope));
        Assert.Equal(2, r.Describe().Length);
    }

    [Fact]
    public void Atan2_at_the_origin_jumps_along_both_variables()
    {
        var r = At("atan2(y, x)", ("y", 0), ("x", 0));
        var kink = Assert.Single(r.Kinks);
        Assert.Contains("origin", kink.Description);
        var x = Along(r, "x");
        var y = Along(r, "y");
        Assert.True(x.IsJump);
        Assert.True(y.IsJump);
        Assert.Equal(Math.PI, x.Left.Value, 12);
        Assert.Equal(0, x.Right.Value);
        Assert.Equal(-Math.PI / 2, y.Left.Value, 12);
        Assert.Equal(Math.PI / 2, y.Right.Value, 12);
        Assert.Contains("along x f jumps", Note(r));
        Assert.Contains("along y f jumps", Note(r));
    }

    [Fact]
    public void Atan2_jumps_across_its_branch_cut()
    {
        var r = At("atan2(y, x)", ("y", 0), ("x", -1));
        var kink = Assert.Single(r.Kinks);
        Assert.Contains("branch cut", kink.Description);
        var y = Assert.Single(kink.Directions);
        Assert.Equal("y", y.Variable);
        Assert.True(y.IsJump);
        Assert.Equal(-Math.PI, y.Left.Value, 9);
        Assert.Equal(Math.PI, y.Right.Value, 12);
    }

    [Theory]
    [InlineData("sqrt(x^2)", 0, -1, 1)]
    [InlineData("cbrt(x)^2", 0, double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("x^(3/2)", 0, double.NaN, 0)]
    public void Singular_derivatives_are_limits(string input, double at, double left, double right)
    {
        var x = Along(At(input, ("x", at)), "x");
        if (double.IsNaN(left)) Assert.False(x.Left.IsDefined);
        else Assert.Equal(left, x.Left.Slope);
        Assert.Equal(right, x.Right.Slope);
    }

    [Fact]
    public void Asin_at_the_end_of_its_domain()
    {
        var x = Along(At("asin(x)", ("x", 1)), "x");
        Assert.Equal(double.PositiveInfinity, x.Left.Slope);
        Assert.False(x.Right.IsDefined);
    }

    [Fact]
    public void No_kinks_at_a_smooth_point_or_off_the_wrt_variables()
    {
        Assert.Empty(At("abs(x) + x^2", ("x", 1)).Kinks);
        var f = new ExprFactory();
        var r = KinkAnalysis.Find(Parse.Expr("x*abs(y)", f), new Dictionary<string, double> { ["x"] = 1, ["y"] = 0 }, ["x"], f);
        Assert.Empty(r.Describe());
    }

    [Fact]
    public void Show_never_prints_minus_zero_and_signs_infinity()
    {
        Assert.Equal("0", PointAnalysis.Show(-0.0));
        Assert.Equal("+Infinity", PointAnalysis.Show(double.PositiveInfinity));
        Assert.Equal("-Infinity", PointAnalysis.Show(double.NegativeInfinity));
        Assert.Equal("-1.5", PointAnalysis.Show(-1.5));
    }

    [Fact]
    public void Positions_come_from_the_table()
    {
        var f = new ExprFactory();
        var kinks = PointAnalysis.FindKinks(Parse.Expr("abs(x) + max(x, 0) + sqrt(x) + cbrt(x)", f), new Dictionary<string, double> { ["x"] = 0 });
        Assert.Equal(4, kinks.Count);
    }

    // Every branch in the Kink column is the row itself on its side of the switch (one test covers every row).
    [Fact]
    public void Every_branch_of_the_kink_column_matches_its_row()
    {
        var f = new ExprFactory();
        var rng = new Random(8);
        var rows = FunctionTable.All.Where(r => !r.Kinks.IsEmpty).ToList();
        Assert.Contains(rows, r => r.Name == "abs");
        foreach (var row in rows)
        foreach (var rule in row.Kinks.Where(k => k.Below is not null))
        {
            for (var i = 0; i < 50; i++)
            {
                double[] values = [.. Enumerable.Range(0, row.Arity).Select(_ => Math.Round(rng.NextDouble() * 6 - 3, 2))];
                ImmutableArray<Expr> args = [.. values.Select(v => f.Number(Rational.Create((int)Math.Round(v * 100), 100)))];
                var s = Math.Sign(Evaluator.Evaluate(rule.Switch!(f, args), new Dictionary<string, double>()));
                if (s == 0) { Assert.True(rule.IsAt(values), $"{row} at its switch's zero"); continue; }
                var branch = (s < 0 ? rule.Below : rule.Above)!(f, args);
                Assert.Equal(row.Evaluate(values), Evaluator.Evaluate(branch, new Dictionary<string, double>()), 12);
                Assert.False(rule.IsAt(values), $"{row} off its kink");
            }
        }
    }

    // Property: at a kink planted in a random smooth composition, the exact one-sided derivative is the slope of f
    // just beside the point, which a one-sided finite difference at a tiny offset sees too.
    [Fact]
    public void One_sided_derivatives_match_one_sided_finite_differences_at_random_kinks()
    {
        var (checkedSides, kinked) = (0, 0);
        for (var seed = 0; seed < 300; seed++)
        {
            var f = new ExprFactory();
            var rng = new Random(seed);
            var at = Rational.Create(rng.Next(-12, 13), 4);
            var x = f.Symbol("x");
            var shifted = f.Mul(f.Number(Rational.Create(rng.Next(1, 4) * (rng.Next(2) * 2 - 1), rng.Next(1, 3))), f.Sub(x, f.Number(at)));
            var kink = rng.Next(8) switch
            {
                6 => f.Fn("sign", shifted),
                7 => f.Fn("heaviside", f.Sub(f.Symbol("x"), f.Number(at))),
                0 => f.Fn("abs", shifted),
                1 => f.Fn("relu", shifted),
                2 => f.Fn("max", x, f.Number(at)),
                3 => f.Fn("min", f.Fn("sin", shifted), f.Zero),
                4 => f.Fn("max", f.Mul(shifted, f.Fn("exp", x)), f.Mul(f.Number(2), shifted)),
                _ => f.Fn("abs", f.Pow(shifted, 3)),
            };
            var outer = RandomExpressions.Build(seed, f, maxDepth: 3, variableCount: 2, smoothOnly: true);
            if (!outer.DependsOn("y")) outer = f.Add(outer, f.Fn("sin", f.Symbol("y")));
            var function = ExprRebuilder.Substitute(f.Mul(outer, f.Add(f.One, f.Symbol("y"))), f, new Dictionary<string, Expr> { ["y"] = kink });
            var point = new Dictionary<string, double> { ["x"] = at.ToDouble() };
            if (!double.IsFinite(Evaluator.Evaluate(function, point))) continue;

            var report = KinkAnalysis.Find(function, point, ["x"], f);
            var direction = report.Kinks.SelectMany(k => k.Directions).FirstOrDefault();
            Assert.True(direction is not null, $"seed {seed}: no kink found in {function} at x = {at}");
            if (!direction.IsDifferentiable) kinked++;
            foreach (var (side, sign) in new[] { (direction.Left, -1), (direction.Right, 1) })
            {
                if (!side.IsDefined || !double.IsFinite(side.Slope)) continue;
                double F(double h) => Evaluator.Evaluate(function, new Dictionary<string, double> { ["x"] = at.ToDouble() + sign * h });
                // Both stencil points lie on the one side; the slope there differs from the limit by O(h), or by
                // O(sqrt(h)) beside a power singularity (|u|^(3/2)), so the best of a few tiny offsets is compared.
                var fds = new[] { 1e-5, 1e-6, 1e-7, 1e-8, 1e-9 }.Select(h => sign * (F(2 * h) - F(h)) / h).Where(double.IsFinite).ToList();
                if (fds.Count == 0) continue;
                var fd = fds.MinBy(d => Math.Abs(d - side.Slope));
                Assert.True(Math.Abs(fd - side.Slope) <= 1e-3 * Math.Max(1, Math.Abs(side.Slope)),
                    $"seed {seed}: {function} at x = {at}, side {sign}: exact {side.Slope}, finite differences {string.Join(", ", fds)}");
                checkedSides++;
            }
        }
        Assert.True(checkedSides > 350 && kinked > 120, $"only {checkedSides} sides checked, {kinked} kinks not differentiable");
    }

    [Theory]
    [InlineData("sqrt(x^2)", -1, 1)]
    [InlineData("sqrt(x^4)", 0, 0)]
    public void An_argument_that_touches_the_end_of_the_domain_without_crossing_is_a_kink(string input, double left, double right)
    {
        var r = At(input, ("x", 0));
        var kink = Assert.Single(r.Kinks);
        Assert.StartsWith($"{kink.Node} has a kink where", kink.Description);
        Assert.Contains("touches the end of its domain without crossing it", kink.Description);
        var x = Along(r, "x");
        Assert.Equal((left, right), (x.Left.Slope, x.Right.Slope));
    }

    [Fact]
    public void Opposite_vertical_tangents_are_not_the_same_slope()
    {
        // sqrt(abs(x)) at 0: a cusp, -inf from the left and +inf from the right (not "+Infinity from both sides").
        var x = Along(At("abs(x)^0.5", ("x", 0)), "x");
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), (x.Left.Slope, x.Right.Slope));
        Assert.False(x.IsDifferentiable);
        Assert.DoesNotContain("from both sides", x.Describe());
    }
}
