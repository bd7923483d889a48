using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// Tiny-image vector (Torralba et al. 2008): luma area-resampled to 16x16, mean removed, unit L2 norm.
/// Cosine between two of them ignores brightness and contrast and keeps the coarse layout.
/// </summary>
public static class TinyImage
{
    public const int Side = 16;
    public const int Length = Side * Side;

    public static float[] Compute(Plane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        float[] v = AreaResampler.Resample(luma, Side, Side).Data;
        double mean = v.Average(x => (double)x);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(v[i] - mean);
        }
        // A flat image has no layout: below float noise it is the zero vector.
        double energy = VectorMath.Dot(v, v);
        if (energy < 1e-6 * Length)
        {
            Array.Clear(v);
        }
        VectorMath.NormalizeL2(v);
        return v;
    }
}
