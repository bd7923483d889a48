using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.TextEncoding.OwnEngine;

/// <summary>
/// One pre-norm transformer layer of the tiny text encoder: x + attn(LN(x)), then h + mlp(LN(h)).
/// LayerNorms have no affine (the following linears absorb it), as in FLUX's own blocks.
/// Attention is bidirectional and sees the padding, like FLUX's T5 (no mask); pads have their own embedding.
/// </summary>
internal sealed class TextEncoderLayer
{
    private readonly int _heads;

    public TextEncoderLayer(string prefix, TinyTextEncoderConfig config)
    {
        _heads = config.Heads;
        int width = config.Width;
        int hidden = width * config.MlpRatio;
        QkvWeight = Parameter.Zeros(prefix + "attn.qkv.weight", 3 * width, width);
        QkvBias = Parameter.Zeros(prefix + "attn.qkv.bias", 3 * width);
        ProjWeight = Parameter.Zeros(prefix + "attn.proj.weight", width, width);
        ProjBias = Parameter.Zeros(prefix + "attn.proj.bias", width);
        MlpInWeight = Parameter.Zeros(prefix + "mlp.0.weight", hidden, width);
        MlpInBias = Parameter.Zeros(prefix + "mlp.0.bias", hidden);
        MlpOutWeight = Parameter.Zeros(prefix + "mlp.2.weight", width, hidden);
        MlpOutBias = Parameter.Zeros(prefix + "mlp.2.bias", width);
    }

    public Parameter QkvWeight { get; }
    public Parameter QkvBias { get; }
    public Parameter ProjWeight { get; }
    public Parameter ProjBias { get; }
    public Parameter MlpInWeight { get; }
    public Parameter MlpInBias { get; }
    public Parameter MlpOutWeight { get; }
    public Parameter MlpOutBias { get; }

    public IEnumerable<Parameter> Parameters =>
        [QkvWeight, QkvBias, ProjWeight, ProjBias, MlpInWeight, MlpInBias, MlpOutWeight, MlpOutBias];

    /// <summary>x [B, L, width] -> [B, L, width].</summary>
    public Tensor Forward(Tensor x)
    {
        Tensor qkv = Ops.Linear(Ops.LayerNorm(x), QkvWeight, QkvBias);
        (Tensor q, Tensor k, Tensor v) = Ops.SplitQkvHeads(qkv, _heads);
        Tensor attended = Ops.MergeHeads(Ops.Attention(q, k, v));
        Tensor h = Ops.Add(x, Ops.Linear(attended, ProjWeight, ProjBias));
        Tensor mlp = Ops.Linear(Ops.Gelu(Ops.Linear(Ops.LayerNorm(h), MlpInWeight, MlpInBias)), MlpOutWeight, MlpOutBias);
        return Ops.Add(h, mlp);
    }
}
