using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>Halves the resolution: pad right and bottom by one, then a stride-2 3x3 conv (<c>downsample.conv</c>).</summary>
public sealed class Downsample : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv")]
    private readonly Conv2d _conv;

    public Downsample(long channels, Device? device = null, ScalarType? dtype = null)
        : base(nameof(Downsample))
    {
        _conv = nn.Conv2d(channels, channels, kernel_size: 3L, stride: 2L, padding: 0L, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor padded = nn.functional.pad(x, (0L, 1L, 0L, 1L));
        return _conv.forward(padded).MoveToOuterDisposeScope();
    }
}
