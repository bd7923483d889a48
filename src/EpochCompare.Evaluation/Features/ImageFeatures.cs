using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// Everything measured on one image, computed once. The composite descriptor is the concatenation of
/// four unit blocks [edge pyramid, sqrt HSV, sqrt LBP, tiny image] scaled by 1/2, so it has unit norm
/// and its dot product is the mean of the four block cosines.
/// </summary>
public sealed class ImageFeatures
{
    public required AnalysisImage Image { get; init; }
    public required ulong PerceptualHash { get; init; }
    public required ulong DifferenceHash { get; init; }
    public required float[] Hsv { get; init; }
    public required float[] Edges { get; init; }
    public required float[] Texture { get; init; }
    public required float[] Tiny { get; init; }
    public required float[] Composite { get; init; }
    public required FriedStatistics Fried { get; init; }

    public static ImageFeatures Compute(AnalysisImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        float[] hsv = HsvHistogram.Compute(image);
        float[] edges = EdgeOrientationPyramid.Compute(image.Luma);
        float[] texture = LocalBinaryPattern.Compute(image.Luma);
        float[] tiny = TinyImage.Compute(image.Luma);
        return new ImageFeatures
        {
            Image = image,
            PerceptualHash = Features.PerceptualHash.Compute(image.Luma),
            DifferenceHash = Features.DifferenceHash.Compute(image.Luma),
            Hsv = hsv,
            Edges = edges,
            Texture = texture,
            Tiny = tiny,
            Composite = CompositeOf(edges, hsv, texture, tiny),
            Fried = FriedStatistics.Compute(image),
        };
    }

    private static float[] CompositeOf(float[] edges, float[] hsv, float[] texture, float[] tiny)
    {
        float[][] blocks = [(float[])edges.Clone(), SquareRoot(hsv), SquareRoot(texture), (float[])tiny.Clone()];
        var composite = new float[blocks.Sum(b => b.Length)];
        int offset = 0;
        foreach (float[] block in blocks)
        {
            VectorMath.NormalizeL2(block);
            for (int i = 0; i < block.Length; i++)
            {
                composite[offset + i] = block[i] / MathF.Sqrt(blocks.Length);
            }
            offset += block.Length;
        }
        return composite;
    }

    private static float[] SquareRoot(float[] shares) => [.. shares.Select(MathF.Sqrt)];
}
