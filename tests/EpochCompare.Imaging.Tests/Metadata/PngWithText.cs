using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EpochCompare.Imaging.Tests.Metadata;

/// <summary>
/// Writes a 1x1 PNG carrying text chunks the way the UIs do (PIL's <c>add_text</c>: tEXt when latin-1,
/// else iTXt; zTXt/compressed iTXt when asked), built byte by byte so the test does not lean on our encoder.
/// </summary>
public static class PngWithText
{
    public enum Kind { Text, CompressedText, International, CompressedInternational }

    public static void Write(string path, params (string Keyword, string Text, Kind Kind)[] texts)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, 1);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 1);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        Chunk(stream, "IHDR", header);
        foreach (var (keyword, text, kind) in texts)
        {
            byte[] key = [.. Encoding.Latin1.GetBytes(keyword), 0];
            byte[] body = kind switch
            {
                Kind.Text => [.. key, .. Encoding.Latin1.GetBytes(text)],
                Kind.CompressedText => [.. key, 0, .. Deflate(Encoding.Latin1.GetBytes(text))],
                Kind.International => [.. key, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(text)],
                _ => [.. key, 1, 0, 0, 0, .. Deflate(Encoding.UTF8.GetBytes(text))],
            };
            Chunk(stream, kind is Kind.Text ? "tEXt" : kind is Kind.CompressedText ? "zTXt" : "iTXt", body);
        }
        Chunk(stream, "IDAT", Deflate([0, 200, 100, 50]));
        Chunk(stream, "IEND", []);
        File.WriteAllBytes(path, stream.ToArray());
    }

    public static void WriteText(string path, string keyword, string text) =>
        Write(path, (keyword, text, text.All(c => c < 256) ? Kind.Text : Kind.International));

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        stream.Write(length);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc(typed));
        stream.Write(length);
    }

    private static uint Crc(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
