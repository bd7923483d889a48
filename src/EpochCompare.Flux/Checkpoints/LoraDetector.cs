using System.Globalization;
using System.Text.Json;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Checkpoints;

/// <summary>
/// Names a LoRA file's producer and algorithm from its keys and metadata, the way ComfyUI's loader
/// tells key families apart (real-formats.md §2.1, §2.2, §2.5). Alpha values are tensors, read through
/// <paramref name="readScalar"/>; everything else is header data.
/// </summary>
public static class LoraDetector
{
    private static readonly (string Suffix, string Algorithm)[] AlgorithmKeys =
    [
        (".lokr_w1", "LoKr (LyCORIS)"), (".lokr_w1_a", "LoKr (LyCORIS)"), (".lokr_w2", "LoKr (LyCORIS)"), (".lokr_w2_a", "LoKr (LyCORIS)"), (".lokr_t2", "LoKr (LyCORIS)"),
        (".hada_w1_a", "LoHa (LyCORIS)"), (".hada_t1", "LoHa (LyCORIS)"),
        (".a1.weight", "GLoRA (LyCORIS)"),
        (".oft_blocks", "OFT (LyCORIS)"), (".oft_diag", "OFT (LyCORIS)"), ("oft_R", "BOFT (LyCORIS)"),
        (".dora_scale", "DoRA"), (".lora_magnitude_vector.weight", "DoRA"), (".lora_magnitude_vector", "DoRA"),
        (".diff", "full weight difference"), (".diff_b", "full weight difference"),
    ];

    private static readonly string[] DownSuffixes = [".lora_down.weight", ".lora_A.weight", ".lora.down.weight", "_lora.down.weight", ".lora_linear_layer.down.weight", ".down.weight"];

    /// <summary>Module-name prefixes of text-encoder LoRA modules (kohya, OneTrainer, diffusers, ComfyUI).</summary>
    public static readonly IReadOnlyList<string> TextEncoderPrefixes = ["lora_te1_", "lora_te2_", "lora_te3_", "lora_te_", "text_encoder.", "text_encoder_2.", "text_encoders.", "te1.", "te2."];

    /// <summary>True when the keys look like any LoRA family (low-rank pairs, LyCORIS or DoRA keys).</summary>
    public static bool IsLora(IReadOnlyCollection<SafeTensorEntry> entries) =>
        entries.Any(e => DownSuffixes.Any(e.Name.EndsWith) || AlgorithmKeys.Any(a => e.Name.EndsWith(a.Suffix, StringComparison.Ordinal)) ||
                         e.Name.Contains("_lora1.down", StringComparison.Ordinal));

    public static LoraDescription Describe(IReadOnlyCollection<SafeTensorEntry> entries, IReadOnlyDictionary<string, string> metadata, Func<string, double?> readScalar)
    {
        string[] names = [.. entries.Select(e => e.Name)];
        string algorithm = Algorithm(names, metadata);
        var downs = entries.Where(e => DownSuffixes.Any(e.Name.EndsWith) && e.Shape.Count >= 2).ToList();
        string ModuleOf(string key)
        {
            foreach (string suffix in DownSuffixes.Concat([".lora_up.weight", ".lora_B.weight", ".lora_B.bias", ".alpha"]).Concat(AlgorithmKeys.Select(a => a.Suffix)))
            {
                if (key.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return key[..^suffix.Length];
                }
            }
            return key;
        }
        string[] modules = [.. names.Where(n => n != "scaled_fp8").Select(ModuleOf).Distinct(StringComparer.Ordinal)];
        int te = modules.Count(m => TextEncoderPrefixes.Any(p => m.StartsWith(p, StringComparison.Ordinal)));
        int[] ranks = [.. downs.Where(d => !TextEncoderPrefixes.Any(p => d.Name.StartsWith(p, StringComparison.Ordinal)))
            .Select(d => (int)d.Shape[0]).Distinct().Order()];
        double[] alphas = [.. names.Where(n => n.EndsWith(".alpha", StringComparison.Ordinal)).Select(readScalar)
            .OfType<double>().Distinct().Order()];
        string? alphaSource = null;
        if (alphas.Length == 0 && PeftAlpha(metadata) is var (alpha, source))
        {
            alphas = [alpha];
            alphaSource = source;
        }
        bool splitQkv = metadata.TryGetValue("ss_network_args", out string? args) && args.Contains("\"split_qkv\": \"True\"", StringComparison.OrdinalIgnoreCase);
        return new LoraDescription(Producer(names, metadata), algorithm, ranks, alphas, modules.Length - te, te,
            Number(metadata, "ss_epoch") ?? TrainingInfo(metadata, "epoch"),
            Number(metadata, "ss_steps") ?? TrainingInfo(metadata, "step") ?? Number(metadata, "global_step"))
        {
            SplitQkv = splitQkv,
            AlphaSource = alphaSource,
        };
    }

