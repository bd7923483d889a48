using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>BFL's <c>MLPEmbedder</c>: in_layer, SiLU, out_layer; embeds timesteps, guidance and the pooled text vector.</summary>
public sealed class MLPEmbedder : nn.Module<Tensor, Tensor>
{
    private readonly Linear in_layer;
    private readonly Linear out_layer;

    public MLPEmbedder(long inDim, long hiddenDim, Device? device = null, ScalarType? dtype = null)
        : base(nameof(MLPEmbedder))
    {
        in_layer = nn.Linear(inDim, hiddenDim, hasBias: true, device: device, dtype: dtype);
        out_layer = nn.Linear(hiddenDim, hiddenDim, hasBias: true, device: device, dtype: dtype);
        RegisterComponents();
    }

    public Linear InLayer => in_layer;

    public Linear OutLayer => out_layer;

    public override Tensor forward(Tensor x)
    {
        using var hidden = nn.functional.silu(in_layer.call(x));
        return out_layer.call(hidden);
    }
}
