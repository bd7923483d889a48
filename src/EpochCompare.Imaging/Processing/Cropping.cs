namespace EpochCompare.Imaging.Processing;

/// <summary>Rectangular crops, center crop, and area-resize-then-crop to a training resolution.</summary>
public static class Cropping
{
    public static RgbaImage Crop(RgbaImage source, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > source.Width || y + height > source.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop {width}x{height} at ({x}, {y}) does not fit a {source.Width}x{source.Height} image.");
        }
        var result = new RgbaImage(width, height);
        for (int row = 0; row < height; row++)
        {
            source.Row(y + row).Slice(x * 4, width * 4).CopyTo(result.Row(row));
        }
        return result;
    }

    /// <summary>The centered width x height window (odd leftovers go to the right and bottom).</summary>
    public static RgbaImage CenterCrop(RgbaImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Crop(source, (source.Width - width) / 2, (source.Height - height) / 2, width, height);
    }

    /// <summary>
    /// Scales so the image covers width x height (the smaller side fits), then center-crops the overflow:
    /// the usual way to bring a dataset image to a training resolution.
    /// </summary>
    public static RgbaImage ResizeAndCenterCrop(RgbaImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        double scale = Math.Max((double)width / source.Width, (double)height / source.Height);
        int coverWidth = Math.Max(width, (int)Math.Round(source.Width * scale));
        int coverHeight = Math.Max(height, (int)Math.Round(source.Height * scale));
        RgbaImage covered = Resampler.Resize(source, coverWidth, coverHeight);
        return coverWidth == width && coverHeight == height ? covered : CenterCrop(covered, width, height);
    }
}
