using SymDiff.Checking;

namespace SymDiff.Tests.Checking;

/// <summary>
/// Issue 11, point 5: an .sdx file's setting lines (wrt, data, rtol, atol, order), a line's own <c>{...}</c> block,
/// and <c>let</c> lines; parsed, then checked without autograd.
/// </summary>
public class SdxSettingsTests
{
    private static List<SdxCase> Cases(string file) => [.. SdxFile.Parse(file)];

    private static List<CaseResult> Run(string file, CheckOptions? options = null) =>
        [.. SdxFile.Parse(file).SelectMany(c => SdxRunner.Check(c, options ?? new CheckOptions()))];

    [Fact]
    public void Setting_lines_apply_to_the_lines_below_until_the_next_line_with_the_same_key()
    {
        var cases = Cases("wrt: w, b\ndata: y=1, x=2\nrtol: 1e-6\norder: 2\nw*x + b - y\nwrt:\nx^2\n");
        Assert.Equal(2, cases.Count);
        var first = cases[0].Settings;
        Assert.Equal("w, b", string.Join(", ", first.Wrt!.Value));
        Assert.Equal(1, first.WrtLine);
        Assert.Equal(1, first.Data["y"]);
        Assert.Equal(2, first.Data["x"]);
        Assert.Equal(1e-6, first.RTol);
        Assert.Null(first.ATol);
        Assert.Equal(2, first.Order);
        Assert.Null(cases[1].Settings.Wrt); // an empty wrt: clears it; the others stay
        Assert.Equal(2, cases[1].Settings.Order);
    }

    [Fact]
    public void A_line_block_overrides_the_file_and_keeps_the_columns_of_its_parts()
    {
        //                                    0         1         2         3
        //                                    0123456789012345678901234567890123
        var c = Cases("rtol: 1e-3\ndata: y=1\n{wrt: x; data: z=3; rtol: 1e-6} x*y*z @ 2 => y*z").Single();
        Assert.Null(c.Error);
        Assert.Equal(new SdxPart("x*y*z", 32), c.Expression);
        Assert.Equal(new SdxPart("2", 40), c.Points);
        Assert.Equal("x", string.Join(", ", c.Settings.Wrt!.Value));
        Assert.Equal(3, c.Settings.WrtLine);
        Assert.Equal(1e-6, c.Settings.RTol);
        Assert.Equal((1.0, 3.0), (c.Settings.Data["y"], c.Settings.Data["z"])); // the block adds to the file's data
    }

    [Theory]
    [InlineData("rtol: -1", "rtol: expected a tolerance, a number >= 0 such as 1e-6, not '-1'", 7)]
    [InlineData("order: 11", "order: expected an integer from 1 to 10, not '11'", 8)]
    [InlineData("wrt: w, sin", "wrt: 'sin' is a function, not a variable", 9)]
    [InlineData("data: 3", "data: name the variable of each value, e.g. data: x=2, y=1", 7)]
    [InlineData("{wrt: x x^2 @ 1", "unclosed '{'", 1)]
    [InlineData("{tol: 1e-6} x^2 @ 1", "unknown setting 'tol' in '{...}': expected wrt:, data:, rtol:, atol:, order:", 2)]
    [InlineData("{order 2} x^2 @ 1", "expected ':' after 'order', e.g. order: 2", 2)]
    [InlineData("{rtol: 1; rtol: 2} x^2 @ 1", "'rtol' is set twice in this line's settings", 11)]
    [InlineData("{wrt:} x^2 @ 1", "'wrt:' needs a value here, e.g. wrt: w, b", 5)]
    public void Bad_settings_are_errors_of_their_line_with_the_column(string line, string message, int column)
    {
        var c = Cases($"# settings\n{line}").Single();
        var error = Assert.IsType<CaseError>(c.Error);
        Assert.StartsWith(message, error.Message);
        Assert.Equal(column, error.Column);
        Assert.Equal(2, c.Line);
        Assert.StartsWith("2:", error.Rendered);
        Assert.Equal(SymDiff.Syntax.DiagnosticCode.SdxBadSetting, error.Code);
        Assert.Contains("SD1307", error.Rendered);
    }

    [Theory]
    [InlineData("atol", "'atol' alone is not a case: a setting line is 'atol: VALUE'")]
    [InlineData("  wrt  ", "'wrt' alone is not a case: a setting line is 'wrt: VALUE'")]
    [InlineData("shape", "'shape' alone is not a case: a setting line is 'shape: VALUE', e.g. shape: A=3x3, x=3")]
    public void A_setting_name_without_its_colon_is_an_error_not_a_case(string line, string message)
    {
        var c = Cases("x^2 @ 1\n" + line + "\n").Last();
        var error = Assert.IsType<CaseError>(c.Error);
        Assert.StartsWith(message, error.Message);
        Assert.Equal(SymDiff.Syntax.DiagnosticCode.SdxBadSetting, error.Code);
        Assert.Equal(2, c.Line);
    }

