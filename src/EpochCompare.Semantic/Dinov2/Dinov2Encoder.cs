using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>The block stack (<c>encoder.layer.N</c>).</summary>
public sealed class Dinov2Encoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Dinov2Layer> layer;

    public Dinov2Encoder(Dinov2Config config, Device? device = null) : base(nameof(Dinov2Encoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new Dinov2Layer(config, device)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => LayerStack.Forward(layer, x);
}
