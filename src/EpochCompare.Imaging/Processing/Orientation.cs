namespace EpochCompare.Imaging.Processing;

/// <summary>Applies an EXIF orientation: returns the upright image (the input when already Normal).</summary>
public static class Orientation
{
    public static RgbaImage Apply(RgbaImage source, ImageOrientation orientation)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (orientation == ImageOrientation.Normal)
        {
            return source;
        }
        bool swap = orientation >= ImageOrientation.Transpose;
        int width = swap ? source.Height : source.Width;
        int height = swap ? source.Width : source.Height;
        var result = new RgbaImage(width, height);
        int sw = source.Width, sh = source.Height;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // (sx, sy): the stored pixel that shows at display position (x, y).
                (int sx, int sy) = orientation switch
                {
                    ImageOrientation.FlipHorizontal => (sw - 1 - x, y),
                    ImageOrientation.Rotate180 => (sw - 1 - x, sh - 1 - y),
                    ImageOrientation.FlipVertical => (x, sh - 1 - y),
                    ImageOrientation.Transpose => (y, x),
                    ImageOrientation.Rotate90Clockwise => (y, sh - 1 - x),
                    ImageOrientation.Transverse => (sw - 1 - y, sh - 1 - x),
                    ImageOrientation.Rotate270Clockwise => (sw - 1 - y, x),
                    _ => throw new ArgumentOutOfRangeException(nameof(orientation), $"Unknown orientation {orientation}."),
                };
                source.Pixels.AsSpan((sy * sw + sx) * 4, 4).CopyTo(result.Pixels.AsSpan((y * width + x) * 4, 4));
            }
        }
        return result;
    }
}
