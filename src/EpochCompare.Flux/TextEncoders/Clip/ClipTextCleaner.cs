using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>
/// The text cleaning HF's <c>CLIPTokenizer</c> applies before BPE, which is what FLUX runs:
/// <c>whitespace_clean(ftfy.fix_text(text)).lower()</c>. Of ftfy's fixes this carries the ones
/// that change real prompts: HTML entities (only when the text has no '&lt;'), terminal escapes,
/// Latin ligatures, fullwidth and halfwidth forms, curly quotes, line breaks, control characters
/// and control characters. Not carried: mojibake repair (re-decoding text that went through the
/// wrong code page; prompts typed by people do not hold it) and ftfy's final NFC (this process runs
/// with invariant globalization, where string.Normalize leaves non-ASCII text alone; typed text is NFC already).
/// </summary>
public static partial class ClipTextCleaner
{
    private static readonly Dictionary<char, string> Ligatures = new()
    {
        ['\u0132'] = "IJ",
        ['\u0133'] = "ij",
        ['\uFB00'] = "ff",
        ['\uFB01'] = "fi",
        ['\uFB02'] = "fl",
        ['\uFB03'] = "ffi",
        ['\uFB04'] = "ffl",
        ['\uFB05'] = "\u017Ft",
        ['\uFB06'] = "st",
    };

    public static string Clean(string text)
    {
        string fixedText = FixText(text);
        return Whitespace().Replace(fixedText, " ").Trim().ToLowerInvariant();
    }

    /// <summary>The ftfy subset, in ftfy's order.</summary>
    public static string FixText(string text)
    {
        if (!text.Contains('<'))
        {
            text = HtmlEntity().Replace(text, m => WebUtility.HtmlDecode(m.Value));
        }
        text = TerminalEscape().Replace(text, "");
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (Ligatures.TryGetValue(c, out string? letters))
            {
                builder.Append(letters);
            }
            else if (CharacterWidth.Standard(c) is { } standard)
            {
                builder.Append(standard);
            }
            else if (c is '\u02BC' or (>= '\u2018' and <= '\u201B'))
            {
                builder.Append('\'');
            }
            else if (c is >= '\u201C' and <= '\u201F')
            {
                builder.Append('"');
            }
            else
            {
                builder.Append(c);
            }
        }
        text = LineBreak().Replace(builder.ToString(), "\n");
        return RemoveControlCharacters(text);
    }

    private static string RemoveControlCharacters(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            int code = char.ConvertToUtf32(text, i);
            bool control = code is (>= 0x00 and < 0x09) or 0x0B or (>= 0x0E and < 0x20) or 0x7F
                or (>= 0x206A and < 0x2070) or 0xFEFF or (>= 0xFFF9 and < 0xFFFD)
                or (>= 0x1D173 and < 0x1D17B) or (>= 0xE0000 and < 0xE0080);
            if (!control)
            {
                builder.Append(text, i, char.IsSurrogatePair(text, i) ? 2 : 1);
            }
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"&#?[0-9A-Za-z]{1,24};")]
    private static partial Regex HtmlEntity();

    [GeneratedRegex("\u001B\\[((?:\\d|;)*)([a-zA-Z])")]
    private static partial Regex TerminalEscape();

    [GeneratedRegex("\r\n|\r|\u2028|\u2029|\u0085")]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
