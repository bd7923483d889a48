using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoding;

/// <summary>The tiny encoder's attention weights: <c>attn.qkv</c> and <c>attn.proj</c>.</summary>
public sealed class TinyTextAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int _heads;

    public TinyTextAttention(long width, int heads, Device? device = null, ScalarType? dtype = null)
        : base(nameof(TinyTextAttention))
    {
        _heads = heads;
        qkv = nn.Linear(width, 3 * width, hasBias: true, device: device, dtype: dtype);
        proj = nn.Linear(width, width, hasBias: true, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>Bidirectional, unmasked attention (the pads have their own embedding), as FLUX's T5.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        (Tensor q, Tensor k, Tensor v) = Attention.SplitHeads(qkv.call(x), _heads);
        Tensor attended = nn.functional.scaled_dot_product_attention(q, k, v);
        long b = attended.shape[0], h = attended.shape[1], l = attended.shape[2], d = attended.shape[3];
        return proj.call(attended.transpose(1, 2).reshape(b, l, h * d)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// One pre-norm transformer layer of the tiny text encoder: x + attn(LN(x)), then h + mlp(LN(h)).
/// LayerNorms have no affine (the following linears absorb it), as in FLUX's own blocks.
/// </summary>
public sealed class TinyTextEncoderLayer : nn.Module<Tensor, Tensor>
{
    private readonly TinyTextAttention attn;
    private readonly Sequential mlp;

    public TinyTextEncoderLayer(TinyTextEncoderConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(TinyTextEncoderLayer))
    {
        attn = new TinyTextAttention(config.Width, config.Heads, device, dtype);
        mlp = GeluMlp.Create(config.Width, config.Width * config.MlpRatio, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor h = x.Plus(attn.call(LayerNorms.Plain(x)));
        return h.Plus(mlp.call(LayerNorms.Plain(h))).MoveToOuterDisposeScope();
    }
}
