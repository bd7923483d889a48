using EpochCompare.Imaging.Processing;

namespace EpochCompare.Imaging.Tests.Processing;

public class ResamplerTests
{
    private static RgbaImage Noise(int width, int height, int seed)
    {
        var image = new RgbaImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        for (int i = 3; i < image.Pixels.Length; i += 4)
        {
            image.Pixels[i] = 255;
        }
        return image;
    }

    [Fact]
    public void AreaDownscaleByAnIntegerFactorIsTheBlockMean()
    {
        var source = Noise(12, 9, 1);
        var result = Resampler.Resize(source, 4, 3);
        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int sum = 0;
                    for (int dy = 0; dy < 3; dy++)
                    {
                        for (int dx = 0; dx < 3; dx++)
                        {
                            sum += source.Pixels[((y * 3 + dy) * 12 + x * 3 + dx) * 4 + c];
                        }
                    }
                    Assert.InRange(result.Pixels[(y * 4 + x) * 4 + c], (int)Math.Floor(sum / 9.0 - 0.51), (int)Math.Ceiling(sum / 9.0 + 0.51));
                }
            }
        }
    }

    [Fact]
    public void AreaDownscaleByAFractionalFactorWeighsPartialPixels()
    {
        // 3 -> 2: output 0 covers source [0, 1.5): (a + b/2) / 1.5.
        var source = new RgbaImage(3, 1);
        source[0, 0] = new Rgba32(30, 0, 0);
        source[1, 0] = new Rgba32(90, 0, 0);
        source[2, 0] = new Rgba32(0, 0, 0);
        var result = Resampler.Resize(source, 2, 1);
        Assert.Equal(50, result[0, 0].R);
        Assert.Equal(30, result[1, 0].R);
    }

    [Fact]
    public void FlatImagesStayFlatAtAnySize()
    {
        var source = RgbaImage.Filled(17, 11, new Rgba32(12, 200, 77));
        foreach (var (w, h) in new[] { (5, 3), (40, 29), (17, 50), (1, 1) })
        {
            var result = Resampler.Resize(source, w, h);
            Assert.All(Enumerable.Range(0, w * h), i => Assert.Equal(new Rgba32(12, 200, 77), result[i % w, i / w]));
        }
    }

    [Fact]
    public void DownscalingAveragesFineDetailOut()
    {
        // A 1-pixel checkerboard has no content below its Nyquist limit: a 4x area downscale must come out mid-gray.
        var source = new RgbaImage(64, 64);
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                byte v = (byte)((x + y) % 2 == 0 ? 255 : 0);
                source[x, y] = new Rgba32(v, v, v);
            }
        }
        var result = Resampler.Resize(source, 16, 16);
        for (int y = 2; y < 14; y++)
        {
            for (int x = 2; x < 14; x++)
            {
                Assert.InRange(result[x, y].R, 120, 135);
            }
        }
    }

    [Fact]
    public void TransparentPixelsDoNotBleedTheirColour()
    {
        var source = new RgbaImage(4, 1);
        source[0, 0] = new Rgba32(255, 0, 0, 0); // invisible red
        source[1, 0] = new Rgba32(0, 0, 255, 255);
        source[2, 0] = new Rgba32(0, 0, 255, 255);
        source[3, 0] = new Rgba32(255, 0, 0, 0);
        var result = Resampler.Resize(source, 2, 1);
        Assert.Equal(new Rgba32(0, 0, 255, 128), result[0, 0]);
    }

    [Fact]
    public void ResizingIsDeterministicAndSameSizeIsACopy()
    {
        var source = Noise(33, 21, 4);
        Assert.Equal(Resampler.Resize(source, 50, 40).Pixels, Resampler.Resize(source, 50, 40).Pixels);
        var same = Resampler.Resize(source, 33, 21);
        Assert.Equal(source.Pixels, same.Pixels);
        Assert.NotSame(source, same);
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resize(source, 0, 5));
    }
}
