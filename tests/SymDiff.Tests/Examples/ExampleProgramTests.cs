using System.Globalization;
using System.Text.RegularExpressions;

namespace SymDiff.Tests.Examples;

/// <summary>
/// The example programs under examples/, built with the tests and run as processes, so their READMEs cannot rot.
/// They use libtorch on the CPU; a machine without it fails them with the program's own load error (exit code 3).
/// </summary>
[Trait("Category", "Torch")]
public class ExampleProgramTests
{
    [Fact]
    public void Quickstart_reproduces_the_course_output()
    {
        var r = ExampleProcess.Run("Quickstart");
        Assert.True(r.ExitCode == 0, r.ToString());
        // The course's expected output, then SymDiff's own oracle on the same two expressions.
        string[] expected =
        [
            "f(x) = x^2 + 2*x + 1",
            "Manual derivative: 2*x + 2",
            "At x = 3: manual = 8, autograd = 8",
            "Match: True",
            "Chain rule: d/dx sin(x^2) = 2*x*cos(x^2)",
            "At x = 1: manual = 1.0806046117362795, autograd = 1.0806046117362795",
            "Match: True",
            "TorchAutogradOracle (cpu, float64): 8 at x = 3, 1.0806046117362795 at x = 1",
        ];
        Assert.Equal(expected, r.Lines);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public void Backprop_matrix_and_scalar_gradients_agree_with_autograd_and_training_lowers_the_loss()
    {
        var r = ExampleProcess.Run("Backprop");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.Error);
        var split = Array.IndexOf(r.Lines, "# Part 2: the same network, one weight at a time");
        Assert.True(split > 0, $"no part 2 heading\n{r}");
        var matrix = r with { Out = string.Join("\n", r.Lines[..split]) };
        var scalar = r with { Out = string.Join("\n", r.Lines[split..]) };

        // Part 1: the network in matrix form, its four gradients as backprop equations with the hidden layer named once.
        Assert.Equal("# Part 1: the network in matrix form", r.Lines[0]);
        Assert.Contains("L = mean((tanh(X@W1.T + b1)@W2.T + b2 - Y)^2)", matrix.Lines);
        Assert.Contains("shapes: X 8x2, W1 4x2, b1 4, W2 1x4, b2 1, Y 8x1", matrix.Lines);
        var equations = matrix.Lines.SkipWhile(l => l != "Backprop equations:").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToArray();
        Assert.Contains("  u1 = tanh(X@W1.T + b1)", equations);
        string[] gradients = ["dL/dW1 = ", "dL/db1 = ", "dL/dW2 = ", "dL/db2 = "];
        var derivatives = equations.Where(l => l.StartsWith("  dL/d", StringComparison.Ordinal)).Select(l => l.Trim()).ToArray();
        Assert.Equal(gradients, derivatives.Select(l => l[..(l.IndexOf('=', StringComparison.Ordinal) + 2)]));
        Assert.All(derivatives, l => Assert.DoesNotContain("tanh", l, StringComparison.Ordinal));
        foreach (var oracle in new[] { @"TorchTensorOracle\| over W1, b1, W2, b2", @"plain TorchSharp network\|" })
        {
            Assert.InRange(Number(matrix, $@"^Autograd check \(cpu, float64\): max \|SymDiff - {oracle} = (\S+)$"), 0, 1e-9);
            Assert.InRange(Number(matrix, $@"^Autograd check at the trained weights: max \|SymDiff - {oracle} = (\S+)$"), 0, 1e-9);
        }
        Assert.Contains("Agree (< 1e-9): True", matrix.Lines);
        var matrixLosses = Losses(matrix);

        // Part 2: the same network one weight at a time.
        Assert.Contains("17 parameters: w11, w12, w21, w22, w31, w32, w41, w42, b1, b2, b3, b4, v1, v2, v3, v4, c", scalar.Lines);
        Assert.Contains(scalar.Lines, l => l.StartsWith("dL/dw11 = ", StringComparison.Ordinal)
            && l.Contains("tanh(w11*x1 + w12*x2 + b1)", StringComparison.Ordinal));
        var initial = Number(scalar, @"^Autograd check \(8 samples, float64\): max \|SymDiff - autograd\| over 17 partials = (\S+)$");
        var trained = Number(scalar, @"^Autograd check at the trained weights: max \|SymDiff - autograd\| = (\S+)$");
        Assert.InRange(initial, 0, 1e-9);
        Assert.InRange(trained, 0, 1e-9);
        Assert.Contains("Agree (< 1e-9): True", scalar.Lines);
        var scalarLosses = Losses(scalar);

        // The same weights, the same data, the same steps: both forms train identically.
        Assert.Equal(scalarLosses, matrixLosses);
    }

