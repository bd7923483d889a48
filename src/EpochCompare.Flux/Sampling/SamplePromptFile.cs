using System.Globalization;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// Reads prompt files in kohya's sample-prompt syntax: one prompt per line,
/// <c>prompt --n negative --w 64 --h 64 --d 1 --s 20 --l 3.5 --g 3.5</c>, blank lines and
/// <c>#</c> comment lines skipped. ai-toolkit's spellings <c>--seed</c>, <c>--steps</c> and <c>--cfg</c> (its
/// guidance scale) mean the same as <c>--d</c>, <c>--s</c> and <c>--g</c>. Options other trainers use that
/// do not change a FLUX sample here are accepted and ignored: kohya's <c>--ss</c> (sampler), <c>--cn</c>,
/// <c>--ctr</c>, <c>--rcfg</c>, <c>--fs</c>; ai-toolkit's <c>--m</c>/<c>--network_multiplier</c>, <c>--p2</c>,
/// <c>--n2</c>, <c>--gr</c>. Unlike kohya (which ignores what it does not know), an unknown or malformed
/// option is an error naming the file and line, so a typo never silently changes a grid.
/// <c>.toml</c> and <c>.json</c> files (kohya's other two formats) go through <see cref="SamplePromptDocuments"/>.
/// </summary>
public static class SamplePromptFile
{
    private const string KnownOptions = "--n --w --h --d/--seed --s/--steps --l --g/--cfg";

    private static readonly HashSet<string> IgnoredOptions = ["ss", "cn", "ctr", "rcfg", "fs", "m", "network_multiplier", "p2", "n2", "gr"];

    public static IReadOnlyList<SamplePrompt> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: prompt file not found", path);
        }
        string source = Path.GetFileName(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".toml" => SamplePromptDocuments.ParseToml(File.ReadAllText(path), source),
            ".json" => SamplePromptDocuments.ParseJson(File.ReadAllText(path), source),
            _ => Parse(File.ReadAllLines(path), source),
        };
    }

    /// <summary>Parses the lines of a prompt file; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<SamplePrompt> Parse(IEnumerable<string> lines, string source)
    {
        var prompts = new List<SamplePrompt>();
        int lineNumber = 0;
        foreach (string raw in lines)
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            prompts.Add(ParseLine(line, source, lineNumber));
        }
        if (prompts.Count == 0)
        {
            throw new InvalidDataException($"{source}: no prompts (only blank or # comment lines)");
        }
        return prompts;
    }

    /// <summary>One prompt line. Options start at " --" like kohya splits them.</summary>
    public static SamplePrompt ParseLine(string line, string source, int lineNumber)
    {
        string where = $"{source} line {lineNumber}";
        string[] parts = line.Split(" --");
        string promptText = parts[0].Trim();
        if (promptText.StartsWith("--", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{where}: the line starts with an option; the prompt text must come first");
        }
        var prompt = new SamplePrompt(promptText);
        for (int i = 1; i < parts.Length; i++)
        {
            string part = parts[i].Trim();
            int space = part.IndexOfAny([' ', '\t']);
            string name = space < 0 ? part : part[..space];
            string value = space < 0 ? "" : part[(space + 1)..].Trim();
            prompt = name.ToLowerInvariant() switch
            {
                "n" => prompt with { NegativePrompt = value },
                "w" => prompt with { Width = PositiveInt(value, "w", where) },
                "h" => prompt with { Height = PositiveInt(value, "h", where) },
                "d" or "seed" => prompt with { Seed = Seed(value, name, where) },
                "s" or "steps" => prompt with { Steps = PositiveInt(value, name, where) },
                "l" or "scale" => prompt with { CfgScale = Number(value, name, where) },
                "g" or "cfg" => prompt with { Guidance = Number(value, name, where) },
                var ignored when IgnoredOptions.Contains(ignored) => prompt,
                _ => throw new InvalidDataException($"{where}: unknown option --{name} (known: {KnownOptions})"),
            };
        }
        return prompt;
    }

    private static int PositiveInt(string value, string option, string where)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) || parsed <= 0)
        {
            throw new InvalidDataException($"{where}: --{option} needs a positive whole number, got '{value}'");
        }
        return parsed;
    }

    private static ulong Seed(string value, string option, string where)
    {
        if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsed))
        {
            throw new InvalidDataException($"{where}: --{option} needs a seed from 0 to {ulong.MaxValue}, got '{value}'");
        }
        return parsed;
    }

    private static double Number(string value, string option, string where)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !double.IsFinite(parsed))
        {
            throw new InvalidDataException($"{where}: --{option} needs a number, got '{value}'");
        }
        return parsed;
    }
}
