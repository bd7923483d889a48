using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>The patch conv, with bias (<c>embeddings.patch_embeddings.projection</c>).</summary>
public sealed class Dinov2PatchEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d projection;

    public Dinov2PatchEmbeddings(int hidden, int patch, Device? device = null) : base(nameof(Dinov2PatchEmbeddings))
    {
        projection = nn.Conv2d(3, hidden, patch, stride: patch, device: device);
        RegisterComponents();
    }

    /// <summary>(B, h·w, D), patches row-major.</summary>
    public override Tensor forward(Tensor pixelValues) => projection.forward(pixelValues).flatten(2).transpose(1, 2);
}
