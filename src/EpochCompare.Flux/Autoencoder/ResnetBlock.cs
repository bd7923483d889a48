using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary><c>x' = shortcut(x) + conv2(swish(norm2(conv1(swish(norm1(x))))))</c>; the 1x1 <c>nin_shortcut</c> only when the width changes.</summary>
public sealed class ResnetBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "norm1")]
    private readonly GroupNorm _norm1;
    [ComponentName(Name = "conv1")]
    private readonly Conv2d _conv1;
    [ComponentName(Name = "norm2")]
    private readonly GroupNorm _norm2;
    [ComponentName(Name = "conv2")]
    private readonly Conv2d _conv2;
    [ComponentName(Name = "nin_shortcut")]
    private readonly Conv2d? _shortcut;

    public ResnetBlock(long inChannels, long outChannels, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ResnetBlock))
    {
        _norm1 = AutoencoderLayers.Norm(inChannels, device, dtype);
        _conv1 = AutoencoderLayers.Conv3x3(inChannels, outChannels, device, dtype);
        _norm2 = AutoencoderLayers.Norm(outChannels, device, dtype);
        _conv2 = AutoencoderLayers.Conv3x3(outChannels, outChannels, device, dtype);
        if (inChannels != outChannels)
        {
            _shortcut = nn.Conv2d(inChannels, outChannels, 1, device: device, dtype: dtype);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor h = _conv1.forward(nn.functional.silu(_norm1.forward(x)));
        h = _conv2.forward(nn.functional.silu(_norm2.forward(h)));
        Tensor residual = _shortcut is null ? x : _shortcut.forward(x);
        return residual.Plus(h).MoveToOuterDisposeScope();
    }
}
