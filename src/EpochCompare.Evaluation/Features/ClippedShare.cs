using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>Share of pixels with at least one channel at the 8-bit limits (0 or 255): blown highlights, crushed shadows.</summary>
public static class ClippedShare
{
    // Half a code value: the area resampler keeps a fully clipped region at exactly 0 or 255.
    private const float Low = 0.5f;
    private const float High = 254.5f;

    public static double Compute(AnalysisImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        float[] r = image.Red.Data, g = image.Green.Data, b = image.Blue.Data;
        int clipped = 0;
        for (int i = 0; i < r.Length; i++)
        {
            if (IsClipped(r[i]) || IsClipped(g[i]) || IsClipped(b[i]))
            {
                clipped++;
            }
        }
        return (double)clipped / r.Length;
    }

    private static bool IsClipped(float v) => v <= Low || v >= High;
}
