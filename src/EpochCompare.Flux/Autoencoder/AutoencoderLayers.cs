using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>The two layer shapes the autoencoder repeats: GroupNorm(32, C, eps 1e-6) and a padded 3x3 conv.</summary>
internal static class AutoencoderLayers
{
    public const int Groups = 32;
    public const double Eps = 1e-6;

    public static GroupNorm Norm(long channels, Device? device, ScalarType? dtype) =>
        nn.GroupNorm(Groups, channels, Eps, affine: true, device: device, dtype: dtype);

    public static Conv2d Conv3x3(long inChannels, long outChannels, Device? device, ScalarType? dtype) =>
        nn.Conv2d(inChannels, outChannels, kernel_size: 3L, stride: 1L, padding: 1L, device: device, dtype: dtype);
}
