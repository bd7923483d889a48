namespace EpochCompare.Flux.Sampling;

/// <summary>
/// Sizes that follow from an image size and an autoencoder: latent [C, H/f, W/f], the 2x2 token grid,
/// and the model's input width (C * 4). The one place that rejects sizes off the patch grid.
/// </summary>
public sealed record SampleGeometry(int Width, int Height, int LatentChannels, int LatentHeight, int LatentWidth)
{
    public int TokenHeight => LatentHeight / LatentPacking.PatchSize;

    public int TokenWidth => LatentWidth / LatentPacking.PatchSize;

    /// <summary>Image tokens, the <c>image_seq_len</c> of the schedule.</summary>
    public int ImageTokens => TokenHeight * TokenWidth;

    /// <summary>Channels of one packed token (the model's in_channels).</summary>
    public int TokenChannels => LatentChannels * LatentPacking.PatchSize * LatentPacking.PatchSize;

    /// <summary>The noise shape [1, C, H/f, W/f] that one seed draws.</summary>
    public int[] NoiseShape => [1, LatentChannels, LatentHeight, LatentWidth];

    public static SampleGeometry For(IImageAutoencoder autoencoder, int width, int height)
    {
        int grid = autoencoder.PixelsPerLatent * LatentPacking.PatchSize;
        if (width <= 0 || height <= 0 || width % grid != 0 || height % grid != 0)
        {
            throw new ArgumentException(
                $"image size {width}x{height} is not a multiple of the {grid}-pixel patch grid of the {autoencoder.Name} autoencoder (try {RoundUp(width, grid)}x{RoundUp(height, grid)})");
        }
        return new SampleGeometry(width, height, autoencoder.LatentChannels,
            height / autoencoder.PixelsPerLatent, width / autoencoder.PixelsPerLatent);
    }

    private static int RoundUp(int value, int grid) => Math.Max(grid, (value + grid - 1) / grid * grid);
}
