namespace EpochCompare.Flux.Checkpoints;

/// <summary>What a weights file is, told from its keys (ComfyUI-style detection, real-formats.md §1, §3).</summary>
public enum CheckpointLayout
{
    /// <summary>BFL names without prefix (<c>flux1-dev.safetensors</c>, Kijai's fp8 files).</summary>
    Bfl,
    /// <summary>ComfyUI/Forge all-in-one: transformer under <c>model.diffusion_model.</c>, maybe VAE and text encoders.</summary>
    ComfyBundle,
    /// <summary>ComfyUI scaled fp8: fp8 weights times a per-layer <c>scale_weight</c>, <c>scaled_fp8</c> marker.</summary>
    ComfyScaledFp8,
    /// <summary>ComfyUI mixed-precision quantisation (<c>_quantization_metadata</c>): refused.</summary>
    ComfyMixedQuant,
    /// <summary>diffusers <c>FluxTransformer2DModel</c> names (a <c>transformer/</c> folder or one of its shards).</summary>
    Diffusers,
    Lora,
    ClipL,
    T5Xxl,
    Autoencoder,
    /// <summary>Forge's bitsandbytes NF4: refused.</summary>
    BitsAndBytesNf4,
    /// <summary>GGUF (city96 ComfyUI-GGUF, Forge): refused.</summary>
    Gguf,
    Unknown,
}
