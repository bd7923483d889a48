namespace EpochCompare.Semantic.Clip;

/// <summary>The CLIP vision tower's shape (transformers' <c>CLIPVisionConfig</c> names).</summary>
public sealed record ClipVisionConfig(
    int HiddenSize,
    int IntermediateSize,
    int NumAttentionHeads,
    int NumHiddenLayers,
    int ImageSize,
    int PatchSize,
    double LayerNormEps = 1e-5)
{
    /// <summary>openai/clip-vit-large-patch14.</summary>
    public static ClipVisionConfig VitL14 { get; } = new(1024, 4096, 16, 24, 224, 14);

    public int GridSize => ImageSize / PatchSize;

    public int NumPositions => GridSize * GridSize + 1;
}
