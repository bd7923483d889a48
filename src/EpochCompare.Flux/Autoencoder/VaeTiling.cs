namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// How the autoencoder decodes (<c>--vae-tiling</c>): whole, or in overlapping latent tiles blended linearly
/// (<see cref="TiledDecode"/>). Auto tiles latents larger than <see cref="TiledDecode.AutoAboveLatentCells"/> cells.
/// </summary>
public enum VaeTiling
{
    Auto,
    On,
    Off,
}
