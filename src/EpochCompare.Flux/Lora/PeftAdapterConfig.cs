using System.Text.Json;
using System.Text.RegularExpressions;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// The PEFT <c>LoraConfig</c> diffusers stores as JSON in <c>__metadata__.lora_adapter_metadata</c>: keys prefixed
/// <c>transformer.</c> in pipeline saves (SimpleTuner, DF lora_base.py _pack_dict_with_prefix), bare in
/// <c>save_lora_adapter</c>. Scale per module = alpha / r, or alpha / sqrt(r) with <c>use_rslora</c>, where
/// <c>rank_pattern</c> / <c>alpha_pattern</c> override r and alpha for the modules they match (PEFT get_pattern_key).
/// </summary>
public sealed class PeftAdapterConfig
{
    public const string MetadataKey = "lora_adapter_metadata";

    private PeftAdapterConfig(double? rank, double? alpha, bool useRsLora, bool useDora,
        IReadOnlyList<(string Pattern, double Value)> rankPattern, IReadOnlyList<(string Pattern, double Value)> alphaPattern)
    {
        Rank = rank;
        Alpha = alpha;
        UseRsLora = useRsLora;
        UseDora = useDora;
        RankPattern = rankPattern;
        AlphaPattern = alphaPattern;
    }

    public double? Rank { get; }
    public double? Alpha { get; }
    public bool UseRsLora { get; }
    public bool UseDora { get; }
    public IReadOnlyList<(string Pattern, double Value)> RankPattern { get; }
    public IReadOnlyList<(string Pattern, double Value)> AlphaPattern { get; }

    /// <summary>The config in the file's metadata, or null when it has none.</summary>
    public static PeftAdapterConfig? Read(IReadOnlyDictionary<string, string> metadata, string fileName)
    {
        if (!metadata.TryGetValue(MetadataKey, out string? json))
        {
            return null;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{fileName}: {MetadataKey} is not a JSON object.");
            }
            var prefixed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var bare = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith("transformer.", StringComparison.Ordinal))
                {
                    prefixed[property.Name["transformer.".Length..]] = property.Value.Clone();
                }
                else if (!property.Name.Contains('.', StringComparison.Ordinal))
                {
                    bare[property.Name] = property.Value.Clone();
                }
            }
            Dictionary<string, JsonElement> fields = prefixed.Count > 0 ? prefixed : bare;
            return new PeftAdapterConfig(
                Number(fields, "r"), Number(fields, "lora_alpha"), Flag(fields, "use_rslora"), Flag(fields, "use_dora"),
                Pattern(fields, "rank_pattern", fileName), Pattern(fields, "alpha_pattern", fileName));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{fileName}: {MetadataKey} is not valid JSON ({ex.Message.Split('\n')[0]}).");
        }
    }

    /// <summary>The PEFT scale of <paramref name="module"/> (its path inside the transformer), whose lora_A has <paramref name="rows"/> rows.</summary>
    public double Scale(string module, int rows, string fileName)
    {
        double rank = Match(RankPattern, module) ?? Rank ?? rows;
        if (rank != rows)
        {
            throw new InvalidDataException($"{fileName}: {MetadataKey} gives '{module}' rank {rank}, but its lora_A has {rows} rows.");
        }
        double alpha = Match(AlphaPattern, module) ?? Alpha ?? rank;
        return UseRsLora ? alpha / Math.Sqrt(rank) : alpha / rank;
    }

    /// <summary>PEFT's get_pattern_key: the first pattern p with <c>(.*\.)?(p)$</c> matching the module name.</summary>
    private static double? Match(IReadOnlyList<(string Pattern, double Value)> patterns, string module)
    {
        foreach ((string pattern, double value) in patterns)
        {
            if (pattern == module || Regex.IsMatch(module, $"^(.*\\.)?({pattern})$", RegexOptions.CultureInvariant))
            {
                return value;
            }
        }
        return null;
    }

    private static double? Number(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static bool Flag(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;

    private static IReadOnlyList<(string, double)> Pattern(Dictionary<string, JsonElement> fields, string name, string fileName)
    {
        if (!fields.TryGetValue(name, out JsonElement value) || value.ValueKind is JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{fileName}: {MetadataKey} {name} is not an object of pattern -> number.");
        }
        var list = new List<(string, double)>();
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number)
            {
                throw new InvalidDataException($"{fileName}: {MetadataKey} {name}['{property.Name}'] is not a number.");
            }
            list.Add((property.Name, property.Value.GetDouble()));
        }
        return list;
    }
}