    [Fact]
    public void A_bad_setting_line_clears_its_setting_for_the_lines_below()
    {
        var cases = Cases("order: 2\norder: zero\nx^3\n");
        Assert.NotNull(cases[0].Error);
        Assert.Null(cases[1].Settings.Order);
    }

    [Fact]
    public void A_line_says_its_own_variables_where_the_file_says_others()
    {
        // Issue 11: with --wrt w,b for the whole file, x^2 @ 1 reported df/dw = 0.
        var results = Run("wrt: w, b\n(w*x + b)^2 @ w=1, x=2, b=0\n{wrt: x} x^2 @ 1\n");
        Assert.All(results, r => Assert.Equal(CaseStatus.Pass, r.Status));
        Assert.Equal(["w", "b"], results[0].Derivatives.Select(d => d.Key));
        Assert.Equal(["x"], results[1].Derivatives.Select(d => d.Key));
        Assert.Equal(2, results[1].Derivatives[0].Symbolic);
    }

    [Fact]
    public void An_inherited_wrt_variable_the_line_lacks_is_left_out_with_a_note()
    {
        var r = Assert.Single(Run("wrt: w, b\nw^2 @ 3\n"));
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal(["w"], r.Derivatives.Select(d => d.Key));
        Assert.Contains("'b' does not occur in this line: not differentiated by it (the wrt: on line 1)", r.Notes);

        var cli = Assert.Single(Run("w^2 @ 3\n", new CheckOptions { Wrt = ["w", "b"] }));
        Assert.Contains("'b' does not occur in this line: not differentiated by it (--wrt)", cli.Notes);
    }

    [Fact]
    public void A_line_without_any_inherited_wrt_variable_is_an_error_that_says_how_to_fix_it()
    {
        var r = Assert.Single(Run("wrt: w, b\nx^2 @ 1\n"));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal("none of the variables to differentiate by (w, b, from the wrt: on line 1) occurs in x^2 (its variables: x); " +
                     "give this line its own, e.g. {wrt: x} x^2, or end the file's with an empty 'wrt:' line", r.Error!.Message);
        Assert.Equal(1, r.Error.Column);
    }

    [Fact]
    public void A_line_block_naming_a_variable_its_expression_lacks_is_an_error_at_the_name()
    {
        var r = Assert.Single(Run("{wrt: x, q} x^2 @ 1\n"));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal("wrt: 'q' does not occur in x^2 (its variables: x)", r.Error!.Message);
        Assert.Equal(10, r.Error.Column);
    }

    [Fact]
    public void Data_fills_the_values_a_point_leaves_out_and_a_point_overrides_it()
    {
        var results = Run("data: y=1, x=2\n(w*x + b - y)^2 @ w=0.5, b=0.1\n(w*x - y)^2 @ w=1, y=3\nw*y @ 4\n");
        Assert.All(results, r => Assert.Equal(CaseStatus.Pass, r.Status));
        Assert.Equal(2 * (0.5 * 2 + 0.1 - 1) * 2, results[0].Derivatives.Single(d => d.Key == "w").Symbolic!.Value, 12);
        Assert.Equal(2 * (1 * 2 - 3) * 2, results[1].Derivatives.Single(d => d.Key == "w").Symbolic!.Value, 12);
        Assert.Equal(new Dictionary<string, double> { ["w"] = 4, ["y"] = 1 }, results[2].Point!.Value.ToDictionary());
    }

    [Fact]
    public void A_line_block_adds_data_to_the_file_data_and_a_named_point_overrides_either()
    {
        var results = Run("data: x=2\n{data: y=3} x*y @ x=5\n{data: y=3} x*y @ y=5\n");
        Assert.All(results, r => Assert.Equal(CaseStatus.Pass, r.Status));
        Assert.Equal(new Dictionary<string, double> { ["x"] = 5, ["y"] = 3 }, results[0].Point!.Value.ToDictionary());
        Assert.Equal(new Dictionary<string, double> { ["x"] = 2, ["y"] = 5 }, results[1].Point!.Value.ToDictionary());
    }

    [Fact]
    public void A_lone_value_under_data_goes_to_the_variable_without_data_or_else_to_the_one_differentiated_by()
    {
        var results = Run("data: x=2, y=1\n{wrt: x} x^2*y @ 3\nx*y*z @ 5\n");
        Assert.Equal(new Dictionary<string, double> { ["x"] = 3, ["y"] = 1 }, results[0].Point!.Value.ToDictionary());
        Assert.Equal(6, results[0].Derivatives.Single().Symbolic);
        Assert.Equal(5, results[1].Point!.Value.ToDictionary()["z"]);
    }

