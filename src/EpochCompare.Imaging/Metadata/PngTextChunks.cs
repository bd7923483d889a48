using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EpochCompare.Imaging.Metadata;

/// <summary>
/// The text chunks (tEXt, zTXt, iTXt) of a PNG file, read without decoding any pixels: generation UIs
/// keep their parameters there (A1111/Forge and SwarmUI <c>parameters</c>, ComfyUI <c>prompt</c>/<c>workflow</c>).
/// Reading stops at the first IDAT; text after the image data is rare and never written by those tools.
/// </summary>
public static class PngTextChunks
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Keyword to text (first chunk wins); empty for a file that is not a PNG or has no text.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Read(stream);
    }

    public static IReadOnlyDictionary<string, string> Read(Stream stream)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        Span<byte> head = stackalloc byte[8];
        if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8 || !head.SequenceEqual(Signature))
        {
            return texts;
        }
        while (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(head);
            string type = Encoding.ASCII.GetString(head[4..8]);
            if (type is "IDAT" or "IEND" || length > 64 << 20)
            {
                break;
            }
            if (type is not ("tEXt" or "zTXt" or "iTXt"))
            {
                stream.Seek(length + 4, SeekOrigin.Current);
                continue;
            }
            byte[] data = new byte[length];
            if (stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) < data.Length)
            {
                break;
            }
            stream.Seek(4, SeekOrigin.Current); // CRC: a damaged chunk shows up as unreadable text below
            if (Decode(type, data) is var (keyword, text))
            {
                texts.TryAdd(keyword, text);
            }
        }
        return texts;
    }

    private static (string Keyword, string Text)? Decode(string type, byte[] data)
    {
        int end = Array.IndexOf(data, (byte)0);
        if (end < 1)
        {
            return null;
        }
        string keyword = Encoding.Latin1.GetString(data, 0, end);
        ReadOnlySpan<byte> rest = data.AsSpan(end + 1);
        try
        {
            switch (type)
            {
                case "tEXt":
                    return (keyword, Encoding.Latin1.GetString(rest));
                case "zTXt":
                    return rest.Length > 0 && rest[0] == 0 ? (keyword, Encoding.Latin1.GetString(Inflate(rest[1..]))) : null;
                default:
                    if (rest.Length < 2)
                    {
                        return null;
                    }
                    bool compressed = rest[0] == 1;
                    ReadOnlySpan<byte> tail = rest[2..];
                    int language = tail.IndexOf((byte)0);
                    if (language < 0)
                    {
                        return null;
                    }
                    tail = tail[(language + 1)..];
                    int translated = tail.IndexOf((byte)0);
                    if (translated < 0)
                    {
                        return null;
                    }
                    tail = tail[(translated + 1)..];
                    return (keyword, Encoding.UTF8.GetString(compressed ? Inflate(tail) : tail));
            }
        }
        catch (InvalidDataException)
        {
            return null; // corrupt compressed text: treat as absent
        }
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        using var input = new MemoryStream(compressed.ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }
}
