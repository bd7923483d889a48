using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>Per-channel residual scale (<c>layer_scaleN.lambda1</c>).</summary>
public sealed class LayerScale : nn.Module<Tensor, Tensor>
{
    private readonly Parameter lambda1;

    public LayerScale(int hidden, Device? device = null) : base(nameof(LayerScale))
    {
        lambda1 = nn.Parameter(ones(hidden, device: device));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x * lambda1;
}
