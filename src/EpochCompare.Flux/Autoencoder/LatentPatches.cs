using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// FLUX's 2x2 patch packing on tensors: latent (B, C, H, W) to image tokens (B, (H/2)(W/2), C*4)
/// (einops <c>b c (h ph) (w pw) -> b (h w) (c ph pw)</c>), and back.
/// </summary>
public static class LatentPatches
{
    public const int PatchSize = 2;

    public static Tensor Pack(Tensor latent)
    {
        long b = latent.shape[0], c = latent.shape[1], h = latent.shape[2], w = latent.shape[3];
        if (h % PatchSize != 0 || w % PatchSize != 0)
        {
            throw new ArgumentException($"pack: latent size {h}x{w} is not a multiple of the {PatchSize}x{PatchSize} patch grid", nameof(latent));
        }
        using var scope = torch.NewDisposeScope();
        Tensor tokens = latent.view(b, c, h / PatchSize, PatchSize, w / PatchSize, PatchSize)
            .permute(0, 2, 4, 1, 3, 5)
            .reshape(b, h / PatchSize * (w / PatchSize), c * PatchSize * PatchSize);
        return tokens.MoveToOuterDisposeScope();
    }

    /// <summary>Tokens (B, h*w, C*4) back to (B, C, <paramref name="latentHeight"/>, <paramref name="latentWidth"/>).</summary>
    public static Tensor Unpack(Tensor tokens, long latentHeight, long latentWidth)
    {
        long b = tokens.shape[0], c = tokens.shape[2] / (PatchSize * PatchSize);
        long h = latentHeight / PatchSize, w = latentWidth / PatchSize;
        if (tokens.shape[1] != h * w)
        {
            throw new ArgumentException($"unpack: {tokens.shape[1]} tokens do not tile a {latentHeight}x{latentWidth} latent", nameof(tokens));
        }
        using var scope = torch.NewDisposeScope();
        Tensor latent = tokens.view(b, h, w, c, PatchSize, PatchSize)
            .permute(0, 3, 1, 4, 2, 5)
            .reshape(b, c, latentHeight, latentWidth);
        return latent.MoveToOuterDisposeScope();
    }
}
