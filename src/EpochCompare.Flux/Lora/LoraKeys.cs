namespace EpochCompare.Flux.Lora;

/// <summary>
/// The tensor-name suffixes of a plain LoRA module, every spelling ComfyUI's loader tries (CUI comfy/lora.py
/// load_lora; real-formats.md §2.2): kohya <c>.lora_down/.lora_up</c>, PEFT <c>.lora_A/.lora_B</c>, and the
/// older <c>_lora.down</c>, <c>.lora.down</c>, <c>.lora_linear_layer.down</c> forms, plus <c>.alpha</c>; and LyCORIS
/// LoHa's <c>.hada_w1_a/.hada_w1_b/.hada_w2_a/.hada_w2_b</c>.
/// </summary>
public static class LoraKeys
{
    private static readonly (string Suffix, LoraKeyRole Role)[] Suffixes =
    [
        (".lora_down.weight", LoraKeyRole.Down), (".lora_up.weight", LoraKeyRole.Up),
        (".lora_A.weight", LoraKeyRole.Down), (".lora_B.weight", LoraKeyRole.Up),
        ("_lora.down.weight", LoraKeyRole.Down), ("_lora.up.weight", LoraKeyRole.Up),
        (".lora.down.weight", LoraKeyRole.Down), (".lora.up.weight", LoraKeyRole.Up),
        (".lora_linear_layer.down.weight", LoraKeyRole.Down), (".lora_linear_layer.up.weight", LoraKeyRole.Up),
        (".alpha", LoraKeyRole.Alpha),
        (".hada_w1_a", LoraKeyRole.HadaW1A), (".hada_w1_b", LoraKeyRole.HadaW1B),
        (".hada_w2_a", LoraKeyRole.HadaW2A), (".hada_w2_b", LoraKeyRole.HadaW2B),
    ];

    /// <summary>Splits a tensor name into its module name and role; false for any other tensor.</summary>
    public static bool TrySplit(string key, out string module, out LoraKeyRole role)
    {
        foreach ((string suffix, LoraKeyRole candidate) in Suffixes)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal) && key.Length > suffix.Length)
            {
                module = key[..^suffix.Length];
                role = candidate;
                return true;
            }
        }
        module = "";
        role = default;
        return false;
    }

    /// <summary>True for keys of text-encoder modules (kohya lora_te1_/lora_te3_, OneTrainer lora_te2_, ComfyUI text_encoders.).</summary>
    public static bool IsTextEncoder(string key) =>
        Checkpoints.LoraDetector.TextEncoderPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Why a non-LoRA tensor in a LoRA file cannot be merged as a plain LoRA, in words.</summary>
    public static string Unsupported(string key) => key switch
    {
        _ when key.EndsWith(".lora_B.bias", StringComparison.Ordinal) || key.EndsWith("_norm.scale", StringComparison.Ordinal)
            => "a BFL control LoRA (lora_B.bias / full norm weights), which is not supported",
        _ when key.EndsWith(".lora_mid.weight", StringComparison.Ordinal) => "a LoCon/Tucker mid weight, which is not supported",
        _ when key.Contains(".processor.", StringComparison.Ordinal) => "an XLabs LoRA (processor.*_lora), which is not supported; convert it with kohya's convert_flux_lora.py",
        _ => "not a LoRA tensor this reader knows",
    };
}
