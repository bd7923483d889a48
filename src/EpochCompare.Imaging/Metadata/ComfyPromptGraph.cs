using System.Text.Json;

namespace EpochCompare.Imaging.Metadata;

/// <summary>
/// ComfyUI's <c>prompt</c> text: the API-format graph <c>{"id": {"class_type", "inputs"}}</c>, where an
/// input is a value or a link <c>["other id", output]</c>. The seed is a sampler's <c>seed</c> /
/// <c>noise_seed</c> (KSampler, KSamplerAdvanced, RandomNoise); the prompt is the text reached from the
/// sampler's <c>positive</c> (or its guider's <c>conditioning</c>, through FluxGuidance and the like); the
/// LoRAs are the loader nodes' <c>lora_name</c> with <c>strength_model</c>.
/// </summary>
public static class ComfyPromptGraph
{
    private static readonly string[] SeedInputs = ["seed", "noise_seed"];
    private static readonly string[] TextInputs = ["text", "t5xxl", "clip_l", "text_g", "value", "string", "prompt"];
    private static readonly string[] ConditioningInputs = ["positive", "guider", "conditioning", "conditioning_to", "conditioning_1"];

    public static GenerationInfo? Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var nodes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty node in document.RootElement.EnumerateObject())
            {
                if (node.Value.ValueKind == JsonValueKind.Object && node.Value.TryGetProperty("inputs", out JsonElement inputs) && inputs.ValueKind == JsonValueKind.Object)
                {
                    nodes[node.Name] = node.Value;
                }
            }
            if (nodes.Count == 0)
            {
                return null;
            }
            long? seed = null;
            string? prompt = null;
            foreach (var (_, node) in nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                JsonElement inputs = node.GetProperty("inputs");
                foreach (string name in SeedInputs)
                {
                    if (seed is null && inputs.TryGetProperty(name, out JsonElement value))
                    {
                        seed = JsonValues.Int64(value) ?? LinkedInt64(nodes, value);
                    }
                }
                if (prompt is null && (inputs.TryGetProperty("positive", out JsonElement positive) || inputs.TryGetProperty("guider", out positive)))
                {
                    prompt = TextOf(nodes, positive, depth: 0);
                }
            }
            prompt ??= nodes.Values.Where(n => ClassType(n).StartsWith("CLIPTextEncode", StringComparison.Ordinal))
                .Select(n => TextInput(nodes, n.GetProperty("inputs"), depth: 0)).FirstOrDefault(t => t is not null);
            var loras = new List<LoraUse>();
            foreach (JsonElement node in nodes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Value))
            {
                JsonElement inputs = node.GetProperty("inputs");
                if (ClassType(node).Contains("Lora", StringComparison.OrdinalIgnoreCase) &&
                    inputs.TryGetProperty("lora_name", out JsonElement name) && name.ValueKind == JsonValueKind.String)
                {
                    double strength = inputs.TryGetProperty("strength_model", out JsonElement s) || inputs.TryGetProperty("strength", out s)
                        ? JsonValues.Double(s) ?? 1.0 : 1.0;
                    loras.Add(new LoraUse(name.GetString()!, strength));
                }
            }
            return prompt is null && seed is null ? null : new GenerationInfo(GenerationSource.ComfyUI, LoraTokens.Remove(prompt ?? ""), seed, loras);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ClassType(JsonElement node) =>
        node.TryGetProperty("class_type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";

    private static JsonElement? Linked(Dictionary<string, JsonElement> nodes, JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() >= 1 && value[0].ValueKind == JsonValueKind.String &&
        nodes.TryGetValue(value[0].GetString()!, out JsonElement node) ? node : null;

    private static long? LinkedInt64(Dictionary<string, JsonElement> nodes, JsonElement value)
    {
        if (Linked(nodes, value) is not { } node)
        {
            return null;
        }
        JsonElement inputs = node.GetProperty("inputs");
        foreach (string name in (string[])["seed", "noise_seed", "value", "int"])
        {
            if (inputs.TryGetProperty(name, out JsonElement v) && JsonValues.Int64(v) is long seed)
            {
                return seed;
            }
        }
        return null;
    }

    /// <summary>Follows conditioning links back to the node holding the text.</summary>
    private static string? TextOf(Dictionary<string, JsonElement> nodes, JsonElement link, int depth)
    {
        if (depth > 16 || Linked(nodes, link) is not { } node)
        {
            return null;
        }
        JsonElement inputs = node.GetProperty("inputs");
        if (TextInput(nodes, inputs, depth) is { } text)
        {
            return text;
        }
        foreach (string name in ConditioningInputs)
        {
            if (inputs.TryGetProperty(name, out JsonElement next) && TextOf(nodes, next, depth + 1) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static string? TextInput(Dictionary<string, JsonElement> nodes, JsonElement inputs, int depth)
    {
        foreach (string name in TextInputs)
        {
            if (!inputs.TryGetProperty(name, out JsonElement value))
            {
                continue;
            }
            if (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0)
            {
                return value.GetString();
            }
            if (depth < 16 && Linked(nodes, value) is { } source && TextInput(nodes, source.GetProperty("inputs"), depth + 1) is { } linked)
            {
                return linked;
            }
        }
        return null;
    }
}
