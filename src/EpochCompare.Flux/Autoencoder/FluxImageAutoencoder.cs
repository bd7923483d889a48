using EpochCompare.Flux.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// The FLUX.1 autoencoder behind the sampler's <see cref="IImageAutoencoder"/> boundary (pixels and latents as
/// float arrays): 16 latent channels at 1/8 of the image size for the real ae.safetensors. Held, not owned.
/// </summary>
public sealed class FluxImageAutoencoder(FluxAutoencoder vae) : IImageAutoencoder
{
    public string Name => "FLUX.1";

    public int LatentChannels => vae.Config.ZChannels;

    public int PixelsPerLatent => vae.Config.DownscaleFactor;

    /// <summary>Whether <see cref="Decode"/> goes tile by tile (<see cref="TiledDecode"/>); whole by default.</summary>
    public VaeTiling Tiling { get; init; } = VaeTiling.Off;

    public float[] Encode(ReadOnlySpan<float> pixels, int batch, int height, int width)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor image = ToDevice(pixels, [batch, vae.Config.InChannels, height, width]);
        return Floats(vae.Encode(image));
    }

    public float[] Decode(ReadOnlySpan<float> latent, int batch, int latentHeight, int latentWidth)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor z = ToDevice(latent, [batch, LatentChannels, latentHeight, latentWidth]);
        return Floats(TiledDecode.Tiles(Tiling, latentHeight, latentWidth) ? TiledDecode.Decode(vae, z) : vae.Decode(z));
    }

    private Tensor ToDevice(ReadOnlySpan<float> values, long[] shape)
    {
        TorchSharp.Modules.Parameter probe = vae.parameters().First();
        return torch.tensor(values.ToArray(), shape).to(probe.dtype, probe.device);
    }

    private static float[] Floats(Tensor t) => t.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
}
