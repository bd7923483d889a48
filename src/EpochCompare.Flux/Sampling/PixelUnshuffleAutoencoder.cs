namespace EpochCompare.Flux.Sampling;

/// <summary>
/// flux-tiny's fixed, lossless "autoencoder": a 2x2 pixel-unshuffle (torch.nn.functional.pixel_unshuffle
/// channel order), latent[b, c*4 + p*2 + q, i, j] = pixel[b, c, 2i + p, 2j + q].
/// With the transformer's own 2x2 packing, a 64x64 RGB image is 32x32 latent of 12 channels,
/// then 16x16 = 256 tokens of 48 channels: each token holds one 4x4 pixel block.
/// </summary>
public sealed class PixelUnshuffleAutoencoder : IImageAutoencoder
{
    public const int ImageChannels = 3;
    public const int Factor = 2;

    public string Name => "pixel-unshuffle";

    public int LatentChannels => ImageChannels * Factor * Factor;

    public int PixelsPerLatent => Factor;

    public float[] Encode(ReadOnlySpan<float> pixels, int batch, int height, int width)
    {
        CheckSize("encode", pixels.Length, batch, height, width);
        var latent = new float[pixels.Length];
        Shuffle(pixels, latent, batch, height, width, toLatent: true);
        return latent;
    }

    public float[] Decode(ReadOnlySpan<float> latent, int batch, int latentHeight, int latentWidth)
    {
        int height = latentHeight * Factor;
        int width = latentWidth * Factor;
        CheckSize("decode", latent.Length, batch, height, width);
        var pixels = new float[latent.Length];
        Shuffle(latent, pixels, batch, height, width, toLatent: false);
        return pixels;
    }

    private static void Shuffle(ReadOnlySpan<float> source, Span<float> target, int batch, int height, int width, bool toLatent)
    {
        int latentHeight = height / Factor;
        int latentWidth = width / Factor;
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < ImageChannels; c++)
            {
                for (int y = 0; y < height; y++)
                {
                    int p = y % Factor;
                    for (int x = 0; x < width; x++)
                    {
                        int q = x % Factor;
                        int pixel = ((b * ImageChannels + c) * height + y) * width + x;
                        int latentChannel = (c * Factor + p) * Factor + q;
                        int latent = ((b * ImageChannels * Factor * Factor + latentChannel) * latentHeight + y / Factor) * latentWidth + x / Factor;
                        if (toLatent)
                        {
                            target[latent] = source[pixel];
                        }
                        else
                        {
                            target[pixel] = source[latent];
                        }
                    }
                }
            }
        }
    }

    private static void CheckSize(string op, int length, int batch, int height, int width)
    {
        if (batch <= 0 || height <= 0 || width <= 0 || height % Factor != 0 || width % Factor != 0)
        {
            throw new ArgumentException($"pixel-unshuffle {op}: image {width}x{height} is not a positive multiple of {Factor} pixels");
        }
        if (length != (long)batch * ImageChannels * height * width)
        {
            throw new ArgumentException($"pixel-unshuffle {op}: {length} values do not form {batch} RGB image(s) of {width}x{height}");
        }
    }
}
