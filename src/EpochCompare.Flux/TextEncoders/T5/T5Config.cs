using System.Text.Json;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>A T5 v1.1 encoder's shape, in Hugging Face <c>T5Config</c> terms (gated tanh-GELU feed-forward, RMS norms).</summary>
public sealed record T5Config(
    int VocabSize,
    int DModel,
    int DKv,
    int Heads,
    int DFf,
    int Layers,
    int RelativeAttentionBuckets,
    int RelativeAttentionMaxDistance,
    double LayerNormEpsilon)
{
    /// <summary>google/t5-v1_1-xxl's encoder, as in t5xxl_fp16.safetensors.</summary>
    public static T5Config T5Xxl { get; } = new(32128, 4096, 64, 64, 10240, 24, 32, 128, 1e-6);

    /// <summary>q/k/v/o width: heads x d_kv (need not equal d_model).</summary>
    public int Inner => Heads * DKv;

    /// <summary>Reads an HF <c>config.json</c>; only the gated GELU (v1.1) feed-forward is supported.</summary>
    public static T5Config FromJson(string json, string source)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            int Int(string name, int fallback) => root.TryGetProperty(name, out JsonElement v) ? v.GetInt32() : fallback;
            string act = root.TryGetProperty("dense_act_fn", out JsonElement a) ? a.GetString() ?? "" : "gelu_new";
            string ffProj = root.TryGetProperty("feed_forward_proj", out JsonElement f) ? f.GetString() ?? "" : "gated-gelu";
            bool gated = root.TryGetProperty("is_gated_act", out JsonElement g) ? g.GetBoolean() : ffProj.StartsWith("gated", StringComparison.Ordinal);
            if (!gated || act is not ("gelu_new" or "gelu_pytorch_tanh" or "gelu"))
            {
                throw new InvalidDataException($"{source}: T5 feed-forward '{ffProj}' / '{act}' is not the v1.1 gated GELU this encoder runs.");
            }
            int heads = Int("num_heads", T5Xxl.Heads);
            return new T5Config(
                Int("vocab_size", T5Xxl.VocabSize),
                Int("d_model", T5Xxl.DModel),
                Int("d_kv", T5Xxl.DKv),
                heads,
                Int("d_ff", T5Xxl.DFf),
                Int("num_layers", T5Xxl.Layers),
                Int("relative_attention_num_buckets", T5Xxl.RelativeAttentionBuckets),
                Int("relative_attention_max_distance", T5Xxl.RelativeAttentionMaxDistance),
                root.TryGetProperty("layer_norm_epsilon", out JsonElement eps) ? eps.GetDouble() : T5Xxl.LayerNormEpsilon);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: not a T5 config ({ex.Message}).", ex);
        }
    }
}
