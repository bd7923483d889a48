using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// Decodes a latent in overlapping tiles (ComfyUI's VAEDecodeTiled defaults: 512 px tiles, 64 px overlap, here
/// 64 and 8 latent cells) and blends each overlap with a linear cross-fade (<see cref="TileSpans.Weights"/>),
/// normalised by the summed weights. Decoder memory then scales with the tile, not the image: the decoder's
/// GroupNorm statistics and mid-block attention see one tile, so the result differs slightly from a whole decode
/// (most at tile borders; the tests bound it). The sum and weight images are float32 on the device (16 bytes a pixel).
/// </summary>
public static class TiledDecode
{
    public const int DefaultTile = 64;
    public const int DefaultOverlap = 8;

    /// <summary><see cref="VaeTiling.Auto"/> tiles latents with more cells than 128 x 128 (images above 1024 x 1024 px).</summary>
    public const long AutoAboveLatentCells = 128L * 128;

    public static bool Tiles(VaeTiling mode, long latentHeight, long latentWidth, int tile = DefaultTile) => mode switch
    {
        VaeTiling.On => latentHeight > tile || latentWidth > tile,
        VaeTiling.Off => false,
        _ => latentHeight * latentWidth > AutoAboveLatentCells && (latentHeight > tile || latentWidth > tile),
    };

    /// <summary>Scaled latent (B, z, h, w) to the image (B, 3, h*f, w*f), float32, tile by tile.</summary>
    public static Tensor Decode(FluxAutoencoder vae, Tensor latent, int tile = DefaultTile, int overlap = DefaultOverlap) =>
        Decode(vae.Decode, vae.Config.DownscaleFactor, vae.Config.OutCh, latent, tile, overlap);

    /// <summary>Any decoder from latent cells to <paramref name="factor"/> x <paramref name="factor"/> pixels each, tile by tile.</summary>
    public static Tensor Decode(Func<Tensor, Tensor> decode, int factor, long outChannels, Tensor latent, int tile = DefaultTile, int overlap = DefaultOverlap)
    {
        using var scope = torch.NewDisposeScope();
        int f = factor;
        long batch = latent.shape[0];
        int height = (int)latent.shape[2], width = (int)latent.shape[3];
        int tileHeight = Math.Min(tile, height), tileWidth = Math.Min(tile, width);
        IReadOnlyList<int> rows = TileSpans.Starts(height, tileHeight, Math.Min(overlap, tileHeight - 1));
        IReadOnlyList<int> columns = TileSpans.Starts(width, tileWidth, Math.Min(overlap, tileWidth - 1));
        int[] rowsPx = [.. rows.Select(r => r * f)], columnsPx = [.. columns.Select(c => c * f)];
        Tensor sum = torch.zeros([batch, outChannels, height * f, width * f], ScalarType.Float32, latent.device);
        Tensor total = torch.zeros([1, 1, height * f, width * f], ScalarType.Float32, latent.device);
        for (int i = 0; i < rows.Count; i++)
        {
            Tensor rowWeights = torch.tensor(TileSpans.Weights(rowsPx, i, tileHeight * f), device: latent.device).view(1, 1, -1, 1);
            for (int j = 0; j < columns.Count; j++)
            {
                using var tileScope = torch.NewDisposeScope();
                Tensor piece = latent[.., .., rows[i]..(rows[i] + tileHeight), columns[j]..(columns[j] + tileWidth)];
                Tensor image = decode(piece).to_type(ScalarType.Float32);
                Tensor weights = rowWeights * torch.tensor(TileSpans.Weights(columnsPx, j, tileWidth * f), device: latent.device).view(1, 1, 1, -1);
                int y = rowsPx[i], x = columnsPx[j];
                sum[.., .., y..(y + tileHeight * f), x..(x + tileWidth * f)].add_(image * weights);
                total[.., .., y..(y + tileHeight * f), x..(x + tileWidth * f)].add_(weights);
            }
        }
        return (sum / total).MoveToOuterDisposeScope();
    }
}
