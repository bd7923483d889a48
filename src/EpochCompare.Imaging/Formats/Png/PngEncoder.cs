using System.Buffers.Binary;
using System.IO.Compression;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>
/// Writes 8-bit RGB (when every pixel is opaque) or RGBA PNGs, non-interlaced, adaptive row filters,
/// optional tEXt/iTXt chunks. Same image and options give the same bytes.
/// </summary>
public static class PngEncoder
{
    /// <summary>IDAT chunks are split at this size, as common encoders do.</summary>
    private const int MaxIdatLength = 1 << 20;

    public static byte[] Encode(RgbaImage image, PngEncoderOptions? options = null)
    {
        var output = new MemoryStream();
        Encode(image, output, options);
        return output.ToArray();
    }

    public static void Encode(RgbaImage image, Stream output, PngEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        options ??= PngEncoderOptions.Default;

        bool opaque = IsOpaque(image);
        int channels = opaque ? 3 : 4;
        PngColorType colorType = opaque ? PngColorType.Rgb : PngColorType.Rgba;

        output.Write(PngSignature.Bytes);
        PngChunkWriter.Write(output, PngChunkType.Header, BuildHeader(image.Width, image.Height, colorType));
        foreach (PngText text in options.Texts)
        {
            string type = text.International ? PngChunkType.InternationalText : PngChunkType.Text;
            PngChunkWriter.Write(output, type, PngTextEncoding.EncodeBody(text));
        }
        byte[] compressed = CompressRows(image, channels, options.CompressionLevel, out int compressedLength);
        for (int offset = 0; offset < compressedLength; offset += MaxIdatLength)
        {
            int length = Math.Min(MaxIdatLength, compressedLength - offset);
            PngChunkWriter.Write(output, PngChunkType.Data, compressed.AsSpan(offset, length));
        }
        PngChunkWriter.Write(output, PngChunkType.End, []);
    }

    /// <summary>Encodes to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static void Save(RgbaImage image, string path, PngEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        AtomicFile.Write(path, stream => Encode(image, stream, options));
    }

    internal static bool IsOpaque(RgbaImage image)
    {
        byte[] pixels = image.Pixels;
        for (int i = 3; i < pixels.Length; i += 4)
        {
            if (pixels[i] != 255)
            {
                return false;
            }
        }
        return true;
    }

    private static byte[] BuildHeader(int width, int height, PngColorType colorType)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8; // bit depth
        header[9] = (byte)colorType;
        // compression 0 (deflate), filter method 0 (adaptive), interlace 0 (none): already zero.
        return header;
    }

    private static byte[] CompressRows(RgbaImage image, int channels, CompressionLevel level, out int length)
    {
        int rowBytes = image.Width * channels;
        var compressed = new MemoryStream(image.Height * (rowBytes + 1) / 2 + 64);
        var filter = new PngRowFilter(rowBytes, channels);
        var previous = new byte[rowBytes];
        var current = new byte[rowBytes];
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            for (int y = 0; y < image.Height; y++)
            {
                CopyRow(image.Row(y), current, channels);
                zlib.Write(filter.FilterAdaptive(current, previous));
                (previous, current) = (current, previous);
            }
        }
        length = (int)compressed.Length;
        return compressed.GetBuffer();
    }

    private static void CopyRow(ReadOnlySpan<byte> rgba, Span<byte> destination, int channels)
    {
        if (channels == 4)
        {
            rgba.CopyTo(destination);
            return;
        }
        for (int x = 0, o = 0; o < destination.Length; x += 4, o += 3)
        {
            destination[o] = rgba[x];
            destination[o + 1] = rgba[x + 1];
            destination[o + 2] = rgba[x + 2];
        }
    }
}
