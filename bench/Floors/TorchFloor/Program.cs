using SymDiff.Torch;
using TorchSharp;

// The whole run of a trivial TorchSharp program: the floor for `symdiff grad ... --at 3` with autograd.
// Loads libtorch the way the CLI does (TorchRuntime: patched libLibTorchSharp, one thread), then one operation.
TorchRuntime.EnsureLoaded();
using var a = torch.tensor(new[] { 1.0, 2.0, 3.0 }, dtype: torch.ScalarType.Float64);
using var sum = (a * a).sum();
Console.WriteLine($"torch floor: {sum.ToDouble()}");
