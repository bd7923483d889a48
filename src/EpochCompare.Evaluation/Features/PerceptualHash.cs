using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// pHash: luma area-resampled to 32x32, 2-D DCT-II, the top-left 8x8 coefficients (DC included),
/// bit = coefficient above their median (hash size 8, high-frequency factor 4, as in the common
/// imagehash definition). Robust to resizing, re-encoding and mild colour changes.
/// </summary>
public static class PerceptualHash
{
    private const int HashSide = 8;
    private const int DctSide = HashSide * 4;

    public static ulong Compute(Plane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        Plane small = AreaResampler.Resample(luma, DctSide, DctSide);
        var block = new double[DctSide, DctSide];
        for (int y = 0; y < DctSide; y++)
        {
            for (int x = 0; x < DctSide; x++)
            {
                block[y, x] = small[x, y];
            }
        }
        double[,] dct = Dct2D.Forward(block);
        var low = new double[HashSide * HashSide];
        for (int v = 0; v < HashSide; v++)
        {
            for (int u = 0; u < HashSide; u++)
            {
                low[v * HashSide + u] = dct[v, u];
            }
        }
        double median = Median(low);
        ulong hash = 0;
        for (int i = 0; i < low.Length; i++)
        {
            if (low[i] > median)
            {
                hash |= 1UL << i;
            }
        }
        return hash;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
