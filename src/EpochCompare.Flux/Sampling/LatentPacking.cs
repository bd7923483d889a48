namespace EpochCompare.Flux.Sampling;

/// <summary>
/// FLUX's 2x2 patchify of a latent [B, C, H, W] into image tokens [B, (H/2)(W/2), C*4]
/// (einops "b c (h ph) (w pw) -> b (h w) (c ph pw)"), its exact inverse, and the position ids
/// the rotary embedding reads: img_ids[b, i*w + j] = (0, i, j), txt_ids = 0.
/// </summary>
public static class LatentPacking
{
    public const int PatchSize = 2;

    /// <summary>Token grid (h, w) for a latent of the given height and width; both must be even.</summary>
    public static (int Height, int Width) TokenGrid(int latentHeight, int latentWidth)
    {
        if (latentHeight <= 0 || latentWidth <= 0 || latentHeight % PatchSize != 0 || latentWidth % PatchSize != 0)
        {
            throw new ArgumentException(
                $"pack: latent size {latentHeight}x{latentWidth} is not a positive multiple of the {PatchSize}x{PatchSize} patch grid");
        }
        return (latentHeight / PatchSize, latentWidth / PatchSize);
    }

    /// <summary>tokens[b, i*w + j, c*4 + p*2 + q] = latent[b, c, 2i + p, 2j + q].</summary>
    public static float[] Pack(ReadOnlySpan<float> latent, int batch, int channels, int latentHeight, int latentWidth)
    {
        (int h, int w) = TokenGrid(latentHeight, latentWidth);
        CheckLength("pack", latent.Length, batch, channels, latentHeight, latentWidth);
        var tokens = new float[latent.Length];
        int tokenWidth = channels * PatchSize * PatchSize;
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int y = 0; y < latentHeight; y++)
                {
                    int sourceRow = ((b * channels + c) * latentHeight + y) * latentWidth;
                    int i = y / PatchSize;
                    int p = y % PatchSize;
                    for (int x = 0; x < latentWidth; x++)
                    {
                        int j = x / PatchSize;
                        int q = x % PatchSize;
                        int token = (b * h + i) * w + j;
                        tokens[token * tokenWidth + (c * PatchSize + p) * PatchSize + q] = latent[sourceRow + x];
                    }
                }
            }
        }
        return tokens;
    }

    /// <summary>The inverse of <see cref="Pack"/>: tokens [B, h*w, C*4] back to [B, C, 2h, 2w].</summary>
    public static float[] Unpack(ReadOnlySpan<float> tokens, int batch, int channels, int latentHeight, int latentWidth)
    {
        (int h, int w) = TokenGrid(latentHeight, latentWidth);
        CheckLength("unpack", tokens.Length, batch, channels, latentHeight, latentWidth);
        var latent = new float[tokens.Length];
        int tokenWidth = channels * PatchSize * PatchSize;
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int y = 0; y < latentHeight; y++)
                {
                    int targetRow = ((b * channels + c) * latentHeight + y) * latentWidth;
                    int i = y / PatchSize;
                    int p = y % PatchSize;
                    for (int x = 0; x < latentWidth; x++)
                    {
                        int token = (b * h + i) * w + x / PatchSize;
                        latent[targetRow + x] = tokens[token * tokenWidth + (c * PatchSize + p) * PatchSize + x % PatchSize];
                    }
                }
            }
        }
        return latent;
    }

    /// <summary>img_ids [B, h*w, 3]: (0, row, column) per token, as float.</summary>
    public static float[] ImageIds(int batch, int tokenHeight, int tokenWidth)
    {
        var ids = new float[batch * tokenHeight * tokenWidth * 3];
        int index = 0;
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < tokenHeight; i++)
            {
                for (int j = 0; j < tokenWidth; j++)
                {
                    ids[index++] = 0f;
                    ids[index++] = i;
                    ids[index++] = j;
                }
            }
        }
        return ids;
    }

    /// <summary>txt_ids [B, T, 3]: all zero, so text tokens sit at the rotary origin.</summary>
    public static float[] TextIds(int batch, int textTokens) => new float[batch * textTokens * 3];

    private static void CheckLength(string op, int length, int batch, int channels, int height, int width)
    {
        long expected = (long)batch * channels * height * width;
        if (batch <= 0 || channels <= 0 || length != expected)
        {
            throw new ArgumentException(
                $"{op}: {length} values do not form a latent of batch {batch}, {channels} channels, {height}x{width}");
        }
    }
}
