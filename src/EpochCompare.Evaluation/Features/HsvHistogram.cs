using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// Palette descriptor: HSV histogram with 16 hue x 4 saturation x 4 value bins (256), shares summing
/// to 1. Pixels in the lowest saturation bin go to hue bin 0, since hue is noise for near-greys.
/// </summary>
public static class HsvHistogram
{
    public const int HueBins = 16;
    public const int SaturationBins = 4;
    public const int ValueBins = 4;
    public const int Length = HueBins * SaturationBins * ValueBins;

    public static float[] Compute(AnalysisImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var histogram = new float[Length];
        float[] r = image.Red.Data, g = image.Green.Data, b = image.Blue.Data;
        for (int i = 0; i < r.Length; i++)
        {
            histogram[BinOf(r[i], g[i], b[i])] += 1;
        }
        VectorMath.NormalizeSum(histogram);
        return histogram;
    }

    public static int BinOf(float r, float g, float b)
    {
        float max = Math.Max(r, Math.Max(g, b));
        float min = Math.Min(r, Math.Min(g, b));
        float chroma = max - min;
        double saturation = max <= 0 ? 0 : chroma / max;
        double value = max / 255.0;
        double hue = 0;
        if (chroma > 0)
        {
            if (max == r)
            {
                hue = 60 * ((g - b) / chroma);
            }
            else if (max == g)
            {
                hue = 60 * ((b - r) / chroma + 2);
            }
            else
            {
                hue = 60 * ((r - g) / chroma + 4);
            }
            if (hue < 0)
            {
                hue += 360;
            }
        }
        int s = Math.Clamp((int)(saturation * SaturationBins), 0, SaturationBins - 1);
        int v = Math.Clamp((int)(value * ValueBins), 0, ValueBins - 1);
        int h = s == 0 ? 0 : Math.Clamp((int)(hue / 360 * HueBins), 0, HueBins - 1);
        return (h * SaturationBins + s) * ValueBins + v;
    }
}
