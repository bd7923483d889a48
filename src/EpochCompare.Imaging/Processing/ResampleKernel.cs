namespace EpochCompare.Imaging.Processing;

/// <summary>
/// The 1-D weights of an area resize along one axis: for each output sample, the first source index
/// and the normalised overlaps of the source pixels it covers.
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

    public static ResampleKernel Create(int sourceLength, int targetLength) =>
        CreateArea(sourceLength, targetLength, (double)sourceLength / targetLength);

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
}
