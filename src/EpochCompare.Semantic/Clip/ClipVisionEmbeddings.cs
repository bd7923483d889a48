using EpochCompare.Flux.Transformer;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Clip;

/// <summary>Patch conv (no bias), class token prepended, learned positions (<c>vision_model.embeddings</c>).</summary>
public sealed class ClipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d patch_embedding;
    private readonly Parameter class_embedding;
    private readonly Embedding position_embedding;

    public ClipVisionEmbeddings(ClipVisionConfig config, Device? device = null) : base(nameof(ClipVisionEmbeddings))
    {
        patch_embedding = nn.Conv2d(3, config.HiddenSize, config.PatchSize, stride: config.PatchSize, bias: false, device: device);
        class_embedding = nn.Parameter(zeros(config.HiddenSize, device: device));
        position_embedding = nn.Embedding(config.NumPositions, config.HiddenSize, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        Tensor patches = patch_embedding.forward(pixelValues).flatten(2).transpose(1, 2);
        Tensor cls = class_embedding.expand(patches.shape[0], 1, -1);
        return cat([cls, patches], 1).Plus(position_embedding.weight!);
    }
}
