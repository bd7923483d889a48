using System.Buffers.Binary;
using EpochCompare.Imaging.Formats.Png;
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

    /// <summary>The strict codec's decoding, made lenient: a malformed or corrupt chunk counts as absent.</summary>
    private static (string Keyword, string Text)? Decode(string type, byte[] data)
    {
        try
        {
            PngText text = PngTextDecoding.Decode(type, data);
            return (text.Keyword, text.Text);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