    [Fact]
    public void Data_on_a_vector_line_is_not_ignored_in_silence()
    {
        var r = Assert.Single(Run("data: y=1\nsum((W@x - y)^2) @ W=[[1, 2], [3, 4]], x=[1, 2], y=[0, 1]\n"));
        Assert.Contains("data: does not apply to vector/matrix lines; y took the point's values (or seeded random ones)", r.Notes);
    }

    [Fact]
    public void Tolerances_and_order_reach_the_check()
    {
        var r = Assert.Single(Run("order: 2\n{rtol: 0.5; atol: 0.25} x^3 @ 1\n"));
        Assert.Equal(["x,x"], r.Derivatives.Select(d => d.Key));
        Assert.Equal(6, r.Derivatives[0].Symbolic);
        var options = new SdxSettings { RTol = 0.5 }.Apply(new CheckOptions { Tolerance = new Tolerance(1e-9, 1e-3) });
        Assert.Equal(new Tolerance(0.5, 1e-3), options.Tolerance);
    }

    [Fact]
    public void Let_names_are_substituted_into_the_written_form_of_the_lines_below()
    {
        var c = Cases("let s = sigmoid(w*x + b)\nlet loss = (s - y)^2\nloss @ w=1, x=2, b=0, y=1 => d/dw: 2*(s - y)*s*(1 - s)*x").Single();
        // Parentheses only where needed: none around a call or a use that stands alone.
        Assert.Equal("(sigmoid(w*x + b) - y)^2", c.Expression.Text);
        Assert.Equal("d/dw: 2*(sigmoid(w*x + b) - y)*sigmoid(w*x + b)*(1 - sigmoid(w*x + b))*x", c.Claim!.Value.Text);
        Assert.Equal("loss", c.Written!.Expression.Text);
        Assert.Equal(["loss", "s"], c.Lets.Select(l => l.Name)); // s in the claim
        Assert.Equal(c.Expression.Text, c.Text.Substring(c.Expression.Offset, c.Expression.Text.Length));
        var points = c.Points!.Value;
        Assert.Equal(points.Text, c.Text.Substring(points.Offset, points.Text.Length));

        var results = SdxRunner.Check(c, new CheckOptions { Wrt = ["w"] });
        var r = Assert.Single(results);
        Assert.Equal(CaseStatus.Pass, r.Status);
        Assert.Equal("loss", r.Input); // reports show what the user wrote
        Assert.Equal(ClaimVerdict.Correct, r.Claim!.Verdict);
        Assert.Equal("2*(s - y)*s*(1 - s)*x", r.Claim.Expression); // and the claim as written
    }

    [Theory]
    [InlineData("let u = x + 1\nu*u", "(x + 1)*(x + 1)")]
    [InlineData("let u = x + 1\nsin(u) + u^2", "sin(x + 1) + (x + 1)^2")]
    [InlineData("let u = 2\nlet v = u*x\nv/u", "(2*x)/2")]
    [InlineData("let T = x\nx.T + T(2) + T", "x.T + T(2) + x")] // a transpose and a call are not uses of the let
    public void Lets_are_substituted_with_parentheses_where_needed(string file, string expression) =>
        Assert.Equal(expression, Cases(file).Single().Expression.Text);

    [Theory]
    [InlineData("let sin = x^2", "let: 'sin' is a function, not a variable", 5)]
    [InlineData("let s = x\nlet s = y", "let: 's' is already defined on line 1; give this one another name", 5)]
    [InlineData("data: y=1\nlet y = 2*x", "let: 'y' is a variable in use: the data: on line 1 gives it a value", 5)]
    [InlineData("wrt: w\nlet w = x", "let: 'w' is a variable in use: the wrt: on line 1 differentiates by it", 5)]
    [InlineData("let s = 2*s", "let: 's' is used in its own definition", 11)]
    [InlineData("let s = sinn(x)", "let: unknown function 'sinn'; did you mean 'sin'?", 9)]
    [InlineData("let s =", "let: expected an expression after 's ='", 7)]
    [InlineData("let s x^2", "expected 'let NAME = EXPR', e.g. let s = sigmoid(w*x + b)", 1)]
    public void Bad_lets_are_errors_with_their_line_and_column(string file, string message, int column)
    {
        var c = Cases(file).Last();
        var error = Assert.IsType<CaseError>(c.Error);
        Assert.Equal(message, error.Message);
        Assert.Equal(column, error.Column);
        Assert.Equal(file.Count(ch => ch == '\n') + 1, c.Line);
        Assert.NotNull(error.Code); // SD1308, or the parser's code for a body that does not parse
    }

    [Fact]
    public void A_syntax_error_in_a_line_using_lets_is_shown_in_the_line_as_written()
    {
        var r = Assert.Single(Run("let s = sigmoid(x)\ns + sinn(x) @ 1\n"));
        Assert.Equal(CaseStatus.Error, r.Status);
        Assert.Equal(5, r.Error!.Column);
        Assert.Contains("s + sinn(x) @ 1", r.Error.Rendered);
    }
}
