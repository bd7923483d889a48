namespace EpochCompare.Imaging.Drawing;

/// <summary>Source-over compositing of straight-alpha colors onto straight-alpha RGBA rows.</summary>
internal static class PixelBlender
{
    /// <summary>Blends one color, weighted by 0..255 coverage per pixel, onto a row span (4 bytes per pixel).</summary>
    public static void BlendSolid(Span<byte> row, ReadOnlySpan<byte> coverage, Rgba32 color)
    {
        for (int i = 0; i < coverage.Length; i++)
        {
            if (coverage[i] != 0)
            {
                Blend(row.Slice(i * 4, 4), color, coverage[i]);
            }
        }
    }

    public static void BlendColors(Span<byte> row, ReadOnlySpan<byte> coverage, ReadOnlySpan<Rgba32> colors)
    {
        for (int i = 0; i < coverage.Length; i++)
        {
            if (coverage[i] != 0)
            {
                Blend(row.Slice(i * 4, 4), colors[i], coverage[i]);
            }
        }
    }

    /// <summary>dst = src over dst, with the source alpha scaled by coverage (0..255).</summary>
    public static void Blend(Span<byte> dst, Rgba32 src, int coverage)
    {
        int sa = Div255(src.A * coverage);
        if (sa == 0)
        {
            return;
        }
        if (sa == 255)
        {
            dst[0] = src.R;
            dst[1] = src.G;
            dst[2] = src.B;
            dst[3] = 255;
            return;
        }
        int da = dst[3];
        if (da == 255)
        {
            dst[0] = (byte)(dst[0] + Div255((src.R - dst[0]) * sa));
            dst[1] = (byte)(dst[1] + Div255((src.G - dst[1]) * sa));
            dst[2] = (byte)(dst[2] + Div255((src.B - dst[2]) * sa));
            return;
        }
        // General case: the destination is itself translucent.
        int dWeight = Div255(da * (255 - sa));
        int outA = sa + dWeight;
        if (outA == 0)
        {
            return;
        }
        dst[0] = (byte)((src.R * sa + dst[0] * dWeight + outA / 2) / outA);
        dst[1] = (byte)((src.G * sa + dst[1] * dWeight + outA / 2) / outA);
        dst[2] = (byte)((src.B * sa + dst[2] * dWeight + outA / 2) / outA);
        dst[3] = (byte)outA;
    }

    // Exact round(v / 255) for v in [-65025, 65025].
    private static int Div255(int v)
    {
        if (v >= 0)
        {
            v += 128;
            return (v + (v >> 8)) >> 8;
        }
        return -Div255(-v);
    }
}
