namespace EpochCompare.Flux.Sampling;

/// <summary>
/// Decoded pixels [3, H, W] in [-1, 1] to 8-bit interleaved RGB, the way the reference saves images:
/// clamp to [-1, 1], then trunc(127.5 * (x + 1)) (torch <c>.byte()</c> truncates).
/// </summary>
public static class PixelBytes
{
    public static byte[] ToRgb(ReadOnlySpan<float> planar, int width, int height)
    {
        int plane = width * height;
        if (width <= 0 || height <= 0 || planar.Length != 3 * plane)
        {
            throw new ArgumentException($"pixels: {planar.Length} values are not one RGB image of {width}x{height}");
        }
        var rgb = new byte[3 * plane];
        for (int c = 0; c < 3; c++)
        {
            ReadOnlySpan<float> channel = planar.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                float value = channel[i];
                // NaN maps to 0 rather than to an undefined cast.
                float clamped = float.IsNaN(value) ? -1f : Math.Clamp(value, -1f, 1f);
                rgb[3 * i + c] = (byte)(127.5f * (clamped + 1f));
            }
        }
        return rgb;
    }
}
