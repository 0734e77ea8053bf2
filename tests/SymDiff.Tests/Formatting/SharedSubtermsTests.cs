using SymDiff.Expressions;
using SymDiff.Formatting;
using SymDiff.Tests.Support;

namespace SymDiff.Tests.Formatting;

public class SharedSubtermsTests
{
    private static (string[] Values, string[] Where) Abbreviate(string[] inputs, params string[] variables)
    {
        var f = new ExprFactory();
        var exprs = inputs.Select(i => Parse.Expr(i, f)).ToArray();
        var all = variables.Length > 0 ? variables : exprs.SelectMany(e => e.FreeSymbols).Distinct().ToArray();
        var a = SharedSubterms.Abbreviate(exprs, all);
        return ([.. a.Values.Select(v => v.ToString())], [.. a.Where.Select(w => $"{w.Name} = {w.Value}")]);
    }

    [Fact]
    public void A_call_printed_twice_is_named_after_its_function()
    {
        var (values, where) = Abbreviate(["x*(sigmoid(w*x + b) - y)", "sigmoid(w*x + b) - y"]);
        Assert.Equal(["x*(s - y)", "s - y"], values);
        Assert.Equal(["s = sigmoid(w*x + b)"], where);
    }

    [Fact]
    public void A_taken_letter_gives_way_to_the_next_free_one()
    {
        var (values, where) = Abbreviate(["s*sigmoid(w*x + b)", "sigmoid(w*x + b)^2"]);
        Assert.Equal(["s*u", "u^2"], values);
        Assert.Equal(["u = sigmoid(w*x + b)"], where);
    }

    [Theory]
    [InlineData("sigmoid(x) + sigmoid(x)^2")]           // a call of a plain variable is short already
    [InlineData("exp(b)/(exp(a) + exp(b)) + exp(a)")]     // printed once
    public void Small_or_single_subterms_stay(string input)
    {
        var (values, where) = Abbreviate([input]);
        Assert.Empty(where);
        Assert.Equal(Parse.Expr(input, new ExprFactory()).ToString(), values[0]);
    }

    [Fact]
    public void A_whole_expression_is_never_named()
    {
        var (_, where) = Abbreviate(["x*sin(y) + y*cos(x)", "x*sin(y) + y*cos(x)"]);
        Assert.Empty(where);
    }

    [Fact]
    public void Substituting_the_names_back_gives_the_expressions()
    {
        var f = new ExprFactory();
        var inputs = new[] { "2*x^2*sigmoid(w*x + b)*(1 - sigmoid(w*x + b))*(2*y*sigmoid(w*x + b) - 3*sigmoid(w*x + b)^2 - y + 2*sigmoid(w*x + b))",
                             "2*sigmoid(w*x + b)*(1 - sigmoid(w*x + b))*(2*y*sigmoid(w*x + b) - 3*sigmoid(w*x + b)^2 - y + 2*sigmoid(w*x + b))" };
        var exprs = inputs.Select(i => Parse.Expr(i, f)).ToArray();
        var a = SharedSubterms.Abbreviate(exprs, ["w", "x", "b", "y"]);
        Assert.NotEmpty(a.Where);
        for (var i = 0; i < exprs.Length; i++)
        {
            var back = a.Values[i];
            // Each name's value may use the names before it: substitute the last first.
            foreach (var w in a.Where.Reverse())
                back = ExprRebuilder.Substitute(back, f, new Dictionary<string, Expr> { [w.Name] = w.Value });
            Assert.Equal(exprs[i], back);
        }
    }
}
