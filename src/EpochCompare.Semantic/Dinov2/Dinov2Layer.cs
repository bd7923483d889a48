using EpochCompare.Flux.Transformer;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>One pre-LN block with layer scale on both residual branches (<c>encoder.layer.N</c>).</summary>
public sealed class Dinov2Layer : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Dinov2Attention attention;
    private readonly LayerScale layer_scale1;
    private readonly LayerNorm norm2;
    private readonly Dinov2Mlp mlp;
    private readonly LayerScale layer_scale2;

    public Dinov2Layer(Dinov2Config config, Device? device = null) : base(nameof(Dinov2Layer))
    {
        int hidden = config.HiddenSize;
        norm1 = nn.LayerNorm(hidden, config.LayerNormEps, device: device);
        attention = new Dinov2Attention(hidden, config.NumAttentionHeads, device);
        layer_scale1 = new LayerScale(hidden, device);
        norm2 = nn.LayerNorm(hidden, config.LayerNormEps, device: device);
        mlp = new Dinov2Mlp(hidden, hidden * config.MlpRatio, device);
        layer_scale2 = new LayerScale(hidden, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x.Plus(layer_scale1.forward(attention.forward(norm1.forward(x))));
        return x.Plus(layer_scale2.forward(mlp.forward(norm2.forward(x))));
    }
}
