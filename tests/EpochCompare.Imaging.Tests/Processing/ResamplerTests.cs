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
        var result = Resampler.Resize(source, 4, 3, ResampleFilter.Area);
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
        var result = Resampler.Resize(source, 2, 1, ResampleFilter.Area);
        Assert.Equal(50, result[0, 0].R);
        Assert.Equal(30, result[1, 0].R);
    }

    [Theory]
    [InlineData(ResampleFilter.Area)]
    [InlineData(ResampleFilter.Bicubic)]
    [InlineData(ResampleFilter.Lanczos3)]
    public void FlatImagesStayFlatAtAnySize(ResampleFilter filter)
    {
        var source = RgbaImage.Filled(17, 11, new Rgba32(12, 200, 77));
        foreach (var (w, h) in new[] { (5, 3), (40, 29), (17, 50), (1, 1) })
        {
            var result = Resampler.Resize(source, w, h, filter);
            Assert.All(Enumerable.Range(0, w * h), i => Assert.Equal(new Rgba32(12, 200, 77), result[i % w, i / w]));
        }
    }

    [Fact]
    public void KernelsMatchTheirDefinitions()
    {
        Assert.Equal(1.0, ResampleKernel.Evaluate(ResampleFilter.Bicubic, 0), 12);
        Assert.Equal(0.0, ResampleKernel.Evaluate(ResampleFilter.Bicubic, 1), 12);
        Assert.Equal(-0.0625, ResampleKernel.Evaluate(ResampleFilter.Bicubic, 1.5), 12); // Catmull-Rom
        Assert.Equal(0.5625, ResampleKernel.Evaluate(ResampleFilter.Bicubic, 0.5), 12);
        double x = 1.3;
        double expected = Math.Sin(Math.PI * x) / (Math.PI * x) * Math.Sin(Math.PI * x / 3) / (Math.PI * x / 3);
        Assert.Equal(expected, ResampleKernel.Evaluate(ResampleFilter.Lanczos3, x), 12);
        Assert.Equal(0.0, ResampleKernel.Evaluate(ResampleFilter.Lanczos3, 3.2), 12);
    }

    [Theory]
    [InlineData(ResampleFilter.Bicubic)]
    [InlineData(ResampleFilter.Lanczos3)]
    public void UpscalingARampStaysCloseToTheRamp(ResampleFilter filter)
    {
        var source = new RgbaImage(20, 1);
        for (int x = 0; x < 20; x++)
        {
            source[x, 0] = new Rgba32((byte)(x * 10 + 5), 0, 0);
        }
        var result = Resampler.Resize(source, 80, 1, filter);
        for (int x = 12; x < 68; x++)
        {
            // Output x samples source position (x + 0.5) / 4 - 0.5; the ramp value there is 10 * pos + 5.
            double position = (x + 0.5) / 4 - 0.5;
            Assert.InRange(result[x, 0].R, 10 * position + 5 - 1.5, 10 * position + 5 + 1.5);
        }
    }

    [Theory]
    [InlineData(ResampleFilter.Bicubic)]
    [InlineData(ResampleFilter.Lanczos3)]
    [InlineData(ResampleFilter.Area)]
    public void DownscalingStretchesTheKernelSoFineDetailAveragesOut(ResampleFilter filter)
    {
        // A 1-pixel checkerboard has no content below its Nyquist limit: a 4x downscale must come out mid-gray,
        // which only holds when the kernel support is scaled by the factor.
        var source = new RgbaImage(64, 64);
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                byte v = (byte)((x + y) % 2 == 0 ? 255 : 0);
                source[x, y] = new Rgba32(v, v, v);
            }
        }
        var result = Resampler.Resize(source, 16, 16, filter);
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
        var result = Resampler.Resize(source, 2, 1, ResampleFilter.Area);
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
