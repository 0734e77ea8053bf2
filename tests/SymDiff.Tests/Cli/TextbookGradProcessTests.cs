using System.Text.Json;

namespace SymDiff.Tests.Cli;

/// <summary>Issue 11, point 3, end to end: textbook loss gradients and where-lines printed by <c>symdiff grad</c>.</summary>
public class TextbookGradProcessTests
{
    private const string BinaryCrossEntropy = "-(y*log(sigmoid(w*x + b)) + (1 - y)*log(1 - sigmoid(w*x + b)))";
    private const string SigmoidSquaredError = "(sigmoid(w*x + b) - y)^2";

    private static string Grad(params string[] args)
    {
        var r = CliProcess.Run(["grad", .. args]);
        Assert.True(r.ExitCode == 0, r.Error);
        return r.Out.ReplaceLineEndings("\n");
    }

    [Fact]
    public void Binary_cross_entropy_gradient_names_the_sigmoid_once()
    {
        Assert.Equal(
            $"f(y, w, x, b) = {BinaryCrossEntropy}\n\n" +
            "df/dw = x*(s - y)\n" +
            "df/db = s - y\n" +
            "where s = sigmoid(w*x + b)\n",
            Grad(BinaryCrossEntropy, "--wrt", "w,b"));
    }

    [Fact]
    public void Binary_cross_entropy_hessian()
    {
        Assert.Equal(
            $"f(y, w, x, b) = {BinaryCrossEntropy}\n\n" +
            "d2f/dw2  = s*x^2*(1 - s)\n" +
            "d2f/dwdb = s*x*(1 - s)\n" +
            "d2f/dbdw = s*x*(1 - s)\n" +
            "d2f/db2  = s*(1 - s)\n" +
            "where s = sigmoid(w*x + b)\n",
            Grad(BinaryCrossEntropy, "--wrt", "w,b", "--order", "2"));
    }

    [Fact]
    public void Softmax_cross_entropy_gradient_has_nothing_worth_naming()
    {
        Assert.Equal(
            "f(a, b) = -log(exp(a)/(exp(a) + exp(b)))\n\n" +
            "df/da = -exp(b)/(exp(a) + exp(b))\n" +
            "df/db = exp(b)/(exp(a) + exp(b))\n",
            Grad("-log(exp(a)/(exp(a) + exp(b)))"));
    }

    [Fact]
    public void Sigmoid_squared_error_hessian_reads_well()
    {
        Assert.Equal(
            $"f(w, x, b, y) = {SigmoidSquaredError}\n\n" +
            "d2f/dw2  = 2*s*u*x^2*(1 - s)\n" +
            "d2f/dwdb = 2*s*u*x*(1 - s)\n" +
            "d2f/dbdw = 2*s*u*x*(1 - s)\n" +
            "d2f/db2  = 2*s*u*(1 - s)\n" +
            "where s = sigmoid(w*x + b)\n" +
            "      u = s*(y - 2*s + 1) + (1 - s)*(s - y)\n",
            Grad(SigmoidSquaredError, "--wrt", "w,b", "--order", "2"));
    }

    [Fact]
    public void No_where_prints_every_derivative_in_full()
    {
        Assert.Equal(
            $"f(y, w, x, b) = {BinaryCrossEntropy}\n\n" +
            "df/dw = x*(sigmoid(w*x + b) - y)\n" +
            "df/db = sigmoid(w*x + b) - y\n",
            Grad(BinaryCrossEntropy, "--wrt", "w,b", "--no-where"));
    }

    [Fact]
    public void Json_keeps_the_full_forms_and_adds_where_and_shown()
    {
        using var doc = JsonDocument.Parse(Grad(BinaryCrossEntropy, "--wrt", "w,b", "--at", "w=0.5, x=2, b=-1, y=1", "--no-autograd", "--format", "json"));
        var c = doc.RootElement.GetProperty("cases")[0];
        Assert.Equal("x*(sigmoid(w*x + b) - y)", c.GetProperty("derivatives").GetProperty("w").GetString());
        Assert.Equal("sigmoid(w*x + b)", c.GetProperty("where").GetProperty("s").GetString());
        Assert.Equal("x*(s - y)", c.GetProperty("shown").GetProperty("w").GetString());
        Assert.Equal("s - y", c.GetProperty("shown").GetProperty("b").GetString());
        Assert.Equal("pass", c.GetProperty("status").GetString());
    }

    [Fact]
    public void Latex_has_a_where_line()
    {
        var latex = Grad(BinaryCrossEntropy, "--wrt", "w,b", "--format", "latex");
        Assert.Contains("\\text{where } s &= ", latex);
        Assert.Contains("\\frac{\\partial f}{\\partial w} &= x \\left(s - y\\right)", latex);
    }

    [Fact]
    public void Names_are_listed_after_the_names_they_use()
    {
        var text = Grad("tanh(w2*tanh(w1*x + b1) + b2)", "--wrt", "w1,w2");
        Assert.Contains("where u = tanh(w1*x + b1)\n      t = tanh(u*w2 + b2)\n", text);
    }
}
