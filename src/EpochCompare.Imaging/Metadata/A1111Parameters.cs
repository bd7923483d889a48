using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EpochCompare.Imaging.Metadata;

/// <summary>
/// AUTOMATIC1111 / Forge infotext: <c>{prompt}\nNegative prompt: {neg}\n{k}: {v}, {k}: {v}, ...</c>, values
/// holding <c>,</c> <c>:</c> or a newline JSON-quoted. The LoRAs come from the prompt's <c>&lt;lora:...&gt;</c>
/// tokens, else from <c>Lora hashes</c> (<c>"name: hash, ..."</c>, strength unknown there: 1).
/// </summary>
public static class A1111Parameters
{
    public static GenerationInfo? Parse(string text)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0)
        {
            return null;
        }
        IReadOnlyDictionary<string, string> values = ParseValues(lines[^1]);
        bool hasValues = values.ContainsKey("Steps") || values.ContainsKey("Seed");
        int promptEnd = hasValues ? lines.Length - 1 : lines.Length;
        var prompt = new StringBuilder();
        for (int i = 0; i < promptEnd && !lines[i].StartsWith("Negative prompt:", StringComparison.Ordinal); i++)
        {
            prompt.Append(i == 0 ? "" : "\n").Append(lines[i]);
        }
        string raw = prompt.ToString().Trim();
        if (raw.Length == 0 && !hasValues)
        {
            return null;
        }
        long? seed = values.TryGetValue("Seed", out string? s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
        IReadOnlyList<LoraUse> loras = LoraTokens.Find(raw);
        if (loras.Count == 0 && values.TryGetValue("Lora hashes", out string? hashes))
        {
            loras = [.. hashes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(entry => entry.LastIndexOf(':') is int colon and > 0 ? entry[..colon].Trim() : entry)
                .Where(name => name.Length > 0)
                .Select(name => new LoraUse(name, 1.0))];
        }
        return new GenerationInfo(GenerationSource.A1111, LoraTokens.Remove(raw), seed, loras);
    }

    /// <summary>The <c>key: value, key: "quoted, value"</c> line.</summary>
    public static IReadOnlyDictionary<string, string> ParseValues(string line)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < line.Length)
        {
            int colon = line.IndexOf(':', i);
            if (colon < 0)
            {
                break;
            }
            string key = line[i..colon].Trim();
            int start = colon + 1;
            while (start < line.Length && line[start] == ' ')
            {
                start++;
            }
            string value;
            int next;
            if (start < line.Length && line[start] == '"')
            {
                int close = ClosingQuote(line, start);
                string quoted = line[start..(close + 1)];
                try
                {
                    value = JsonSerializer.Deserialize<string>(quoted) ?? "";
                }
                catch (JsonException)
                {
                    value = quoted.Trim('"');
                }
                next = line.IndexOf(',', Math.Min(close + 1, line.Length));
            }
            else
            {
                next = line.IndexOf(',', start);
                value = (next < 0 ? line[start..] : line[start..next]).Trim();
            }
            if (key.Length > 0)
            {
                values.TryAdd(key, value);
            }
            if (next < 0)
            {
                break;
            }
            i = next + 1;
        }
        return values;
    }

    private static int ClosingQuote(string line, int open)
    {
        for (int j = open + 1; j < line.Length; j++)
        {
            if (line[j] == '\\')
            {
                j++;
            }
            else if (line[j] == '"')
            {
                return j;
            }
        }
        return line.Length - 1;
    }
}
