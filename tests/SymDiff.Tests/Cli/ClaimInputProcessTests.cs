namespace SymDiff.Tests.Cli;

/// <summary>Review 9 #11 and #20 end to end: I in claims, a claim's parse error with a caret, --shape and list-value errors.</summary>
public class ClaimInputProcessTests
{
    private static string Shown(CliProcess.Result r) => $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";

    [Theory]
    [InlineData("trace(X)", "X=3x3", "d/dX: I")]
    [InlineData("x/norm(x)", "x=3", "I/norm(x) - outer(x, x)/norm(x)^3")]
    public void The_identity_printed_as_I_is_accepted_in_a_claim(string f, string shapes, string claim)
    {
        var r = CliProcess.Run(["grad", f, "--shape", shapes, "--claim", claim, "--no-autograd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("CORRECT", r.Out);
    }

    [Theory]
    [InlineData(new[] { "grad", "sum(W@x)", "--shape", "W=3x2, x=2", "--wrt", "W", "--claim", "d/dW: 2*outer(W@x, x" }, "1:3: error SD1013: call to 'outer' is never closed, expected ')'\n2*outer(W@x, x\n  ^^^^^^")]
    [InlineData(new[] { "grad", "sum(x)", "--at", "x=[1, 1/0]" }, "error SD1266: the value of 'x' is [1, 1/0], and its entry [1] is +Infinity, not a finite number")]
    [InlineData(new[] { "grad", "sum(W@x)", "--shape", "W=3x2, x=2, x=3" }, "error SD1250: x=3: 'x' is declared more than once")]
    [InlineData(new[] { "grad", "sum(W@x)", "--shape", "W=3*2, x=2" }, "'3*2' is not a shape")]
    public void Input_errors_are_clear_and_exit_2(string[] args, string expected)
    {
        var r = CliProcess.Run([.. args, "--no-autograd"]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.Contains(expected, r.Error.Replace("\r\n", "\n"));
    }

    [Fact]
    public void An_uppercase_X_separates_dimensions()
    {
        var r = CliProcess.Run(["grad", "sum(W@x)", "--shape", "W=3X2, x=2", "--no-autograd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains("shapes: W 3x2, x 2", r.Out);
    }
}
