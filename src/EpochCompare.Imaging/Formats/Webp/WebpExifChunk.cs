using System.Buffers.Binary;

namespace EpochCompare.Imaging.Formats.Webp;

/// <summary>
/// Puts an EXIF chunk into an encoded WebP and finds it again. A simple-format file (one VP8 or VP8L
/// chunk) is turned into the extended format first: a VP8X chunk with the EXIF flag (and the alpha
/// flag when the image has transparency) ahead of the image data, the EXIF chunk after it.
/// </summary>
public static class WebpExifChunk
{
    private const byte AlphaFlag = 0x10;
    private const byte ExifFlag = 0x08;

    public static byte[] Insert(ReadOnlySpan<byte> webp, ReadOnlySpan<byte> tiff, int width, int height, bool hasAlpha)
    {
        if (webp.Length < 20 || !webp[..4].SequenceEqual("RIFF"u8) || !webp.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            throw new InvalidOperationException("The WebP encoder's output is not a RIFF WEBP file.");
        }
        ReadOnlySpan<byte> chunks = webp[12..];
        var output = new MemoryStream(webp.Length + tiff.Length + 32);
        output.Write("RIFF\0\0\0\0WEBP"u8);
        if (chunks[..4].SequenceEqual("VP8X"u8))
        {
            byte[] extended = chunks.ToArray();
            extended[8] |= ExifFlag;
            output.Write(extended);
        }
        else
        {
            Span<byte> vp8x = stackalloc byte[18];
            "VP8X"u8.CopyTo(vp8x);
            BinaryPrimitives.WriteUInt32LittleEndian(vp8x[4..], 10);
            vp8x[8] = (byte)(ExifFlag | (hasAlpha ? AlphaFlag : 0));
            WriteUInt24(vp8x[12..], width - 1);
            WriteUInt24(vp8x[15..], height - 1);
            output.Write(vp8x);
            output.Write(chunks);
        }
        Span<byte> header = stackalloc byte[8];
        "EXIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)tiff.Length);
        output.Write(header);
        output.Write(tiff);
        if (tiff.Length % 2 == 1)
        {
            output.WriteByte(0); // chunks are padded to an even size
        }
        byte[] result = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        return result;
    }

    /// <summary>The EXIF chunk's payload, or empty when the file has none.</summary>
    public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> webp)
    {
        if (webp.Length < 12 || !webp[..4].SequenceEqual("RIFF"u8) || !webp.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return [];
        }
        long position = 12;
        while (position + 8 <= webp.Length)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(webp[(int)(position + 4)..]);
            if (size > webp.Length - position - 8)
            {
                return [];
            }
            if (webp.Slice((int)position, 4).SequenceEqual("EXIF"u8))
            {
                return webp.Slice((int)position + 8, (int)size);
            }
            position += 8 + size + (size & 1);
        }
        return [];
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
    }
}
