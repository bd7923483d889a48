using System.Text.Json;

namespace EpochCompare.Flux.Config;

/// <summary>FluxParams as JSON with the reference's snake_case field names (checkpoint metadata, bench output).</summary>
public static class FluxParamsJson
{
    public static FluxParams Parse(string json, string source)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"{source}: FLUX config is not a JSON object.");
            }
            int inChannels = Int(root, "in_channels", source);
            var parameters = new FluxParams
            {
                InChannels = inChannels,
                OutChannels = root.TryGetProperty("out_channels", out _) ? Int(root, "out_channels", source) : inChannels,
                VecInDim = Int(root, "vec_in_dim", source),
                ContextInDim = Int(root, "context_in_dim", source),
                HiddenSize = Int(root, "hidden_size", source),
                MlpRatio = Number(root, "mlp_ratio", source),
                NumHeads = Int(root, "num_heads", source),
                Depth = Int(root, "depth", source),
                DepthSingleBlocks = Int(root, "depth_single_blocks", source),
                AxesDim = Property(root, "axes_dim", source).EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                Theta = Number(root, "theta", source),
                QkvBias = Property(root, "qkv_bias", source).GetBoolean(),
                GuidanceEmbed = Property(root, "guidance_embed", source).GetBoolean(),
            };
            return parameters.Validated(source);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"{source}: FLUX config is malformed ({ex.Message}).", ex);
        }
    }

    public static string ToJson(FluxParams p)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, p);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, FluxParams p)
    {
        writer.WriteStartObject();
        writer.WriteNumber("in_channels", p.InChannels);
        writer.WriteNumber("out_channels", p.OutChannels);
        writer.WriteNumber("vec_in_dim", p.VecInDim);
        writer.WriteNumber("context_in_dim", p.ContextInDim);
        writer.WriteNumber("hidden_size", p.HiddenSize);
        writer.WriteNumber("mlp_ratio", p.MlpRatio);
        writer.WriteNumber("num_heads", p.NumHeads);
        writer.WriteNumber("depth", p.Depth);
        writer.WriteNumber("depth_single_blocks", p.DepthSingleBlocks);
        writer.WriteStartArray("axes_dim");
        foreach (int axis in p.AxesDim)
        {
            writer.WriteNumberValue(axis);
        }
        writer.WriteEndArray();
        writer.WriteNumber("theta", p.Theta);
        writer.WriteBoolean("qkv_bias", p.QkvBias);
        writer.WriteBoolean("guidance_embed", p.GuidanceEmbed);
        writer.WriteEndObject();
    }

    private static JsonElement Property(JsonElement root, string name, string source) =>
        root.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new ArgumentException($"{source}: FLUX config has no '{name}'.");

    private static int Int(JsonElement root, string name, string source) =>
        Property(root, name, source).TryGetInt32(out int value)
            ? value
            : throw new ArgumentException($"{source}: FLUX config field '{name}' is not an integer.");

    private static double Number(JsonElement root, string name, string source) =>
        Property(root, name, source).TryGetDouble(out double value)
            ? value
            : throw new ArgumentException($"{source}: FLUX config field '{name}' is not a number.");
}
