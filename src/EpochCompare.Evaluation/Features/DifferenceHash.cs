using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// dHash (Krawetz, "Kind of Like That"): luma area-resampled to 9x8, bit = right neighbour brighter
/// than left. Encodes the horizontal gradient sign, so it ignores global brightness. Differences
/// under half a code value count as "not brighter": flat areas (plain backgrounds, skies) then give
/// stable 0 bits instead of bits decided by grain or re-encoding noise.
/// </summary>
public static class DifferenceHash
{
    private const int Rows = 8;
    private const int Columns = 9;
    private const float FlatTolerance = 0.5f;

    public static ulong Compute(Plane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        Plane small = AreaResampler.Resample(luma, Columns, Rows);
        ulong hash = 0;
        int bit = 0;
        for (int y = 0; y < Rows; y++)
        {
            for (int x = 0; x < Columns - 1; x++, bit++)
            {
                if (small[x + 1, y] > small[x, y] + FlatTolerance)
                {
                    hash |= 1UL << bit;
                }
            }
        }
        return hash;
    }
}
