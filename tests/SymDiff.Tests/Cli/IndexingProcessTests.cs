namespace SymDiff.Tests.Cli;

/// <summary>
/// Review 9 #3 end to end: indexing (x[1] was read as x*[1]), two tensors side by side (W x was the elementwise
/// W*x), and shape errors that escaped as an unhandled exception with exit 1.
/// </summary>
public class IndexingProcessTests
{
    private static string Shown(CliProcess.Result r) => $"exit {r.ExitCode}\nstdout:\n{r.Out}\nstderr:\n{r.Error}";

    [Theory]
    [InlineData("x[1]", "x=3", "d/dx = [0, 1, 0]")]
    [InlineData("[x[0], x[1]]", "x=3", "d/dx = [[1, 0, 0], [0, 1, 0]]")]
    [InlineData("X[0]@y", "X=2x3, y=3", "d/dX = [y, [0, 0, 0]]")]
    [InlineData("x[-1]^2 + x[0]*x[1]", "x=3", "d/dx = [x[1], x[0], 2*x[2]]")]
    public void Indexing_is_PyTorch_s(string f, string shapes, string expected)
    {
        var r = CliProcess.Run(["grad", f, "--shape", shapes, "--no-autograd"]);
        Assert.True(r.ExitCode == 0, Shown(r));
        Assert.Contains(expected, r.Out);
        Assert.Contains("PASS", r.Out);
    }

    [Theory]
    [InlineData("x[3]", "x=3", "1:3: error SD1260: x[3]: index 3 is out of range: x has 3 elements, so an index is 0 to 2 (or -3 to -1 from the end)\nx[3]\n  ^")]
    [InlineData("sum(W x)", "W=3x2, x=2", "1:5: error SD1264: W x: two vectors/matrices side by side: write W@x for the matrix product or W*x for elementwise\nsum(W x)\n    ^^^")]
    public void Index_and_juxtaposition_errors_exit_2_with_a_caret(string f, string shapes, string expected)
    {
        var r = CliProcess.Run(["grad", f, "--shape", shapes, "--no-autograd"]);
        Assert.True(r.ExitCode == 2, Shown(r));
        Assert.Contains(expected, r.Error.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("X@w + b", "X=4x2, w=2, b=1")]
    [InlineData("x*y", "x=3, y=1")]
    public void No_shape_error_escapes_as_an_unhandled_exception(string f, string shapes)
    {
        var r = CliProcess.Run(["grad", f, "--shape", shapes, "--no-autograd"]);
        Assert.DoesNotContain("Unhandled exception", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
        Assert.True(r.ExitCode is 0 or 2, Shown(r));
    }
}
