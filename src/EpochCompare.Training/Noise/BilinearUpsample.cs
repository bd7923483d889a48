namespace EpochCompare.Training.Noise;

/// <summary>
/// torch.nn.Upsample(mode="bilinear", align_corners=False) on one plane:
/// src = (dst + 0.5) * in / out - 0.5, clamped below at 0; the two neighbours are floor(src) and
/// min(floor(src) + 1, in - 1).
/// </summary>
internal static class BilinearUpsample
{
    /// <summary>Per output coordinate: the two source indices and the weight of the second.</summary>
    public static (int I0, int I1, float Lambda)[] Taps(int inSize, int outSize)
    {
        var taps = new (int, int, float)[outSize];
        float scale = (float)inSize / outSize;
        for (int d = 0; d < outSize; d++)
        {
            float src = Math.Max(0f, (d + 0.5f) * scale - 0.5f);
            int i0 = Math.Min((int)src, inSize - 1);
            int i1 = Math.Min(i0 + 1, inSize - 1);
            taps[d] = (i0, i1, src - i0);
        }
        return taps;
    }

    /// <summary>Adds weight x upsample(source) to <paramref name="destination"/> (both single planes).</summary>
    public static void AddScaled(
        ReadOnlySpan<float> source, int inHeight, int inWidth,
        Span<float> destination, int outHeight, int outWidth, float weight)
    {
        var rows = Taps(inHeight, outHeight);
        var cols = Taps(inWidth, outWidth);
        for (int y = 0; y < outHeight; y++)
        {
            var (r0, r1, ly) = rows[y];
            ReadOnlySpan<float> top = source.Slice(r0 * inWidth, inWidth);
            ReadOnlySpan<float> bottom = source.Slice(r1 * inWidth, inWidth);
            Span<float> output = destination.Slice(y * outWidth, outWidth);
            for (int x = 0; x < outWidth; x++)
            {
                var (c0, c1, lx) = cols[x];
                float upper = top[c0] + (top[c1] - top[c0]) * lx;
                float lower = bottom[c0] + (bottom[c1] - bottom[c0]) * lx;
                output[x] += weight * (upper + (lower - upper) * ly);
            }
        }
    }
}
