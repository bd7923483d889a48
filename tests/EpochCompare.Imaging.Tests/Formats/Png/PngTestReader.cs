using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EpochCompare.Imaging.Tests.Formats.Png;

/// <summary>
/// A deliberately minimal, independent PNG reader for checking the encoder: a bitwise CRC
/// (no table), chunk walking, inflate and a scalar unfilter. Only 8-bit RGB/RGBA non-interlaced.
/// </summary>
internal static class PngTestReader
{
    public sealed record Chunk(string Type, byte[] Data);

    public static List<Chunk> ReadChunks(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        var chunks = new List<Chunk>();
        int p = 8;
        while (p < png.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(p));
            string type = Encoding.ASCII.GetString(png, p + 4, 4);
            byte[] data = png.AsSpan(p + 8, length).ToArray();
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(p + 8 + length));
            Assert.Equal(BitwiseCrc(png.AsSpan(p + 4, length + 4)), stored);
            chunks.Add(new Chunk(type, data));
            p += 12 + length;
        }
        Assert.Equal(png.Length, p);
        return chunks;
    }

    /// <summary>Returns width, height, channels and the unfiltered RGB(A) bytes.</summary>
    public static (int Width, int Height, int Channels, byte[] Pixels) Decode(byte[] png)
    {
        var chunks = ReadChunks(png);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        byte[] ihdr = chunks[0].Data;
        int width = (int)BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        int height = (int)BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(4));
        Assert.Equal(8, ihdr[8]);
        int channels = ihdr[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidOperationException("colour type") };
        Assert.Equal(0, ihdr[12]);
        var idat = new MemoryStream();
        foreach (var chunk in chunks.Where(c => c.Type == "IDAT"))
        {
            idat.Write(chunk.Data);
        }
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(raw);
        }
        byte[] data = raw.ToArray();
        int stride = width * channels;
        Assert.Equal(height * (stride + 1), data.Length);
        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            int filter = data[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int x = data[y * (stride + 1) + 1 + i];
                int a = i >= channels ? pixels[y * stride + i - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidOperationException($"filter {filter}"),
                };
                pixels[y * stride + i] = (byte)(x + predictor);
            }
        }
        return (width, height, channels, pixels);
    }

    public static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }
        return ~crc;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
