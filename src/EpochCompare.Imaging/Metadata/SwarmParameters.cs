using System.Globalization;
using System.Text.Json;

namespace EpochCompare.Imaging.Metadata;

/// <summary>
/// SwarmUI's <c>parameters</c> text: JSON <c>{"sui_image_params": {"prompt", "seed", "loras": [names],
/// "loraweights": [strengths], ...}, "sui_extra_data": {...}}</c>. <c>&lt;lora:...&gt;</c> tokens left in the
/// prompt count too.
/// </summary>
public static class SwarmParameters
{
    public static GenerationInfo? Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("sui_image_params", out JsonElement p) || p.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            string raw = p.TryGetProperty("prompt", out JsonElement prompt) && prompt.ValueKind == JsonValueKind.String ? prompt.GetString()! : "";
            long? seed = p.TryGetProperty("seed", out JsonElement s) ? JsonValues.Int64(s) : null;
            var loras = new List<LoraUse>(LoraTokens.Find(raw));
            if (p.TryGetProperty("loras", out JsonElement names) && names.ValueKind == JsonValueKind.Array)
            {
                JsonElement[] weights = p.TryGetProperty("loraweights", out JsonElement w) && w.ValueKind == JsonValueKind.Array ? [.. w.EnumerateArray()] : [];
                int i = 0;
                foreach (JsonElement name in names.EnumerateArray())
                {
                    double strength = i < weights.Length ? JsonValues.Double(weights[i]) ?? 1.0 : 1.0;
                    if (name.ValueKind == JsonValueKind.String)
                    {
                        loras.Add(new LoraUse(name.GetString()!, strength));
                    }
                    i++;
                }
            }
            return new GenerationInfo(GenerationSource.SwarmUI, LoraTokens.Remove(raw), seed, loras);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Numbers that UIs write either as JSON numbers or as strings.</summary>
internal static class JsonValues
{
    public static long? Int64(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt64(out long v) => v,
        JsonValueKind.String when long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) => v,
        _ => null,
    };

    public static double? Double(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) => v,
        _ => null,
    };
}
