using System.Text;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>Byte layouts of tEXt and iTXt chunk bodies (PNG spec 11.3.4), both directions' rules.</summary>
internal static class PngTextEncoding
{
    public const int MaxKeywordLength = 79;

    public static byte[] EncodeBody(PngText text)
    {
        ValidateKeyword(text.Keyword);
        var body = new MemoryStream();
        body.Write(Encoding.Latin1.GetBytes(text.Keyword));
        body.WriteByte(0);
        if (text.International)
        {
            // Compression flag 0, method 0, empty language tag, empty translated keyword.
            body.Write([0, 0, 0, 0]);
            body.Write(Encoding.UTF8.GetBytes(text.Text));
        }
        else
        {
            if (!PngText.IsLatin1(text.Text))
            {
                throw new ArgumentException($"PNG tEXt '{text.Keyword}' holds characters outside Latin-1; use an iTXt (International) chunk.");
            }
            body.Write(Encoding.Latin1.GetBytes(text.Text));
        }
        return body.ToArray();
    }

    public static void ValidateKeyword(string keyword)
    {
        if (keyword.Length is < 1 or > MaxKeywordLength)
        {
            throw new ArgumentException($"PNG text keyword must be 1-{MaxKeywordLength} characters, got {keyword.Length}.");
        }
        if (keyword[0] == ' ' || keyword[^1] == ' ' || keyword.Contains("  ", StringComparison.Ordinal))
        {
            throw new ArgumentException($"PNG text keyword '{keyword}' has leading, trailing or repeated spaces.");
        }
        foreach (char c in keyword)
        {
            bool printable = c is >= (char)32 and <= (char)126 or >= (char)161 and <= (char)255;
            if (!printable)
            {
                throw new ArgumentException($"PNG text keyword '{keyword}' contains a character outside printable Latin-1.");
            }
        }
    }
}
