using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Clip;

/// <summary>One pre-LN CLIP transformer block (<c>encoder.layers.N</c>).</summary>
public sealed class ClipEncoderLayer : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm layer_norm1;
    private readonly ClipAttention self_attn;
    private readonly LayerNorm layer_norm2;
    private readonly ClipMlp mlp;

    public ClipEncoderLayer(int hidden, int heads, int intermediate, double eps, Device? device = null) : base(nameof(ClipEncoderLayer))
    {
        layer_norm1 = nn.LayerNorm(hidden, eps, device: device);
        self_attn = new ClipAttention(hidden, heads, device);
        layer_norm2 = nn.LayerNorm(hidden, eps, device: device);
        mlp = new ClipMlp(hidden, intermediate, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x + self_attn.forward(layer_norm1.forward(x));
        return x + mlp.forward(layer_norm2.forward(x));
    }
}
