using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>The mid block's single-head attention over the h*w positions (<c>norm, q, k, v, proj_out</c>, all 1x1 convs), residual.</summary>
public sealed class AttnBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "norm")]
    private readonly GroupNorm _norm;
    [ComponentName(Name = "q")]
    private readonly Conv2d _query;
    [ComponentName(Name = "k")]
    private readonly Conv2d _key;
    [ComponentName(Name = "v")]
    private readonly Conv2d _value;
    [ComponentName(Name = "proj_out")]
    private readonly Conv2d _projOut;

    public AttnBlock(long channels, Device? device = null, ScalarType? dtype = null)
        : base(nameof(AttnBlock))
    {
        _norm = AutoencoderLayers.Norm(channels, device, dtype);
        _query = nn.Conv2d(channels, channels, 1, device: device, dtype: dtype);
        _key = nn.Conv2d(channels, channels, 1, device: device, dtype: dtype);
        _value = nn.Conv2d(channels, channels, 1, device: device, dtype: dtype);
        _projOut = nn.Conv2d(channels, channels, 1, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        Tensor normed = _norm.forward(x);
        // (B, C, H, W) -> (B, 1, H*W, C): one head, logits scaled by 1/sqrt(C).
        Tensor Tokens(Conv2d projection) => projection.forward(normed).view(b, 1, c, h * w).transpose(2, 3);
        Tensor attended = nn.functional.scaled_dot_product_attention(Tokens(_query), Tokens(_key), Tokens(_value));
        Tensor back = attended.transpose(2, 3).reshape(b, c, h, w);
        return x.Plus(_projOut.forward(back)).MoveToOuterDisposeScope();
    }
}
