using System.Numerics;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace EpochCompare.Imaging.Formats;

/// <summary>Hands an <see cref="RgbaImage"/>'s pixels to Skia without copying them.</summary>
internal static class SkiaPixels
{
    /// <summary>
    /// Runs <paramref name="use"/> with a pixmap over the image's pinned bytes: RGBA8888, straight alpha
    /// (marked opaque when every alpha is 255, so encoders write no alpha channel), no colour space.
    /// </summary>
    public static T With<T>(RgbaImage image, Func<SKPixmap, T> use)
    {
        ArgumentNullException.ThrowIfNull(image);
        SKAlphaType alpha = IsOpaque(image) ? SKAlphaType.Opaque : SKAlphaType.Unpremul;
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, alpha);
        unsafe
        {
            fixed (byte* pixels = image.Pixels)
            {
                using var pixmap = new SKPixmap(info, (IntPtr)pixels, image.Stride);
                return use(pixmap);
            }
        }
    }

    /// <summary>Whether every alpha byte is 255 (read as one word per pixel, a vector at a time).</summary>
    public static bool IsOpaque(RgbaImage image)
    {
        ReadOnlySpan<uint> pixels = MemoryMarshal.Cast<byte, uint>(image.Pixels);
        uint alpha = BitConverter.IsLittleEndian ? 0xFF000000u : 0x000000FFu; // A is the fourth byte of each word
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mask = new Vector<uint>(alpha);
            for (; i + Vector<uint>.Count <= pixels.Length; i += Vector<uint>.Count)
            {
                if (!Vector.EqualsAll(new Vector<uint>(pixels.Slice(i, Vector<uint>.Count)) & mask, mask))
                {
                    return false;
                }
            }
        }
        for (; i < pixels.Length; i++)
        {
            if ((pixels[i] & alpha) != alpha)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The encoded bytes, or an exception naming the format (Skia returns null when it cannot encode).</summary>
    public static byte[] Bytes(SKData? data, string format)
    {
        if (data is null)
        {
            throw new InvalidOperationException($"Skia could not encode the image as {format}.");
        }
        using (data)
        {
            return data.ToArray();
        }
    }
}
