using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>Doubles the resolution: nearest-neighbour x2, then a 3x3 conv (<c>upsample.conv</c>).</summary>
public sealed class Upsample : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv")]
    private readonly Conv2d _conv;

    public Upsample(long channels, Device? device = null, ScalarType? dtype = null)
        : base(nameof(Upsample))
    {
        _conv = AutoencoderLayers.Conv3x3(channels, channels, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor larger = nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return _conv.forward(larger).MoveToOuterDisposeScope();
    }
}
