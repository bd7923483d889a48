using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// HOG-like composition descriptor: central-difference gradients of the luma reduced to 64x64 (so the
/// edges are those of shapes and layout, not of fine texture, which LBP covers), magnitude-weighted
/// unsigned orientation histograms (9 bins over 0..180 degrees, linear bin interpolation) pooled on
/// 1x1, 2x2 and 4x4 grids (21 cells x 9 = 189 values). Each pyramid level is L2-normalised, then
/// the whole vector, so the three levels weigh the same. Pooling softens small shifts.
/// </summary>
public static class EdgeOrientationPyramid
{
    public const int OrientationBins = 9;
    public static readonly IReadOnlyList<int> GridSides = [1, 2, 4];
    public static int Length => GridSides.Sum(s => s * s) * OrientationBins;

    /// <summary>Side of the plane the gradients are taken on.</summary>
    public const int WorkingSide = 64;

    public static float[] Compute(Plane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        luma = AreaResampler.Resample(luma, WorkingSide, WorkingSide);
        int w = luma.Width;
        int h = luma.Height;
        int finest = GridSides[^1];
        // Accumulate at the finest grid, then sum up into the coarser levels.
        var fine = new double[finest * finest * OrientationBins];
        for (int y = 1; y < h - 1; y++)
        {
            int cy = y * finest / h;
            for (int x = 1; x < w - 1; x++)
            {
                double gx = luma[x + 1, y] - luma[x - 1, y];
                double gy = luma[x, y + 1] - luma[x, y - 1];
                double magnitude = Math.Sqrt(gx * gx + gy * gy);
                if (magnitude == 0)
                {
                    continue;
                }
                double angle = Math.Atan2(gy, gx) * (180 / Math.PI);
                if (angle < 0)
                {
                    angle += 180;
                }
                if (angle >= 180)
                {
                    angle -= 180;
                }
                // Bin centres at (b + 0.5) * 20 degrees; split the vote between the two nearest.
                double position = angle / (180.0 / OrientationBins) - 0.5;
                int lower = (int)Math.Floor(position);
                double upperShare = position - lower;
                int b0 = (lower + OrientationBins) % OrientationBins;
                int b1 = (lower + 1) % OrientationBins;
                int cell = (cy * finest + x * finest / w) * OrientationBins;
                fine[cell + b0] += magnitude * (1 - upperShare);
                fine[cell + b1] += magnitude * upperShare;
            }
        }

        var result = new float[Length];
        int offset = 0;
        foreach (int side in GridSides)
        {
            int levelLength = side * side * OrientationBins;
            int factor = finest / side;
            for (int fy = 0; fy < finest; fy++)
            {
                for (int fx = 0; fx < finest; fx++)
                {
                    int target = offset + ((fy / factor) * side + fx / factor) * OrientationBins;
                    int source = (fy * finest + fx) * OrientationBins;
                    for (int b = 0; b < OrientationBins; b++)
                    {
                        result[target + b] += (float)fine[source + b];
                    }
                }
            }
            VectorMath.NormalizeL2(result.AsSpan(offset, levelLength));
            offset += levelLength;
        }
        VectorMath.NormalizeL2(result);
        return result;
    }
}
