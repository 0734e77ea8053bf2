namespace SymDiff.Benchmarks;

/// <summary>Hand-written C# gradients that the compiled symbolic gradients are compared against.</summary>
public static class HandWritten
{
    /// <summary>d/dx sin(x^2) = 2*x*cos(x^2) over an array.</summary>
    public static void SeedChain(double[] x, double[] dx, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var xi = x[i];
            dx[i] = 2 * xi * Math.Cos(xi * xi);
        }
    }

    /// <summary>
    /// Backpropagation through mlp16's loss (sum_k v_k tanh(w_k x + b_k) + c - y)^2, one point per index.
    /// Columns follow the case's input order: w0..w15, b0..b15, v0..v15, c, then x, y; outputs w, b, v, c.
    /// </summary>
    public static void Mlp16(double[][] inputs, double[][] outputs, int count)
    {
        const int H = 16;
        Span<double> t = stackalloc double[H];
        var x = inputs[3 * H + 1];
        var y = inputs[3 * H + 2];
        var c = inputs[3 * H];
        for (var i = 0; i < count; i++)
        {
            var xi = x[i];
            var r = c[i] - y[i];
            for (var k = 0; k < H; k++)
            {
                t[k] = Math.Tanh(inputs[k][i] * xi + inputs[H + k][i]);
                r += inputs[2 * H + k][i] * t[k];
            }
            var g = 2 * r; // dL/dr
            outputs[3 * H][i] = g;
            for (var k = 0; k < H; k++)
            {
                var s = g * inputs[2 * H + k][i] * (1 - t[k] * t[k]); // dL/d(w_k x + b_k)
                outputs[k][i] = s * xi;
                outputs[H + k][i] = s;
                outputs[2 * H + k][i] = g * t[k];
            }
        }
    }

    /// <summary>
    /// The same gradient as <see cref="Mlp16"/>, loop order swapped: one pass per hidden unit over all points
    /// (simple streaming loops the JIT can keep free of bounds checks), the residual kept in a scratch column.
    /// </summary>
    public static void Mlp16ByUnit(double[][] inputs, double[][] outputs, int count, double[] residual)
    {
        const int H = 16;
        var x = inputs[3 * H + 1].AsSpan(0, count);
        var y = inputs[3 * H + 2].AsSpan(0, count);
        var c = inputs[3 * H].AsSpan(0, count);
        var r = residual.AsSpan(0, count);
        for (var i = 0; i < r.Length; i++) r[i] = c[i] - y[i];
        for (var k = 0; k < H; k++)
        {
            var w = inputs[k].AsSpan(0, count);
            var b = inputs[H + k].AsSpan(0, count);
            var v = inputs[2 * H + k].AsSpan(0, count);
            var t = outputs[2 * H + k].AsSpan(0, count); // tanh(w_k x + b_k), scaled to dL/dv_k below
            for (var i = 0; i < t.Length; i++)
            {
                t[i] = Math.Tanh(w[i] * x[i] + b[i]);
                r[i] += v[i] * t[i];
            }
        }
        var g = outputs[3 * H].AsSpan(0, count); // dL/dc = dL/dr = 2r
        for (var i = 0; i < g.Length; i++) g[i] = 2 * r[i];
        for (var k = 0; k < H; k++)
        {
            var v = inputs[2 * H + k].AsSpan(0, count);
            var dw = outputs[k].AsSpan(0, count);
            var db = outputs[H + k].AsSpan(0, count);
            var dv = outputs[2 * H + k].AsSpan(0, count);
            for (var i = 0; i < dv.Length; i++)
            {
                var t = dv[i];
                var s = g[i] * v[i] * (1 - t * t);
                db[i] = s;
                dw[i] = s * x[i];
                dv[i] = g[i] * t;
            }
        }
    }
}
