using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// Texture descriptor: uniform LBP with 8 neighbours at radius 1 (Ojala et al. 2002). Each of the
/// 58 uniform codes (at most 2 circular 0/1 transitions) has its own bin, all others share bin 58;
/// shares sum to 1. Compare with chi-square.
/// </summary>
public static class LocalBinaryPattern
{
    public const int Length = 59;
    public const int NonUniformBin = Length - 1;

    // Neighbours clockwise starting at the right.
    private static readonly (int Dx, int Dy)[] Neighbours = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)];
    private static readonly int[] BinOfCode = BuildUniformMapping();

    public static float[] Compute(Plane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        var histogram = new float[Length];
        for (int y = 1; y < luma.Height - 1; y++)
        {
            for (int x = 1; x < luma.Width - 1; x++)
            {
                histogram[BinOfCode[CodeAt(luma, x, y)]] += 1;
            }
        }
        VectorMath.NormalizeSum(histogram);
        return histogram;
    }

    public static int CodeAt(Plane luma, int x, int y)
    {
        float centre = luma[x, y];
        int code = 0;
        for (int i = 0; i < Neighbours.Length; i++)
        {
            if (luma[x + Neighbours[i].Dx, y + Neighbours[i].Dy] >= centre)
            {
                code |= 1 << i;
            }
        }
        return code;
    }

    public static int BinOf(int code) => BinOfCode[code];

    private static int[] BuildUniformMapping()
    {
        var mapping = new int[256];
        int next = 0;
        for (int code = 0; code < 256; code++)
        {
            int rotated = ((code >> 1) | (code << 7)) & 0xFF;
            int transitions = System.Numerics.BitOperations.PopCount((uint)(code ^ rotated));
            mapping[code] = transitions <= 2 ? next++ : NonUniformBin;
        }
        return mapping;
    }
}