    // 50 steps of gradient descent, printed every 10 steps: the loss fell.
    private static double[] Losses(ExampleProcess.Result r)
    {
        var losses = Enumerable.Range(0, 6).Select(k => Number(r, $@"^step {10 * k,2}: loss = (\S+)$")).ToArray();
        Assert.True(losses[^1] < losses[0], $"the loss did not fall: {string.Join(", ", losses)}\n{r}");
        Assert.Contains(r.Lines, l => l.StartsWith("Loss fell: True (", StringComparison.Ordinal));
        return losses;
    }

    private static double Number(ExampleProcess.Result r, string pattern)
    {
        var match = r.Lines.Select(l => Regex.Match(l, pattern)).FirstOrDefault(m => m.Success);
        Assert.True(match is not null, $"no line matches {pattern}\n{r}");
        return double.Parse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void LoRA_reaches_the_Eckart_Young_bound_and_plots_it()
    {
        var folder = Directory.CreateTempSubdirectory("symdiff-lora-").FullName;
        try
        {
            var r = ExampleProcess.Run("LoRA", 180_000, folder);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal("", r.Error);
            Assert.Contains("  dL/dB = 2*(W0 + B@A - T)@A.T", r.Lines);
            Assert.Contains("  dL/dA = 2*B.T@(W0 + B@A - T)", r.Lines);
            Assert.Matches(@"^autograd \(TorchSharp, float64\) at each start: largest relative difference .*: agree$", r.Lines[^1]);

            // Each rank's row: the loss reached within 0.1% of the bound (never below it: the bound is a minimum),
            // and the truncated SVD's own loss equal to the bound.
            var rows = r.Lines.Select(l => Regex.Match(l, @"^\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s")).Where(m => m.Success).ToArray();
            Assert.Equal(["1", "2", "4", "8"], rows.Select(m => m.Groups[1].Value));
            foreach (var m in rows)
            {
                var (reached, bound) = (double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
                Assert.InRange(reached / bound, 1 - 1e-6, 1.001);
                var svd = r.Lines.Single(l => l.StartsWith($"truncated SVD, rank {m.Groups[1].Value}: L = ", StringComparison.Ordinal));
                Assert.EndsWith(m.Groups[3].Value, svd);
            }

            // The images: decoded, of the expected size, with the four ranks' colours in the loss plot and the
            // bars' colour in the singular values.
            using var loss = SkiaSharp.SKBitmap.Decode(Path.Combine(folder, "lora-loss.png"));
            using var bars = SkiaSharp.SKBitmap.Decode(Path.Combine(folder, "lora-singular-values.png"));
            Assert.Equal((900, 560), (loss.Width, loss.Height));
            Assert.Equal((900, 500), (bars.Width, bars.Height));
            string[] rankColours = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728"]; // Category10, in rank order
            foreach (var colour in rankColours) Assert.True(Count(loss, SkiaSharp.SKColor.Parse(colour)) > 200, $"no curve in {colour}");
            Assert.True(Count(bars, SkiaSharp.SKColor.Parse("#4682B4")) > 5000, "no bars"); // steel blue
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Count(SkiaSharp.SKBitmap bitmap, SkiaSharp.SKColor colour)
    {
        var n = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - colour.Red) + Math.Abs(p.Green - colour.Green) + Math.Abs(p.Blue - colour.Blue) < 30) n++;
            }
        return n;
    }
}
