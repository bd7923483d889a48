namespace EpochCompare.Flux.Checkpoints;

/// <summary>What a LoRA file is, from its keys and metadata (real-formats.md §2).</summary>
public sealed record LoraDescription(
    string Producer,
    string Algorithm,
    IReadOnlyList<int> Ranks,
    IReadOnlyList<double> Alphas,
    int TransformerModules,
    int TextEncoderModules,
    int? Epoch,
    int? Steps)
{
    /// <summary>kohya's <c>split_qkv</c>: other loaders read its saved alpha as alpha / (3r); <see cref="Lora.LoraFile"/> merges at alpha / r, as it was trained.</summary>
    public bool SplitQkv { get; init; }

    /// <summary>Where the alpha comes from when the file has no alpha keys (PEFT adapter metadata), as text.</summary>
    public string? AlphaSource { get; init; }

    /// <summary>True for the plain low-rank algorithm our merge handles; LyCORIS and DoRA are named and refused.</summary>
    public bool IsPlainLora => Algorithm == "LoRA";
}
