namespace EpochCompare.Imaging.Processing;

/// <summary>
/// Pixel-area resize, as kohya's sd-scripts bring dataset images to the training resolution
/// (cv2.INTER_AREA): each output pixel is the mean of the source area it covers, so every source pixel
/// counts. Ours, not Skia's, because training data must match kohya's; images that are only displayed
/// (grid cells) are scaled by Skia. Separable (horizontal pass, then vertical) in premultiplied float, so
/// transparent pixels do not bleed their colour. Deterministic: fixed loop order, no threads.
/// </summary>
public static class Resampler
{
    public static RgbaImage Resize(RgbaImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Resize target must be positive, got {width}x{height}.");
        }
        if (width == source.Width && height == source.Height)
        {
            return source.Clone();
        }
        var horizontal = ResampleKernel.Create(source.Width, width);
        var vertical = ResampleKernel.Create(source.Height, height);

        // Pass 1: rows of the source, resized horizontally, premultiplied RGBA floats.
        var temp = new float[source.Height * width * 4];
        var premultiplied = new float[source.Width * 4];
        for (int y = 0; y < source.Height; y++)
        {
            Premultiply(source.Row(y), premultiplied);
            Span<float> outRow = temp.AsSpan(y * width * 4, width * 4);
            for (int x = 0; x < width; x++)
            {
                int start = horizontal.Start[x];
                ReadOnlySpan<float> w = horizontal.Weights.AsSpan(x * horizontal.MaxTaps, horizontal.Count[x]);
                float r = 0, g = 0, b = 0, a = 0;
                for (int k = 0; k < w.Length; k++)
                {
                    int s = (start + k) * 4;
                    r += w[k] * premultiplied[s];
                    g += w[k] * premultiplied[s + 1];
                    b += w[k] * premultiplied[s + 2];
                    a += w[k] * premultiplied[s + 3];
                }
                outRow[x * 4] = r;
                outRow[x * 4 + 1] = g;
                outRow[x * 4 + 2] = b;
                outRow[x * 4 + 3] = a;
            }
        }

        // Pass 2: columns, then un-premultiply and round.
        var result = new RgbaImage(width, height);
        var accumulator = new float[width * 4];
        for (int y = 0; y < height; y++)
        {
            accumulator.AsSpan().Clear();
            int start = vertical.Start[y];
            ReadOnlySpan<float> w = vertical.Weights.AsSpan(y * vertical.MaxTaps, vertical.Count[y]);
            for (int k = 0; k < w.Length; k++)
            {
                ReadOnlySpan<float> row = temp.AsSpan((start + k) * width * 4, width * 4);
                float weight = w[k];
                for (int i = 0; i < accumulator.Length; i++)
                {
                    accumulator[i] += weight * row[i];
                }
            }
            Unpremultiply(accumulator, result.Row(y));
        }
        return result;
    }

    private static void Premultiply(ReadOnlySpan<byte> rgba, Span<float> output)
    {
        for (int i = 0; i < rgba.Length; i += 4)
        {
            float alpha = rgba[i + 3] / 255f;
            output[i] = rgba[i] * alpha;
            output[i + 1] = rgba[i + 1] * alpha;
            output[i + 2] = rgba[i + 2] * alpha;
            output[i + 3] = rgba[i + 3];
        }
    }

    private static void Unpremultiply(ReadOnlySpan<float> values, Span<byte> rgba)
    {
        for (int i = 0; i < values.Length; i += 4)
        {
            float alpha = Math.Clamp(values[i + 3], 0f, 255f);
            byte a = ToByte(alpha);
            rgba[i + 3] = a;
            if (a == 0)
            {
                rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
                continue;
            }
            float scale = 255f / alpha;
            rgba[i] = ToByte(values[i] * scale);
            rgba[i + 1] = ToByte(values[i + 1] * scale);
            rgba[i + 2] = ToByte(values[i + 2] * scale);
        }
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);
}
