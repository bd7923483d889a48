namespace EpochCompare.Semantic.Dinov2;

/// <summary>The DINOv2 ViT's shape (transformers' <c>Dinov2Config</c> names).</summary>
public sealed record Dinov2Config(
    int HiddenSize,
    int NumHiddenLayers,
    int NumAttentionHeads,
    int MlpRatio,
    int ImageSize,
    int PatchSize,
    double LayerNormEps = 1e-6)
{
    /// <summary>facebook/dinov2-small (ViT-S/14, trained at 518 px).</summary>
    public static Dinov2Config Small { get; } = new(384, 12, 6, 4, 518, 14);

    /// <summary>facebook/dinov2-base (ViT-B/14).</summary>
    public static Dinov2Config Base { get; } = new(768, 12, 12, 4, 518, 14);

    /// <summary>Side of the trained position grid (37 for 518 px).</summary>
    public int GridSize => ImageSize / PatchSize;

    public int NumPositions => GridSize * GridSize + 1;
}
