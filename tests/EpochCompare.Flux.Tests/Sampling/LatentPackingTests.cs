using EpochCompare.Flux.Sampling;

namespace EpochCompare.Flux.Tests.Sampling;

public class LatentPackingTests
{
    [Fact]
    public void PackPlacesEachTwoByTwoPatchInOneToken()
    {
        // latent [1, 2, 2, 4]: value = c*100 + y*10 + x.
        float[] latent = new float[2 * 2 * 4];
        for (int c = 0; c < 2; c++)
        {
            for (int y = 0; y < 2; y++)
            {
                for (int x = 0; x < 4; x++)
                {
                    latent[(c * 2 + y) * 4 + x] = c * 100 + y * 10 + x;
                }
            }
        }

        float[] tokens = LatentPacking.Pack(latent, 1, 2, 2, 4);

        // Token 1 is the patch at columns 2..3; channels (c, p, q) in that order.
        Assert.Equal([2f, 3f, 12f, 13f, 102f, 103f, 112f, 113f], tokens[8..16]);
    }

    [Theory]
    [InlineData(2, 4, 8, 8)]
    [InlineData(1, 12, 4, 6)]
    [InlineData(3, 16, 10, 2)]
    public void UnpackInvertsPackForNonSquareSizes(int batch, int channels, int height, int width)
    {
        float[] latent = Enumerable.Range(0, batch * channels * height * width).Select(i => (float)i).ToArray();
        float[] tokens = LatentPacking.Pack(latent, batch, channels, height, width);
        Assert.NotEqual(latent, tokens);
        Assert.Equal(latent, LatentPacking.Unpack(tokens, batch, channels, height, width));
    }

    [Fact]
    public void PackMatchesTheReferenceNoiseInTheDenoiseFixtures()
    {
        foreach (string name in new[] { "flux-tiny-dev-denoise.safetensors", "flux-tiny-schnell-denoise.safetensors" })
        {
            using var file = EpochCompare.Flux.SafeTensors.SafeTensorsFile.Open(FixturePaths.File(name));
            int[] shape = file.GetEntry("input.noise").Shape.Select(d => (int)d).ToArray();
            float[] noise = file.ReadSingles("input.noise");
            float[] packed = file.ReadSingles("input.packed");
            float[] ours = LatentPacking.Pack(noise, 1, shape[1], shape[2], shape[3]);
            // input.packed repeats the single noise over the batch.
            for (int i = 0; i < packed.Length; i++)
            {
                Assert.Equal(packed[i], ours[i % ours.Length]);
            }
        }
    }

    [Fact]
    public void ImageIdsCountRowsAndColumnsOfTheTokenGrid()
    {
        float[] ids = LatentPacking.ImageIds(1, 2, 3);
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 2f, 0f, 1f, 0f, 0f, 1f, 1f, 0f, 1f, 2f], ids);
        Assert.All(LatentPacking.TextIds(2, 5), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void OddLatentSizeIsRejectedWithTheSize()
    {
        var ex = Assert.Throws<ArgumentException>(() => LatentPacking.Pack(new float[3 * 4], 1, 1, 3, 4));
        Assert.Contains("3x4", ex.Message);
        Assert.Contains("patch grid", ex.Message);
    }
}
