namespace EpochCompare.Flux.Sampling;

/// <summary>
/// The boundary between pixels and the latent the transformer denoises.
/// Pixels are [B, 3, H, W] in [-1, 1]; latents are [B, <see cref="LatentChannels"/>, H/f, W/f]
/// with f = <see cref="PixelsPerLatent"/>. The latent is then packed into 2x2 patch tokens,
/// so an image side must be a multiple of 2f (<see cref="SampleGeometry"/> checks it).
/// </summary>
/// <remarks>
/// flux-tiny uses <see cref="PixelUnshuffleAutoencoder"/> (f = 2, 12 channels, lossless);
/// the FLUX.1 VAE (f = 8, 16 channels, scale 0.3611, shift 0.1159) is a later implementation.
/// </remarks>
public interface IImageAutoencoder
{
    /// <summary>A short name for messages, e.g. "pixel-unshuffle".</summary>
    string Name { get; }

    int LatentChannels { get; }

    int PixelsPerLatent { get; }

    float[] Encode(ReadOnlySpan<float> pixels, int batch, int height, int width);

    float[] Decode(ReadOnlySpan<float> latent, int batch, int latentHeight, int latentWidth);
}
