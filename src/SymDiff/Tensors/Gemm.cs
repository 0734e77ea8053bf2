using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SymDiff.Tensors;

/// <summary>
/// Register-blocked matrix products over row-major arrays, the two forms backpropagation is made of: C = A@B and
/// C = A@B.T (B stored as its rows). A plain row-by-row multiply-add loads three values per multiply-add; these
/// kernels keep a block of C in registers (4 rows x 8 columns for A@B, 2 x 4 dot products for A@B.T) so each
/// value loaded serves several multiply-adds, which is what a BLAS does and what brings a layer's product of a
/// 784-512 network near TorchSharp's. Used where the CPU has 256-bit vectors with fused multiply-add
/// (<see cref="IsAccelerated"/>); elsewhere the callers keep their portable loops.
/// </summary>
/// <remarks>
/// No entry is skipped (0*inf is NaN here as in PyTorch), and each dot product is a sum in a fixed order, so a
/// result does not depend on the other entries of the block it was computed in.
/// </remarks>
internal static class Gemm
{
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>c (m x n, overwritten) = a (m x k) @ b (k x n).</summary>
    public static void Multiply(double[] a, double[] b, double[] c, int m, int k, int n)
    {
        ref var a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(b);
        ref var c0 = ref MemoryMarshal.GetArrayDataReference(c);
        var wide = n - n % 8;
        // Column panels of 8 outer, so a panel of b (k x 8) stays in cache while every row block of a passes it.
        for (var j = 0; j < wide; j += 8)
        {
            var i = 0;
            for (; i + 4 <= m; i += 4) Block4x8(ref a0, ref b0, ref c0, i, j, k, n);
            for (; i < m; i++) Block1x8(ref a0, ref b0, ref c0, i, j, k, n);
        }
        for (var i = 0; i < m; i++)
            for (var j = wide; j < n; j++)
            {
                var s = 0.0;
                for (var p = 0; p < k; p++) s = Math.FusedMultiplyAdd(Unsafe.Add(ref a0, i * k + p), Unsafe.Add(ref b0, p * n + j), s);
                Unsafe.Add(ref c0, i * n + j) = s;
            }
    }

    /// <summary>c (m x n, overwritten) = a (m x k) @ b.T, b stored n x k: dot products of rows.</summary>
    public static void MultiplyTransposed(double[] a, double[] b, double[] c, int m, int k, int n)
    {
        ref var a0 = ref MemoryMarshal.GetArrayDataReference(a);
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(b);
        ref var c0 = ref MemoryMarshal.GetArrayDataReference(c);
        // Blocks of 4 rows of b outer (they stay in cache) and pairs of rows of a inner.
        var j = 0;
        for (; j + 4 <= n; j += 4)
        {
            var i = 0;
            for (; i + 2 <= m; i += 2) Dots2x4(ref a0, ref b0, ref c0, i, j, k, n);
            for (; i < m; i++)
                for (var jj = j; jj < j + 4; jj++) Unsafe.Add(ref c0, i * n + jj) = Dot(ref a0, ref b0, i * k, jj * k, k);
        }
        for (; j < n; j++)
            for (var i = 0; i < m; i++) Unsafe.Add(ref c0, i * n + j) = Dot(ref a0, ref b0, i * k, j * k, k);
    }

