namespace EpochCompare.Imaging.Drawing;

/// <summary>Renders a path into a coverage mask (0..255 per pixel): the primitive under fills, strokes and text.</summary>
public static class Rasterizer
{
    /// <summary>The coverage of <paramref name="path"/> over a width x height grid of pixels at the origin.</summary>
    public static byte[] CoverageMask(VectorPath path, int width, int height, FillRule rule = FillRule.NonZero)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var accumulator = new CoverageAccumulator();
        accumulator.Reset(0, 0, width, height);
        accumulator.AddPolylines(PathFlattener.Flatten(path));
        var mask = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            accumulator.ResolveRow(y, rule, mask.AsSpan(y * width, width));
        }
        return mask;
    }
}
