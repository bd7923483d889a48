namespace EpochCompare.Flux.Checkpoints;

/// <summary>
/// What <see cref="CheckpointInspector"/> found in a file or folder: the layout, the model its shapes
/// describe, the dtypes, what else is bundled, the LoRA details, the keys that differ from what that model
/// has, and, for formats we cannot load, the one-line reason.
/// </summary>
public sealed record CheckpointDescription(string Path, CheckpointLayout Layout)
{
    /// <summary>flux-dev, flux-schnell, flux-tiny, flux-fill, ... or a description of the shapes.</summary>
    public string? Model { get; init; }

    /// <summary>Key prefix of the transformer (<c>model.diffusion_model.</c>) when there is one.</summary>
    public string? Prefix { get; init; }

    /// <summary>Dtypes with tensor counts, most common first (<c>F8_E4M3 x504, BF16 x276</c>).</summary>
    public string DTypes { get; init; } = "";

    /// <summary>Other parts in the same file: vae, clip_l, t5xxl.</summary>
    public IReadOnlyList<string> Bundled { get; init; } = [];

    public LoraDescription? Lora { get; init; }

    public IReadOnlyList<string> Missing { get; init; } = [];

    public IReadOnlyList<string> Unexpected { get; init; } = [];

    /// <summary>Set for formats that cannot be read; names the format.</summary>
    public string? Refusal { get; init; }

    public int TensorCount { get; init; }

    public string LayoutName => Layout switch
    {
        CheckpointLayout.Bfl => "FLUX transformer (BFL)",
        CheckpointLayout.ComfyBundle => "FLUX transformer under a prefix (ComfyUI/Forge style)",
        CheckpointLayout.ComfyScaledFp8 => "ComfyUI scaled fp8",
        CheckpointLayout.ComfyMixedQuant => "ComfyUI mixed-precision quant",
        CheckpointLayout.Diffusers => "diffusers transformer",
        CheckpointLayout.Lora => "LoRA",
        CheckpointLayout.ClipL => "CLIP-L text encoder",
        CheckpointLayout.T5Xxl => "T5-XXL text encoder",
        CheckpointLayout.Autoencoder => "FLUX VAE",
        CheckpointLayout.BitsAndBytesNf4 => "bitsandbytes NF4",
        CheckpointLayout.Gguf => "GGUF",
        _ => "unknown",
    };
}
