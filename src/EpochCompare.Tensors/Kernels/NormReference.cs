namespace EpochCompare.Tensors.Kernels;

/// <summary>Plain double-precision rows of LayerNorm(+modulation), RMSNorm and softmax, to test <see cref="NormKernels"/> against.</summary>
internal static class NormReference
{
    /// <summary>y = xhat (1 + scale) + shift (scale/shift null: plain LayerNorm).</summary>
    public static double[] LayerNorm(ReadOnlySpan<float> x, float[]? shift, float[]? scale, double eps)
    {
        int d = x.Length;
        double mean = 0, var = 0;
        for (int i = 0; i < d; i++) { mean += x[i]; }
        mean /= d;
        for (int i = 0; i < d; i++) { var += (x[i] - mean) * (x[i] - mean); }
        double rstd = 1 / Math.Sqrt(var / d + eps);
        var y = new double[d];
        for (int i = 0; i < d; i++)
        {
            double h = (x[i] - mean) * rstd;
            y[i] = scale is null ? h : h * (1 + scale[i]) + shift![i];
        }
        return y;
    }

    /// <summary>Gradients of sum(y * g) for <see cref="LayerNorm"/>: (dx, dShift, dScale).</summary>
    public static (double[] Dx, double[] DShift, double[] DScale) LayerNormBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, float[]? scale, double eps)
    {
        int d = x.Length;
        double mean = 0, var = 0;
        for (int i = 0; i < d; i++) { mean += x[i]; }
        mean /= d;
        for (int i = 0; i < d; i++) { var += (x[i] - mean) * (x[i] - mean); }
        double rstd = 1 / Math.Sqrt(var / d + eps);
        var h = new double[d];
        var gn = new double[d];
        var dShift = new double[d];
        var dScale = new double[d];
        double mg = 0, mgx = 0;
        for (int i = 0; i < d; i++)
        {
            h[i] = (x[i] - mean) * rstd;
            gn[i] = scale is null ? g[i] : g[i] * (1 + (double)scale[i]);
            dShift[i] = g[i];
            dScale[i] = g[i] * h[i];
            mg += gn[i];
            mgx += gn[i] * h[i];
        }
        mg /= d;
        mgx /= d;
        var dx = new double[d];
        for (int i = 0; i < d; i++)
        {
            dx[i] = rstd * (gn[i] - mg - h[i] * mgx);
        }
        return (dx, dShift, dScale);
    }

    public static double[] RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> w, double eps)
    {
        int d = x.Length;
        double ss = 0;
        for (int i = 0; i < d; i++) { ss += (double)x[i] * x[i]; }
        double rs = 1 / Math.Sqrt(ss / d + eps);
        var y = new double[d];
        for (int i = 0; i < d; i++) { y[i] = x[i] * rs * w[i]; }
        return y;
    }

    /// <summary>Gradients of sum(y * g) for <see cref="RmsNorm"/>: (dx, dW).</summary>
    public static (double[] Dx, double[] DW) RmsNormBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> g, double eps)
    {
        int d = x.Length;
        double ss = 0, m = 0;
        for (int i = 0; i < d; i++) { ss += (double)x[i] * x[i]; }
        double rs = 1 / Math.Sqrt(ss / d + eps);
        for (int i = 0; i < d; i++) { m += (double)g[i] * w[i] * x[i]; }
        m /= d;
        var dx = new double[d];
        var dw = new double[d];
        for (int i = 0; i < d; i++)
        {
            dx[i] = rs * g[i] * w[i] - rs * rs * rs * m * x[i];
            dw[i] = (double)g[i] * x[i] * rs;
        }
        return (dx, dw);
    }

    public static double[] Softmax(ReadOnlySpan<float> x)
    {
        double max = double.NegativeInfinity;
        foreach (float v in x) { max = Math.Max(max, v); }
        var y = new double[x.Length];
        double sum = 0;
        for (int i = 0; i < x.Length; i++) { y[i] = Math.Exp(x[i] - max); sum += y[i]; }
        for (int i = 0; i < x.Length; i++) { y[i] /= sum; }
        return y;
    }

    /// <summary>Gradient of sum(softmax(x) * g).</summary>
    public static double[] SoftmaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g)
    {
        var y = Softmax(x);
        double dot = 0;
        for (int i = 0; i < y.Length; i++) { dot += y[i] * g[i]; }
        var dx = new double[y.Length];
        for (int i = 0; i < y.Length; i++) { dx[i] = y[i] * (g[i] - dot); }
        return dx;
    }
}
