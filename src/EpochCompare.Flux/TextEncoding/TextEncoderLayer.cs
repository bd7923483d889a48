using EpochCompare.Tensors;
using Linear = EpochCompare.Flux.Modules.Linear;
using Module = EpochCompare.Flux.Modules.Module;

namespace EpochCompare.Flux.TextEncoding;

/// <summary>
/// One pre-norm transformer layer of the tiny text encoder: x + attn(LN(x)), then h + mlp(LN(h)).
/// LayerNorms have no affine (the following linears absorb it), as in FLUX's own blocks.
/// Attention is bidirectional and sees the padding, like FLUX's T5 (no mask); pads have their own embedding.
/// </summary>
public sealed class TextEncoderLayer : Module
{
    private readonly int _heads;

    public TextEncoderLayer(string path, TinyTextEncoderConfig config)
        : base(path)
    {
        _heads = config.Heads;
        int width = config.Width;
        int hidden = width * config.MlpRatio;
        Qkv = Child(new Linear(ChildPath("attn.qkv"), width, 3 * width));
        Proj = Child(new Linear(ChildPath("attn.proj"), width, width));
        MlpIn = Child(new Linear(ChildPath("mlp.0"), width, hidden));
        MlpOut = Child(new Linear(ChildPath("mlp.2"), hidden, width));
    }

    public Linear Qkv { get; }

    public Linear Proj { get; }

    public Linear MlpIn { get; }

    public Linear MlpOut { get; }

    /// <summary>x [B, L, width] -> [B, L, width].</summary>
    public Tensor Forward(Tensor x)
    {
        (Tensor q, Tensor k, Tensor v) = Ops.SplitQkvHeads(Qkv.Forward(Ops.LayerNorm(x)), _heads);
        Tensor h = Ops.Add(x, Proj.Forward(Ops.MergeHeads(Ops.Attention(q, k, v))));
        return Ops.Add(h, MlpOut.Forward(Ops.Gelu(MlpIn.Forward(Ops.LayerNorm(h)))));
    }
}
