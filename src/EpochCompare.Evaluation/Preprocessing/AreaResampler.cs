namespace EpochCompare.Evaluation.Preprocessing;

/// <summary>
/// Area (box) resampling of float planes: each output pixel is the coverage-weighted mean of the
/// source pixels under it. Part of the versioned metric preprocessing, so it lives here rather than
/// in the display resizers (whose filters may change without changing metric values).
/// </summary>
public static class AreaResampler
{
    /// <summary>Resamples the source window [x0, x0+w) x [y0, y0+h) of <paramref name="source"/> to outW x outH.</summary>
    public static Plane Resample(Plane source, int outWidth, int outHeight) =>
        Resample(source, 0, 0, source.Width, source.Height, outWidth, outHeight);

    public static Plane Resample(Plane source, int x0, int y0, int width, int height, int outWidth, int outHeight)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (x0 < 0 || y0 < 0 || width <= 0 || height <= 0 || x0 + width > source.Width || y0 + height > source.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Window {x0},{y0} {width}x{height} is outside a {source.Width}x{source.Height} plane.");
        }
        var columns = Weights(x0, width, outWidth);
        var rows = Weights(y0, height, outHeight);

        // Horizontal pass over the rows of the window, then vertical.
        var horizontal = new float[height * outWidth];
        for (int y = 0; y < height; y++)
        {
            int src = (y0 + y) * source.Width;
            for (int ox = 0; ox < outWidth; ox++)
            {
                double sum = 0;
                foreach (var (index, weight) in columns[ox])
                {
                    sum += source.Data[src + index] * weight;
                }
                horizontal[y * outWidth + ox] = (float)sum;
            }
        }
        var result = new Plane(outWidth, outHeight);
        for (int oy = 0; oy < outHeight; oy++)
        {
            for (int ox = 0; ox < outWidth; ox++)
            {
                double sum = 0;
                foreach (var (index, weight) in rows[oy])
                {
                    sum += horizontal[(index - y0) * outWidth + ox] * weight;
                }
                result.Data[oy * outWidth + ox] = (float)sum;
            }
        }
        return result;
    }

    /// <summary>For each output index, the source indices it covers and their normalised overlap.</summary>
    private static (int Index, double Weight)[][] Weights(int start, int length, int outLength)
    {
        double scale = (double)length / outLength;
        var all = new (int, double)[outLength][];
        for (int o = 0; o < outLength; o++)
        {
            double from = o * scale;
            double to = (o + 1) * scale;
            int first = (int)Math.Floor(from);
            int last = Math.Min(length - 1, (int)Math.Ceiling(to) - 1);
            var list = new List<(int, double)>(last - first + 1);
            for (int i = first; i <= last; i++)
            {
                double overlap = Math.Min(to, i + 1) - Math.Max(from, i);
                if (overlap > 1e-12)
                {
                    list.Add((start + i, overlap / scale));
                }
            }
            all[o] = [.. list];
        }
        return all;
    }
}
