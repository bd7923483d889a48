using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// kohya's structured sample-prompt files (train_util <c>load_prompts</c>): <c>.toml</c> with a <c>[prompt]</c> table of
/// defaults and <c>[[prompt.subset]]</c> entries, each entry the defaults plus its own keys (a key in both is an error,
/// as Python's <c>dict(**prompt, **subset)</c> makes it); <c>.json</c>, a list whose items are prompt dictionaries or
/// prompt lines in the <c>.txt</c> syntax. Entries keep their order: it is kohya's <c>_NN_</c> sample index.
/// </summary>
public static class SamplePromptDocuments
{
    public static IReadOnlyList<SamplePrompt> ParseToml(string text, string source)
    {
        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (TomlException ex)
        {
            throw new InvalidDataException($"{source}: not valid TOML ({ex.Message.ReplaceLineEndings(" ")})");
        }
        if (!root.TryGetValue("prompt", out object? section) || section is not TomlTable prompt)
        {
            throw new InvalidDataException($"{source}: no [prompt] table (kohya's TOML prompt files have [prompt] and [[prompt.subset]])");
        }
        if (!prompt.TryGetValue("subset", out object? subsets) || subsets is not TomlTableArray entries || entries.Count == 0)
        {
            throw new InvalidDataException($"{source}: no [[prompt.subset]] entries");
        }
        var defaults = prompt.Where(kv => kv.Key != "subset").ToList();
        var prompts = new List<SamplePrompt>();
        foreach (TomlTable entry in entries)
        {
            string where = $"{source} subset {prompts.Count + 1}";
            if (entry.Keys.FirstOrDefault(k => defaults.Any(d => d.Key == k)) is { } twice)
            {
                throw new InvalidDataException($"{where}: '{twice}' is set both in [prompt] and in the subset (kohya refuses it too)");
            }
            prompts.Add(SamplePromptKeys.FromDictionary(defaults.Concat(entry).Select(kv => KeyValuePair.Create(kv.Key, (object?)kv.Value)), where));
        }
        return prompts;
    }

    public static IReadOnlyList<SamplePrompt> ParseJson(string text, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({ex.Message.Split('\n')[0]})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{source}: expected a JSON list of prompts");
            }
            var prompts = new List<SamplePrompt>();
            foreach (JsonElement entry in document.RootElement.EnumerateArray())
            {
                int number = prompts.Count + 1;
                prompts.Add(entry.ValueKind switch
                {
                    JsonValueKind.String => SamplePromptFile.ParseLine(entry.GetString()!.Trim(), source, number),
                    JsonValueKind.Object => SamplePromptKeys.FromDictionary(
                        entry.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Scalar(p.Value))), $"{source} entry {number}"),
                    _ => throw new InvalidDataException($"{source} entry {number}: expected a prompt object or a prompt line, got {entry.ValueKind}"),
                });
            }
            if (prompts.Count == 0)
            {
                throw new InvalidDataException($"{source}: no prompts (an empty list)");
            }
            return prompts;
        }
    }

    /// <summary>JSON values as TOML gives them: string, long, double, bool.</summary>
    private static object? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out long n) => n,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.ValueKind.ToString(),
    };
}
