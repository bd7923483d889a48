using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// How two images differ, per descriptor. Distances are 0 for identical images. SSIM and MS-SSIM
/// are only meaningful for pixel-aligned pairs (same seed), so they are null otherwise.
/// </summary>
public sealed record PairDistances(
    double Composite,
    double Edges,
    double Palette,
    double Texture,
    double Tiny,
    int PerceptualHash,
    int DifferenceHash,
    double? Ssim,
    MsSsimResult? MsSsim)
{
    public static PairDistances Between(ImageFeatures a, ImageFeatures b, bool aligned)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        MsSsimResult? msSsim = aligned ? Features.MsSsim.Compute(a.Image.Luma, b.Image.Luma) : null;
        return new PairDistances(
            1 - VectorMath.Cosine(a.Composite, b.Composite),
            1 - VectorMath.Cosine(a.Edges, b.Edges),
            HistogramDistance.Hellinger(a.Hsv, b.Hsv),
            HistogramDistance.ChiSquare(a.Texture, b.Texture),
            1 - VectorMath.Cosine(a.Tiny, b.Tiny),
            HammingDistance.Between(a.PerceptualHash, b.PerceptualHash),
            HammingDistance.Between(a.DifferenceHash, b.DifferenceHash),
            msSsim?.FullScaleSsim,
            msSsim);
    }

    /// <summary>Composite similarity, 1 - <see cref="Composite"/>.</summary>
    public double Similarity => 1 - Composite;
}
