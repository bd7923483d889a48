namespace EpochCompare.Imaging.Processing;

/// <summary>
/// Conversions between images and the model's pixel tensors: float[] in planar CHW order
/// (all R, then all G, then all B), values in [-1, 1] (v / 127.5 - 1). Alpha is dropped on the way in.
/// </summary>
public static class ImageTensor
{
    public const int Channels = 3;

    public static float[] ToPlanarChw(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int plane = image.Width * image.Height;
        var tensor = new float[Channels * plane];
        byte[] pixels = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            tensor[i] = pixels[i * 4] / 127.5f - 1f;
            tensor[plane + i] = pixels[i * 4 + 1] / 127.5f - 1f;
            tensor[2 * plane + i] = pixels[i * 4 + 2] / 127.5f - 1f;
        }
        return tensor;
    }

    /// <summary>Values outside [-1, 1] are clamped; NaN reads as -1 so a broken sample is visibly black.</summary>
    public static RgbaImage FromPlanarChw(ReadOnlySpan<float> tensor, int width, int height)
    {
        long plane = (long)width * height;
        if (width <= 0 || height <= 0 || tensor.Length != Channels * plane)
        {
            throw new ArgumentException($"Tensor of {tensor.Length} floats does not hold a 3x{height}x{width} image.", nameof(tensor));
        }
        var image = new RgbaImage(width, height);
        byte[] pixels = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            pixels[i * 4] = ToByte(tensor[i]);
            pixels[i * 4 + 1] = ToByte(tensor[(int)plane + i]);
            pixels[i * 4 + 2] = ToByte(tensor[(int)(2 * plane) + i]);
            pixels[i * 4 + 3] = 255;
        }
        return image;
    }

    private static byte ToByte(float value)
    {
        if (float.IsNaN(value))
        {
            return 0;
        }
        return (byte)Math.Clamp((int)MathF.Round((value + 1f) * 127.5f), 0, 255);
    }
}
