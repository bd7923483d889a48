using System.Globalization;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;

namespace EpochCompare.Imaging.Samples;

/// <summary>
/// Reads a kohya sample-prompt file (<c>--sample_prompts</c>) into its numbered entries: <c>.txt</c> (one
/// prompt per line, blank and <c>#</c> lines skipped and not counted), <c>.toml</c> (<c>[prompt]</c> defaults
/// plus <c>[[prompt.subset]]</c> entries) or <c>.json</c> (a list of objects or prompt lines). The index of an
/// entry is the <c>_NN_</c> kohya writes into its sample names.
/// </summary>
public static class PromptFile
{
    public static IReadOnlyList<PromptLine> Read(string path) => [.. ReadEntries(path).Select(e => e.ToLine())];

    /// <summary>The entries as written, options kept: line options of our own (<c>--role</c>, <c>--concept</c>) are read from these.</summary>
    public static IReadOnlyList<PromptEntry> ReadEntries(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: prompt file not found.", path);
        }
        string text = File.ReadAllText(path);
        try
        {
            return Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".toml" => ParseToml(text, path),
                ".json" => ParseJson(text, path),
                _ => ParseLines(text.ReplaceLineEndings("\n").Split('\n'), path),
            };
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}).", ex);
        }
        catch (TomlException ex)
        {
            throw new InvalidDataException($"{path}: not valid TOML ({ex.Message.ReplaceLineEndings(" ")}).", ex);
        }
    }

    private static List<PromptEntry> ParseLines(IEnumerable<string> lines, string path)
    {
        var prompts = new List<PromptEntry>();
        int lineNumber = 0;
        foreach (string raw in lines)
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                prompts.Add(new PromptEntry(prompts.Count, $"{path}:{lineNumber}", line, null));
            }
        }
        return prompts;
    }

    private static List<PromptEntry> ParseToml(string text, string path)
    {
        TomlTable root = TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        if (!root.TryGetValue("prompt", out object? section) || section is not TomlTable prompt)
        {
            throw new InvalidDataException($"{path}: no [prompt] table (kohya's TOML prompt files have [prompt] and [[prompt.subset]]).");
        }
        long? defaultSeed = Int64(prompt.TryGetValue("seed", out object? s) ? s : null);
        var prompts = new List<PromptEntry>();
        if (prompt.TryGetValue("subset", out object? subsets) && subsets is TomlTableArray entries)
        {
            foreach (TomlTable entry in entries)
            {
                string line = entry.TryGetValue("prompt", out object? p) ? Convert.ToString(p, CultureInfo.InvariantCulture) ?? "" : "";
                long? seed = entry.TryGetValue("seed", out object? es) ? Int64(es) : defaultSeed;
                prompts.Add(new PromptEntry(prompts.Count, $"{path}: entry {prompts.Count}", line, seed));
            }
        }
        return prompts;
    }

    private static List<PromptEntry> ParseJson(string text, string path)
    {
        using JsonDocument document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: expected a JSON list of prompts.");
        }
        var prompts = new List<PromptEntry>();
        foreach (JsonElement entry in document.RootElement.EnumerateArray())
        {
            string where = $"{path}: entry {prompts.Count}";
            if (entry.ValueKind == JsonValueKind.String)
            {
                prompts.Add(new PromptEntry(prompts.Count, where, entry.GetString()!, null));
            }
            else if (entry.ValueKind == JsonValueKind.Object)
            {
                string line = entry.TryGetProperty("prompt", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
                long? seed = entry.TryGetProperty("seed", out JsonElement s) && s.TryGetInt64(out long v) ? v : null;
                prompts.Add(new PromptEntry(prompts.Count, where, line, seed));
            }
        }
        return prompts;
    }

    private static long? Int64(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) => (long)d,
        string t when long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long p) => p,
        _ => null,
    };
}
