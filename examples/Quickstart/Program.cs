// The course quickstart, reproduced with SymDiff and TorchSharp (PyTorch's C# binding).
//
// The course writes, in Python:
//     x = torch.tensor(3.0, requires_grad=True)
//     y = x**2 + 2*x + 1
//     y.backward()
//     manual = 2*x + 2            # the derivative worked out by hand
//     print(manual.item(), x.grad.item(), manual.item() == x.grad.item())
// Here SymDiff works out the "manual" derivative (parse, differentiate, simplify) and TorchSharp's autograd
// supplies the other number, with the same tensor calls.
//
// Exit code: 0 when both derivatives match autograd, 1 on a mismatch, 3 when libtorch cannot be loaded.
// tests/SymDiff.Tests/Examples/ExampleProgramTests.cs runs this program and asserts its output: keep it stable.

using System.Globalization;
using SymDiff.Calculus;
using SymDiff.Checking;
using SymDiff.Evaluation;
using SymDiff.Expressions;
using SymDiff.Simplification;
using SymDiff.Syntax;
using SymDiff.Torch;
using TorchSharp;

try
{
    // Loads libtorch and reports a missing or unloadable native library clearly (TorchSharp alone would not).
    TorchRuntime.EnsureLoaded();
}
catch (TorchUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}

var f = new ExprFactory();
var allMatch = true;

// 1. f(x) = x^2 + 2x + 1; its derivative 2x + 2 is 8 at x = 3.
var poly = Parse("x^2 + 2*x + 1", f);
var dPoly = Simplifier.Simplify(Differentiator.Differentiate(poly, "x", f), f).Value;
var manual = Evaluator.Evaluate(dPoly, new Dictionary<string, double> { ["x"] = 3 });
var autograd = PolyAutograd(3);
Console.WriteLine($"f(x) = {poly}");
Console.WriteLine($"Manual derivative: {dPoly}");
Console.WriteLine($"At x = 3: manual = {Show(manual)}, autograd = {Show(autograd)}");
Console.WriteLine($"Match: {Close(manual, autograd)}");
allMatch &= Close(manual, autograd);

// 2. The chain rule: d/dx sin(x^2) = cos(x^2) * 2x, about 1.0806 at x = 1.
var chain = Parse("sin(x^2)", f);
var dChain = Simplifier.Simplify(Differentiator.Differentiate(chain, "x", f), f).Value;
// Compiled once, evaluated at any number of points: the way to evaluate a derivative repeatedly.
var dChainAt = CompiledFunction.Compile([dChain], ["x"]);
manual = dChainAt.Evaluate(1.0)[0];
autograd = ChainAutograd(1);
Console.WriteLine($"Chain rule: d/dx {chain} = {dChain}");
Console.WriteLine($"At x = 1: manual = {Show(manual)}, autograd = {Show(autograd)}");
Console.WriteLine($"Match: {Close(manual, autograd)}");
allMatch &= Close(manual, autograd);

// 3. The same two checks through SymDiff's own autograd oracle, which lowers the parsed expression to
//    TorchSharp tensors itself (what `symdiff grad` and `symdiff check` use).
using (var oracle = new TorchAutogradOracle("cpu", NumericType.Float64))
{
    var atThree = oracle.Derivatives(poly, ["x"], [["x"]], [[3.0]])[0][0];
    var atOne = oracle.Derivatives(chain, ["x"], [["x"]], [[1.0]])[0][0];
    Console.WriteLine($"TorchAutogradOracle ({oracle.Device}, float64): {Show(atThree)} at x = 3, {Show(atOne)} at x = 1");
    allMatch &= Close(8, atThree) && Close(dChainAt.Evaluate(1.0)[0], atOne);
}

return allMatch ? 0 : 1;

static Expr Parse(string text, ExprFactory f)
{
    var result = Parser.Parse(text, f);
    if (!result.Success)
        throw new ArgumentException($"'{text}': {string.Join("; ", result.Diagnostics.Select(d => d.Message))}");
    return result.Value!;
}

// Plain TorchSharp, as the course writes it in PyTorch: y = x**2 + 2*x + 1; y.backward(); x.grad.
static double PolyAutograd(double at)
{
    using var scope = torch.NewDisposeScope();
    // Every tensor with an explicit dtype: TorchSharp's default is float32.
    var x = torch.tensor(at, dtype: torch.float64, requires_grad: true);
    var two = torch.tensor(2.0, dtype: torch.float64);
    var one = torch.tensor(1.0, dtype: torch.float64);
    var y = x.pow(two) + two * x + one;
    y.backward();
    return x.grad!.item<double>();
}

// The chain rule through torch.autograd.grad (the functional form of backward()).
static double ChainAutograd(double at)
{
    using var scope = torch.NewDisposeScope();
    var x = torch.tensor(at, dtype: torch.float64, requires_grad: true);
    var two = torch.tensor(2.0, dtype: torch.float64);
    var y = torch.sin(x.pow(two));
    // NOTE: TorchSharp 0.107 aborts the process (no exception) when autograd.grad fails, e.g. on an output that
    // does not require grad: check first, and pass allow_unused so an unused input gives no error either.
    if (!y.requires_grad) return 0;
    var grads = torch.autograd.grad([y], [x], allow_unused: true);
    return grads[0].IsInvalid ? 0 : grads[0].item<double>();
}

// The agreement test of `symdiff grad` in float64: rtol 1e-9, atol 1e-12.
static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-12 + 1e-9 * Math.Abs(b);

static string Show(double d) => d.ToString("R", CultureInfo.InvariantCulture);
