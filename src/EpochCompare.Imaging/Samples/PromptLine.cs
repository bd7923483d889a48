using System.Globalization;

namespace EpochCompare.Imaging.Samples;

/// <summary>
/// One entry of a sample-prompt list, at the index trainers number their samples by (kohya's
/// <c>_NN_</c>, ai-toolkit's <c>_{i}</c>): the prompt text without options, and its seed when fixed.
/// </summary>
public sealed record PromptLine(int Index, string Prompt, long? Seed)
{
    /// <summary>
    /// A prompt line in kohya's syntax (<c>text --w 512 --d 42 --n neg</c>; options split on <c>" --"</c>).
    /// The seed is kohya's <c>--d</c> or ai-toolkit's <c>--seed</c>; every other option (sizes, steps,
    /// guidance, kohya's <c>--ss --cn --ctr --rcfg --fs</c>, ai-toolkit's <c>--cfg --steps --m</c>, our
    /// <c>--role</c>) does not change which grid a sample belongs to and is ignored here.
    /// </summary>
    public static PromptLine FromText(int index, string line, long? defaultSeed = null)
    {
        long? seed = defaultSeed;
        foreach ((string name, string value) in Options(line))
        {
            if (name is "d" or "seed" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
            {
                seed = parsed;
            }
        }
        return new PromptLine(index, line.Split(" --")[0].Trim(), seed);
    }

    /// <summary>The value of option <c>--name</c> on a prompt line (it runs to the next <c>" --"</c>, quotes trimmed; the last one
    /// wins), or null when the line has none or it is empty.</summary>
    public static string? Option(string line, string name)
    {
        string? found = null;
        foreach ((string option, string value) in Options(line))
        {
            if (option == name.ToLowerInvariant() && value.Length > 0)
            {
                found = value;
            }
        }
        return found;
    }

    /// <summary>The options after the prompt text, names lower-cased, in order.</summary>
    private static IEnumerable<(string Name, string Value)> Options(string line)
    {
        foreach (string part in line.Split(" --").Skip(1))
        {
            string option = part.Trim();
            int space = option.IndexOfAny([' ', '\t']);
            string name = (space < 0 ? option : option[..space]).ToLowerInvariant();
            string value = space < 0 ? "" : option[(space + 1)..].Trim().Trim('"');
            yield return (name, value);
        }
    }
}
