namespace EpochCompare.Imaging.Formats.Png;

/// <summary>
/// One textual chunk: a Latin-1 keyword (1-79 chars) and its text.
/// <see cref="International"/> selects iTXt (UTF-8 text) over tEXt (Latin-1 text).
/// </summary>
public sealed record PngText(string Keyword, string Text, bool International = false)
{
    /// <summary>tEXt for Latin-1 text, iTXt otherwise: what a writer should pick by default.</summary>
    public static PngText Auto(string keyword, string text) => new(keyword, text, !IsLatin1(text));

    internal static bool IsLatin1(string s)
    {
        foreach (char c in s)
        {
            if (c > 0xFF)
            {
                return false;
            }
        }
        return true;
    }
}
