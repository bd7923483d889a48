using EpochCompare.Flux.Transformer;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>Class token + patches + interpolated positions (<c>embeddings</c>). <c>mask_token</c> is training-only.</summary>
public sealed class Dinov2Embeddings : nn.Module<Tensor, Tensor>
{
    private readonly Parameter cls_token;
    private readonly Parameter mask_token;
    private readonly Parameter position_embeddings;
    private readonly Dinov2PatchEmbeddings patch_embeddings;
    private readonly int _patch;

    public Dinov2Embeddings(Dinov2Config config, Device? device = null) : base(nameof(Dinov2Embeddings))
    {
        _patch = config.PatchSize;
        cls_token = nn.Parameter(zeros(1, 1, config.HiddenSize, device: device));
        mask_token = nn.Parameter(zeros(1, config.HiddenSize, device: device));
        position_embeddings = nn.Parameter(zeros(1, config.NumPositions, config.HiddenSize, device: device));
        patch_embeddings = new Dinov2PatchEmbeddings(config.HiddenSize, config.PatchSize, device);
        RegisterComponents();
    }

    public double InterpolateOffset { get; set; } = PositionInterpolation.OriginalOffset;

    public override Tensor forward(Tensor pixelValues)
    {
        int rows = (int)pixelValues.shape[2] / _patch, cols = (int)pixelValues.shape[3] / _patch;
        Tensor patches = patch_embeddings.forward(pixelValues);
        Tensor tokens = cat([cls_token.expand(patches.shape[0], 1, -1), patches], 1);
        return tokens.Plus(PositionInterpolation.ForGrid(position_embeddings, rows, cols, InterpolateOffset));
    }
}
