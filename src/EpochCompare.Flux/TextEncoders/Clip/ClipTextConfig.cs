using System.Text.Json;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>The activation between a CLIP MLP's two layers (HF <c>hidden_act</c>).</summary>
public enum ClipActivation
{
    /// <summary><c>a * sigmoid(1.702 a)</c>: OpenAI's CLIP-L (FLUX's text encoder).</summary>
    QuickGelu,

    /// <summary>Exact erf GELU (OpenCLIP bigG and others).</summary>
    Gelu,
}

/// <summary>
/// A CLIP text transformer's shape, in Hugging Face <c>CLIPTextConfig</c> terms. <see cref="EosTokenId"/>
/// picks the pooled position: the first position holding that id; null means the legacy rule
/// (the position of the largest id, which is EOS in OpenAI's vocabulary).
/// </summary>
public sealed record ClipTextConfig(
    int VocabSize,
    int HiddenSize,
    int Layers,
    int Heads,
    int IntermediateSize,
    int MaxPositions,
    ClipActivation Activation,
    double LayerNormEps,
    int? EosTokenId)
{
    /// <summary>openai/clip-vit-large-patch14's text tower, as in clip_l.safetensors.</summary>
    public static ClipTextConfig ClipL { get; } = new(49408, 768, 12, 12, 3072, 77, ClipActivation.QuickGelu, 1e-5, 49407);

    public int HeadDim => HiddenSize / Heads;

    /// <summary>Reads an HF <c>config.json</c> (a text config, or a full CLIP config with <c>text_config</c>).</summary>
    public static ClipTextConfig FromJson(string json, string source)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.TryGetProperty("text_config", out JsonElement text))
            {
                root = text;
            }
            int Int(string name, int fallback) => root.TryGetProperty(name, out JsonElement v) ? v.GetInt32() : fallback;
            string act = root.TryGetProperty("hidden_act", out JsonElement a) ? a.GetString() ?? "quick_gelu" : "quick_gelu";
            int? eos = root.TryGetProperty("eos_token_id", out JsonElement e) ? e.GetInt32() : ClipL.EosTokenId;
            var config = new ClipTextConfig(
                Int("vocab_size", ClipL.VocabSize),
                Int("hidden_size", ClipL.HiddenSize),
                Int("num_hidden_layers", ClipL.Layers),
                Int("num_attention_heads", ClipL.Heads),
                Int("intermediate_size", ClipL.IntermediateSize),
                Int("max_position_embeddings", ClipL.MaxPositions),
                act switch
                {
                    "quick_gelu" => ClipActivation.QuickGelu,
                    "gelu" => ClipActivation.Gelu,
                    _ => throw new InvalidDataException($"{source}: CLIP hidden_act '{act}' is not supported (quick_gelu, gelu)."),
                },
                root.TryGetProperty("layer_norm_eps", out JsonElement eps) ? eps.GetDouble() : ClipL.LayerNormEps,
                // HF's CLIP-L config says 2, a placeholder that selects the legacy largest-id rule.
                eos == 2 ? null : eos);
            config.Validate(source);
            return config;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: not a CLIP text config ({ex.Message}).", ex);
        }
    }

    public void Validate(string source)
    {
        if (VocabSize <= 0 || HiddenSize <= 0 || Layers <= 0 || Heads <= 0 || IntermediateSize <= 0 || MaxPositions <= 0 || HiddenSize % Heads != 0)
        {
            throw new InvalidDataException($"{source}: CLIP text config is not usable: {this}.");
        }
    }
}
