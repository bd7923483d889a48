namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>
/// Brings a subsampled chroma plane to full resolution. 2x horizontal and/or vertical use the
/// triangular ("fancy") filter libjpeg decodes with by default: each output sample weighs its
/// nearer input 3/4 and the farther 1/4, edges replicated. Other ratios replicate samples.
/// </summary>
internal static class JpegUpsampler
{
    /// <param name="plane">Component samples, <paramref name="stride"/> bytes per row; only width x height are meaningful.</param>
    public static byte[] Upsample(byte[] plane, int stride, int width, int height, int factorX, int factorY, int outWidth, int outHeight)
    {
        var output = new byte[outWidth * outHeight];
        for (int y = 0; y < outHeight; y++)
        {
            Span<byte> outRow = output.AsSpan(y * outWidth, outWidth);
            int r = y / factorY;
            if (factorY == 2)
            {
                int neighbour = Math.Clamp((y & 1) == 0 ? r - 1 : r + 1, 0, height - 1);
                ReadOnlySpan<byte> near = plane.AsSpan(r * stride, width);
                ReadOnlySpan<byte> far = plane.AsSpan(neighbour * stride, width);
                if (factorX == 2)
                {
                    Fancy2x2Row(near, far, width, outRow);
                }
                else
                {
                    VerticalRow(near, far, (y & 1) == 0 ? 1 : 2, width, factorX, outRow);
                }
            }
            else
            {
                ReadOnlySpan<byte> row = plane.AsSpan(r * stride, width);
                if (factorX == 2)
                {
                    Fancy2x1Row(row, width, outRow);
                }
                else
                {
                    for (int x = 0; x < outWidth; x++)
                    {
                        outRow[x] = row[x / factorX];
                    }
                }
            }
        }
        return output;
    }

    private static void Fancy2x1Row(ReadOnlySpan<byte> row, int width, Span<byte> output)
    {
        for (int c = 0; c < width; c++)
        {
            int here = 3 * row[c];
            int left = row[Math.Max(c - 1, 0)];
            int right = row[Math.Min(c + 1, width - 1)];
            Put(output, 2 * c, (here + left + 1) >> 2);
            Put(output, 2 * c + 1, (here + right + 2) >> 2);
        }
    }

    private static void Fancy2x2Row(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, int width, Span<byte> output)
    {
        // Vertical pass first (3/4 near row + 1/4 far row, kept x4), then horizontal on the column sums.
        int previous = 3 * near[0] + far[0];
        int current = previous;
        for (int c = 0; c < width; c++)
        {
            int next = c + 1 < width ? 3 * near[c + 1] + far[c + 1] : current;
            int here = 3 * current;
            int left = previous;
            int right = next;
            Put(output, 2 * c, (here + left + 8) >> 4);
            Put(output, 2 * c + 1, (here + right + 7) >> 4);
            previous = current;
            current = next;
        }
    }

    private static void VerticalRow(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, int bias, int width, int factorX, Span<byte> output)
    {
        for (int x = 0; x < output.Length; x++)
        {
            int c = Math.Min(x / factorX, width - 1);
            output[x] = (byte)((3 * near[c] + far[c] + bias) >> 2);
        }
    }

    private static void Put(Span<byte> output, int index, int value)
    {
        if (index < output.Length)
        {
            output[index] = (byte)value;
        }
    }
}