    private static void Block4x8(ref double a, ref double b, ref double c, int i, int j, int k, int n)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<double> c20 = default, c21 = default, c30 = default, c31 = default;
        ref var r0 = ref Unsafe.Add(ref a, i * k);
        ref var r1 = ref Unsafe.Add(ref r0, k);
        ref var r2 = ref Unsafe.Add(ref r1, k);
        ref var r3 = ref Unsafe.Add(ref r2, k);
        for (var p = 0; p < k; p++)
        {
            ref var row = ref Unsafe.Add(ref b, p * n + j);
            var b0 = Vector256.LoadUnsafe(ref row);
            var b1 = Vector256.LoadUnsafe(ref row, 4);
            var x = Vector256.Create(Unsafe.Add(ref r0, p));
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref r1, p));
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref r2, p));
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref r3, p));
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
        }
        ref var t = ref Unsafe.Add(ref c, i * n + j);
        c00.StoreUnsafe(ref t); c01.StoreUnsafe(ref t, 4);
        t = ref Unsafe.Add(ref t, n);
        c10.StoreUnsafe(ref t); c11.StoreUnsafe(ref t, 4);
        t = ref Unsafe.Add(ref t, n);
        c20.StoreUnsafe(ref t); c21.StoreUnsafe(ref t, 4);
        t = ref Unsafe.Add(ref t, n);
        c30.StoreUnsafe(ref t); c31.StoreUnsafe(ref t, 4);
    }

    private static void Block1x8(ref double a, ref double b, ref double c, int i, int j, int k, int n)
    {
        Vector256<double> c0 = default, c1 = default;
        ref var r = ref Unsafe.Add(ref a, i * k);
        for (var p = 0; p < k; p++)
        {
            ref var row = ref Unsafe.Add(ref b, p * n + j);
            var x = Vector256.Create(Unsafe.Add(ref r, p));
            c0 = Fma.MultiplyAdd(x, Vector256.LoadUnsafe(ref row), c0);
            c1 = Fma.MultiplyAdd(x, Vector256.LoadUnsafe(ref row, 4), c1);
        }
        ref var t = ref Unsafe.Add(ref c, i * n + j);
        c0.StoreUnsafe(ref t); c1.StoreUnsafe(ref t, 4);
    }

    private static void Dots2x4(ref double a, ref double b, ref double c, int i, int j, int k, int n)
    {
        Vector256<double> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector256<double> s10 = default, s11 = default, s12 = default, s13 = default;
        ref var x0 = ref Unsafe.Add(ref a, i * k);
        ref var x1 = ref Unsafe.Add(ref x0, k);
        ref var y0 = ref Unsafe.Add(ref b, j * k);
        ref var y1 = ref Unsafe.Add(ref y0, k);
        ref var y2 = ref Unsafe.Add(ref y1, k);
        ref var y3 = ref Unsafe.Add(ref y2, k);
        var wide = k - k % 4;
        for (var p = 0; p < wide; p += 4)
        {
            var u0 = Vector256.LoadUnsafe(ref x0, (nuint)p);
            var u1 = Vector256.LoadUnsafe(ref x1, (nuint)p);
            var v = Vector256.LoadUnsafe(ref y0, (nuint)p);
            s00 = Fma.MultiplyAdd(u0, v, s00);
            s10 = Fma.MultiplyAdd(u1, v, s10);
            v = Vector256.LoadUnsafe(ref y1, (nuint)p);
            s01 = Fma.MultiplyAdd(u0, v, s01);
            s11 = Fma.MultiplyAdd(u1, v, s11);
            v = Vector256.LoadUnsafe(ref y2, (nuint)p);
            s02 = Fma.MultiplyAdd(u0, v, s02);
            s12 = Fma.MultiplyAdd(u1, v, s12);
            v = Vector256.LoadUnsafe(ref y3, (nuint)p);
            s03 = Fma.MultiplyAdd(u0, v, s03);
            s13 = Fma.MultiplyAdd(u1, v, s13);
        }
        ref var t0 = ref Unsafe.Add(ref c, i * n + j);
        ref var t1 = ref Unsafe.Add(ref t0, n);
        t0 = Finish(s00, ref x0, ref y0, wide, k);
        Unsafe.Add(ref t0, 1) = Finish(s01, ref x0, ref y1, wide, k);
        Unsafe.Add(ref t0, 2) = Finish(s02, ref x0, ref y2, wide, k);
        Unsafe.Add(ref t0, 3) = Finish(s03, ref x0, ref y3, wide, k);
        t1 = Finish(s10, ref x1, ref y0, wide, k);
        Unsafe.Add(ref t1, 1) = Finish(s11, ref x1, ref y1, wide, k);
        Unsafe.Add(ref t1, 2) = Finish(s12, ref x1, ref y2, wide, k);
        Unsafe.Add(ref t1, 3) = Finish(s13, ref x1, ref y3, wide, k);
    }

    // The four lanes of a vector sum, then the entries past the last full vector, in the same order for every entry.
    private static double Finish(Vector256<double> lanes, ref double x, ref double y, int from, int k)
    {
        var s = Vector256.Sum(lanes);
        for (var p = from; p < k; p++) s = Math.FusedMultiplyAdd(Unsafe.Add(ref x, p), Unsafe.Add(ref y, p), s);
        return s;
    }

    private static double Dot(ref double a, ref double b, int rowA, int rowB, int k)
    {
        ref var x = ref Unsafe.Add(ref a, rowA);
        ref var y = ref Unsafe.Add(ref b, rowB);
        Vector256<double> s = default;
        var wide = k - k % 4;
        for (var p = 0; p < wide; p += 4) s = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)p), Vector256.LoadUnsafe(ref y, (nuint)p), s);
        return Finish(s, ref x, ref y, wide, k);
    }
}
