namespace EpochCompare.Flux.Lora;

/// <summary>
/// One LoRA pair for a Linear [out, in]: <c>down</c> [rank, in], <c>up</c> [out, rank], row-major,
/// and the kohya alpha (effective scale = alpha / rank).
/// </summary>
public sealed class LoraModuleWeights
{
    public LoraModuleWeights(string modulePath, int inFeatures, int outFeatures, int rank, float alpha, float[] down, float[] up)
    {
        if (rank <= 0 || down.Length != (long)rank * inFeatures || up.Length != (long)outFeatures * rank)
        {
            throw new ArgumentException($"LoRA '{modulePath}': down has {down.Length} values and up {up.Length}, expected [{rank}, {inFeatures}] and [{outFeatures}, {rank}].");
        }
        ModulePath = modulePath;
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Rank = rank;
        Alpha = alpha;
        Down = down;
        Up = up;
    }

    /// <summary>BFL module path of the Linear it adapts, e.g. <c>double_blocks.0.img_attn.qkv</c>.</summary>
    public string ModulePath { get; }
    public int InFeatures { get; }
    public int OutFeatures { get; }
    public int Rank { get; }
    public float Alpha { get; }
    public float[] Down { get; }
    public float[] Up { get; }

    public float Scale => Alpha / Rank;
}
