namespace EpochCompare.Imaging.Processing;

/// <summary>
/// The 1-D weights of a resize along one axis: for each output sample, the first source index
/// and normalised weights. On downscale the kernel is stretched by the scale factor so it
/// low-passes instead of aliasing.
/// </summary>
internal sealed class ResampleKernel
{
    public int[] Start { get; }
    public int[] Count { get; }

    /// <summary>Weights for output i at [i * MaxTaps, i * MaxTaps + Count[i]).</summary>
    public float[] Weights { get; }

    public int MaxTaps { get; }

    private ResampleKernel(int[] start, int[] count, float[] weights, int maxTaps)
    {
        Start = start;
        Count = count;
        Weights = weights;
        MaxTaps = maxTaps;
    }

    public static ResampleKernel Create(int sourceLength, int targetLength, ResampleFilter filter)
    {
        double scale = (double)sourceLength / targetLength;
        return filter == ResampleFilter.Area ? CreateArea(sourceLength, targetLength, scale) : CreateWindowed(sourceLength, targetLength, scale, filter);
    }

    private static ResampleKernel CreateWindowed(int sourceLength, int targetLength, double scale, ResampleFilter filter)
    {
        double radius = filter == ResampleFilter.Lanczos3 ? 3.0 : 2.0;
        double filterScale = Math.Max(scale, 1.0);
        double support = radius * filterScale;
        int maxTaps = (int)Math.Ceiling(support) * 2 + 2;
        var start = new int[targetLength];
        var count = new int[targetLength];
        var weights = new float[targetLength * maxTaps];
        var taps = new double[maxTaps];
        for (int i = 0; i < targetLength; i++)
        {
            double center = (i + 0.5) * scale;
            // Source samples sit at j + 0.5; keep those within the support, clipped to the image.
            int first = Math.Max(0, (int)Math.Floor(center - support));
            int last = Math.Min(sourceLength - 1, (int)Math.Ceiling(center + support) - 1);
            int n = 0;
            double sum = 0;
            for (int j = first; j <= last && n < maxTaps; j++)
            {
                double w = Evaluate(filter, (j + 0.5 - center) / filterScale);
                taps[n++] = w;
                sum += w;
            }
            Store(i, first, n, taps, sum, start, count, weights, maxTaps);
        }
        return new ResampleKernel(start, count, weights, maxTaps);
    }

    private static ResampleKernel CreateArea(int sourceLength, int targetLength, double scale)
    {
        int maxTaps = (int)Math.Ceiling(scale) + 2;
        var start = new int[targetLength];
        var count = new int[targetLength];
        var weights = new float[targetLength * maxTaps];
        var taps = new double[maxTaps];
        for (int i = 0; i < targetLength; i++)
        {
            double from = i * scale, to = (i + 1) * scale;
            int first = Math.Min(sourceLength - 1, (int)Math.Floor(from));
            int n = 0;
            double sum = 0;
            for (int j = first; j < sourceLength && j < to && n < maxTaps; j++)
            {
                double overlap = Math.Min(to, j + 1) - Math.Max(from, j);
                taps[n++] = Math.Max(0, overlap);
                sum += Math.Max(0, overlap);
            }
            Store(i, first, n, taps, sum, start, count, weights, maxTaps);
        }
        return new ResampleKernel(start, count, weights, maxTaps);
    }

    private static void Store(int i, int first, int n, double[] taps, double sum, int[] start, int[] count, float[] weights, int maxTaps)
    {
        start[i] = first;
        count[i] = n;
        for (int k = 0; k < n; k++)
        {
            weights[i * maxTaps + k] = (float)(taps[k] / sum);
        }
    }

    internal static double Evaluate(ResampleFilter filter, double x)
    {
        x = Math.Abs(x);
        if (filter == ResampleFilter.Lanczos3)
        {
            return x < 3.0 ? Sinc(x) * Sinc(x / 3.0) : 0.0;
        }
        const double a = -0.5;
        if (x < 1.0)
        {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        return x < 2.0 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a : 0.0;
    }

    private static double Sinc(double x)
    {
        if (x < 1e-12)
        {
            return 1.0;
        }
        double px = Math.PI * x;
        return Math.Sin(px) / px;
    }
}
