using EpochCompare.Imaging;

namespace EpochCompare.Semantic.Preprocessing;

/// <summary>An 8-bit RGB image, row-major, 3 bytes per pixel: what Pillow's <c>convert("RGB")</c> hands the transforms.</summary>
public sealed record RgbPixels(int Width, int Height, byte[] Rgb)
{
    /// <summary>Drops alpha without compositing, as Pillow's RGBA to RGB conversion does.</summary>
    public static RgbPixels FromRgba(RgbaImage image)
    {
        var rgb = new byte[3 * image.Width * image.Height];
        byte[] rgba = image.Pixels;
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }
        return new RgbPixels(image.Width, image.Height, rgb);
    }
}
