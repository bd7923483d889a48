using EpochCompare.Flux.Lora;

namespace EpochCompare.Flux.Sampling;

/// <summary>A grid column: the base model (no LoRA) or one LoRA checkpoint merged at a strength.</summary>
/// <param name="Name">Label of the column, e.g. "base" or "e5".</param>
public sealed record SampleColumn(string Name, LoraWeights? Lora = null, float Strength = 1f)
{
    public static SampleColumn Base { get; } = new("base");
}
