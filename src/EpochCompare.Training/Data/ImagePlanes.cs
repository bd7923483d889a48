using EpochCompare.Imaging;

namespace EpochCompare.Training.Data;

/// <summary>
/// An RGB image as the model's input: 3 planes (C, H, W) of floats in [-1, 1], the range FLUX's
/// autoencoder takes. Alpha is composited over white first, as transparent PNG datasets expect.
/// </summary>
internal static class ImagePlanes
{
    public static float[] FromImage(RgbaImage image)
    {
        int plane = image.Width * image.Height;
        var planes = new float[3 * plane];
        byte[] pixels = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            int alpha = pixels[4 * i + 3];
            for (int c = 0; c < 3; c++)
            {
                // Straight alpha over a white background: v * a + 255 * (1 - a).
                float value = (pixels[4 * i + c] * alpha + 255f * (255 - alpha)) / 255f;
                planes[c * plane + i] = value / 127.5f - 1f;
            }
        }
        return planes;
    }

    /// <summary>Mirrors each row of each plane (horizontal flip) into <paramref name="destination"/>.</summary>
    public static void FlipHorizontal(ReadOnlySpan<float> planes, Span<float> destination, int width)
    {
        for (int row = 0; row < planes.Length; row += width)
        {
            ReadOnlySpan<float> source = planes.Slice(row, width);
            Span<float> target = destination.Slice(row, width);
            for (int x = 0; x < width; x++)
            {
                target[x] = source[width - 1 - x];
            }
        }
    }
}
