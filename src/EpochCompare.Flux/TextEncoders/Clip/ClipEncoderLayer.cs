using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>One pre-LN CLIP transformer layer (<c>encoder.layers.{i}</c>), of the text tower (causal) or the vision tower.</summary>
public sealed class ClipEncoderLayer : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "layer_norm1")]
    private readonly LayerNorm _norm1;
    [ComponentName(Name = "self_attn")]
    private readonly ClipAttention _attention;
    [ComponentName(Name = "layer_norm2")]
    private readonly LayerNorm _norm2;
    [ComponentName(Name = "mlp")]
    private readonly ClipMlp _mlp;

    public ClipEncoderLayer(int width, int heads, int intermediate, double eps, ClipActivation activation, bool causal,
        Device? device = null, ScalarType? dtype = null)
        : base(nameof(ClipEncoderLayer))
    {
        _norm1 = nn.LayerNorm(width, eps, device: device, dtype: dtype);
        _attention = new ClipAttention(width, heads, causal, device, dtype);
        _norm2 = nn.LayerNorm(width, eps, device: device, dtype: dtype);
        _mlp = new ClipMlp(width, intermediate, activation, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor attended = x.Plus(_attention.forward(_norm1.forward(x)));
        return attended.Plus(_mlp.forward(_norm2.forward(attended))).MoveToOuterDisposeScope();
    }
}
