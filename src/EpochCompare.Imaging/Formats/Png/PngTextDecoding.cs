using System.IO.Compression;
using System.Text;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>Reads tEXt, zTXt and iTXt chunk bodies back into <see cref="PngText"/>.</summary>
internal static class PngTextDecoding
{
    public static PngText Decode(string type, ReadOnlySpan<byte> data)
    {
        int keywordEnd = data.IndexOf((byte)0);
        if (keywordEnd < 1)
        {
            throw new InvalidDataException($"PNG {type} chunk has no keyword terminator.");
        }
        string keyword = Encoding.Latin1.GetString(data[..keywordEnd]);
        ReadOnlySpan<byte> rest = data[(keywordEnd + 1)..];
        switch (type)
        {
            case PngChunkType.Text:
                return new PngText(keyword, Encoding.Latin1.GetString(rest));
            case PngChunkType.CompressedText:
                if (rest.Length < 1 || rest[0] != 0)
                {
                    throw new InvalidDataException($"PNG zTXt chunk '{keyword}' uses an unknown compression method.");
                }
                return new PngText(keyword, Encoding.Latin1.GetString(Inflate(rest[1..], keyword)));
            default:
                return DecodeInternational(keyword, rest);
        }
    }

    private static PngText DecodeInternational(string keyword, ReadOnlySpan<byte> rest)
    {
        if (rest.Length < 2)
        {
            throw new InvalidDataException($"PNG iTXt chunk '{keyword}' is truncated.");
        }
        bool compressed = rest[0] == 1;
        if (compressed && rest[1] != 0)
        {
            throw new InvalidDataException($"PNG iTXt chunk '{keyword}' uses an unknown compression method.");
        }
        ReadOnlySpan<byte> afterFlags = rest[2..];
        int languageEnd = afterFlags.IndexOf((byte)0);
        int translatedEnd = languageEnd < 0 ? -1 : afterFlags[(languageEnd + 1)..].IndexOf((byte)0);
        if (languageEnd < 0 || translatedEnd < 0)
        {
            throw new InvalidDataException($"PNG iTXt chunk '{keyword}' is missing its language or translated-keyword terminator.");
        }
        ReadOnlySpan<byte> text = afterFlags[(languageEnd + 1 + translatedEnd + 1)..];
        byte[] utf8 = compressed ? Inflate(text, keyword) : text.ToArray();
        return new PngText(keyword, Encoding.UTF8.GetString(utf8), International: true);
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed, string keyword)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"PNG text chunk '{keyword}' has corrupt compressed data: {e.Message}", e);
        }
    }
}
