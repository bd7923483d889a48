using System.Globalization;
using System.Text.RegularExpressions;

namespace EpochCompare.Imaging.Metadata;

/// <summary>
/// The <c>&lt;lora:name:strength&gt;</c> tokens A1111, Forge and SwarmUI put in prompts (an X/Y/Z plot
/// over epochs swaps the name with Prompt S/R): listed, and removed from the prompt text.
/// </summary>
public static partial class LoraTokens
{
    public static IReadOnlyList<LoraUse> Find(string prompt) =>
        [.. Token().Matches(prompt).Select(m => new LoraUse(
            m.Groups["name"].Value.Trim(),
            m.Groups["strength"].Success && double.TryParse(m.Groups["strength"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : 1.0))];

    /// <summary>The prompt without LoRA tokens, whitespace collapsed and stray separators trimmed.</summary>
    public static string Remove(string prompt)
    {
        string text = Token().Replace(prompt, " ");
        text = Spaces().Replace(text, " ");
        text = SeparatorBeforeComma().Replace(text, ",");
        return text.Trim().Trim(',').Trim();
    }

    // <lora:name>, <lora:name:0.8>, <lora:name:0.8:0.5> (Forge: te / unet strengths)
    [GeneratedRegex(@"<lora:(?<name>[^:>]+)(?::(?<strength>[-+0-9.eE]+))?(?::[^>]*)?>", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"[ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s*,(\s*,)+", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatorBeforeComma();
}