    /// <summary>"LoRA" for plain low-rank files, else the algorithm's name (LoKr, LoHa, GLoRA, OFT, DoRA, LyCORIS algo).</summary>
    public static string Algorithm(IReadOnlyCollection<string> names, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (suffix, algorithm) in AlgorithmKeys)
        {
            if (names.Any(n => n.EndsWith(suffix, StringComparison.Ordinal) || (suffix == "oft_R" && n.Contains(suffix, StringComparison.Ordinal))))
            {
                return algorithm;
            }
        }
        if (metadata.TryGetValue("ss_network_module", out string? module) && module.StartsWith("lycoris", StringComparison.Ordinal))
        {
            string algo = metadata.TryGetValue("ss_network_args", out string? args) && TryJson(args, "algo") is { } a ? a : "unknown";
            return $"LyCORIS {algo}";
        }
        return PeftFlag(metadata, "use_dora") ? "DoRA" : "LoRA";
    }

    private static string Producer(string[] names, IReadOnlyDictionary<string, string> metadata)
    {
        bool Any(string prefix) => names.Any(n => n.StartsWith(prefix, StringComparison.Ordinal));
        bool oneTrainer = metadata.ContainsKey("ot_branch") || metadata.ContainsKey("ot_revision");
        bool hasAlpha = names.Any(n => n.EndsWith(".alpha", StringComparison.Ordinal));
        if (Any("lora_unet_"))
        {
            return oneTrainer || Any("lora_te2_encoder_block") ? "OneTrainer (kohya format)" : "kohya sd-scripts";
        }
        if (Any("lora_transformer_"))
        {
            return "OneTrainer (legacy lora_transformer_)";
        }
        if (Any("lycoris_"))
        {
            return "SimpleTuner / ai-toolkit LyCORIS (lycoris_)";
        }
        if (Any("diffusion_model."))
        {
            return oneTrainer ? "OneTrainer (COMFY)" : "ComfyUI-style (diffusion_model.)";
        }
        if (names.Any(n => n.Contains(".processor.", StringComparison.Ordinal) && n.Contains("_lora", StringComparison.Ordinal)))
        {
            return "XLabs";
        }
        if (Any("transformer."))
        {
            if (metadata.ContainsKey("training_info") || (metadata.TryGetValue("software", out string? software) && software.Contains("ai-toolkit", StringComparison.OrdinalIgnoreCase)))
            {
                return "ai-toolkit";
            }
            if (oneTrainer)
            {
                return "OneTrainer (diffusers)";
            }
            if (metadata.TryGetValue("modelspec.implementation", out string? impl) && impl == "diffusers")
            {
                return hasAlpha ? "SimpleTuner (comfyui format)" : "SimpleTuner";
            }
            return "diffusers / PEFT (transformer.)";
        }
        if (Any("transformer_blocks.") || Any("single_transformer_blocks."))
        {
            return "diffusers / PEFT (save_lora_adapter)";
        }
        if (Any("double_blocks.") || Any("single_blocks."))
        {
            return names.Any(n => n.EndsWith(".lora_B.bias", StringComparison.Ordinal)) ? "BFL control LoRA" : oneTrainer || hasAlpha ? "OneTrainer (ORIGINAL)" : "BFL names";
        }
        return "unknown";
    }

    /// <summary>PEFT's lora_alpha from <c>lora_adapter_metadata</c> (keys prefixed <c>transformer.</c> for pipeline saves).</summary>
    private static (double Alpha, string Source)? PeftAlpha(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("lora_adapter_metadata", out string? json))
        {
            return null;
        }
        foreach (string key in (string[])["transformer.lora_alpha", "lora_alpha"])
        {
            if (TryJsonNumber(json, key) is double alpha)
            {
                return (alpha, $"lora_adapter_metadata {key}");
            }
        }
        return null;
    }

    private static bool PeftFlag(IReadOnlyDictionary<string, string> metadata, string name) =>
        metadata.TryGetValue("lora_adapter_metadata", out string? json) &&
        (TryJsonBool(json, "transformer." + name) ?? TryJsonBool(json, name)) == true;

    private static int? Number(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static int? TrainingInfo(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue("training_info", out string? json) && TryJsonNumber(json, key) is double v ? (int)v : null;

    private static JsonElement? Property(string json, string key)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(key, out JsonElement value) ? value.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? TryJson(string json, string key) => Property(json, key) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static double? TryJsonNumber(string json, string key) => Property(json, key) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

    private static bool? TryJsonBool(string json, string key) => Property(json, key) is { } v && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}
