using EpochCompare.Flux.TextEncoders.Clip;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Clip;

/// <summary>The stack of CLIP blocks (<c>encoder.layers.N</c>): Flux's CLIP layers without the causal mask, quick-GELU as OpenAI's ViTs.</summary>
public sealed class ClipEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(int hidden, int heads, int intermediate, int count, double eps, Device? device = null) : base(nameof(ClipEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, count).Select(_ => new ClipEncoderLayer(hidden, heads, intermediate, eps, ClipActivation.QuickGelu, causal: false, device)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => LayerStack.Forward(layers, x);
}
