using EpochCompare.Flux.Sampling;

namespace EpochCompare.Flux.Tests.Sampling;

public class PixelUnshuffleAutoencoderTests
{
    [Fact]
    public void A64PixelImageBecomes256TokensOf48Channels()
    {
        var autoencoder = new PixelUnshuffleAutoencoder();
        SampleGeometry geometry = SampleGeometry.For(autoencoder, 64, 64);
        Assert.Equal(256, geometry.ImageTokens);
        Assert.Equal(48, geometry.TokenChannels);
        Assert.Equal([1, 12, 32, 32], geometry.NoiseShape);
    }

    [Fact]
    public void EachTokenHoldsOneFourByFourPixelBlock()
    {
        // 8x4 RGB image, pixel value encodes (c, y, x); token (i, j) must hold exactly rows 4i..4i+3, cols 4j..4j+3.
        var autoencoder = new PixelUnshuffleAutoencoder();
        int width = 8, height = 4;
        float[] pixels = new float[3 * height * width];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    pixels[(c * height + y) * width + x] = c * 100 + y * 10 + x;
                }
            }
        }
        float[] latent = autoencoder.Encode(pixels, 1, height, width);
        float[] tokens = LatentPacking.Pack(latent, 1, 12, height / 2, width / 2);

        float[] secondToken = tokens[48..96];
        var expected = new List<float>();
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < 4; y++)
            {
                for (int x = 4; x < 8; x++)
                {
                    expected.Add(c * 100 + y * 10 + x);
                }
            }
        }
        Assert.Equal(expected.Order(), secondToken.Order());
        Assert.Equal(pixels, autoencoder.Decode(latent, 1, height / 2, width / 2));
    }

    [Fact]
    public void SizeOffThePatchGridIsRejectedWithASuggestion()
    {
        var ex = Assert.Throws<ArgumentException>(() => SampleGeometry.For(new PixelUnshuffleAutoencoder(), 62, 64));
        Assert.Equal("image size 62x64 is not a multiple of the 4-pixel patch grid of the pixel-unshuffle autoencoder (try 64x64)", ex.Message);
    }
}
