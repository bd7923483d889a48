using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Tests.Features;

public class FriedStatisticsTests
{
    [Fact]
    public void GreyImagesHaveNoColourfulness()
    {
        var grey = SyntheticImages.Prepared(RgbaImage.Filled(64, 64, new Rgba32(90, 90, 90)));
        Assert.Equal(0, Colorfulness.Compute(grey), 9);
    }

    [Fact]
    public void ColourfulnessOfHalfRedHalfGreenMatchesTheFormula()
    {
        var image = new RgbaImage(64, 64);
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                image[x, y] = x < 32 ? new Rgba32(255, 0, 0) : new Rgba32(0, 255, 0);
            }
        }
        // rg = +-255 (mean 0, sd 255); yb = 127.5 everywhere (sd 0): M = 255 + 0.3 * 127.5.
        Assert.Equal(255 + 0.3 * 127.5, Colorfulness.Compute(SyntheticImages.Prepared(image)), 3);
    }

    [Fact]
    public void ClippedShareCountsPixelsAtTheLimits()
    {
        var image = new RgbaImage(64, 64);
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                image[x, y] = y < 16 ? new Rgba32(255, 255, 255) : y < 32 ? new Rgba32(0, 10, 20) : new Rgba32(100, 120, 140);
            }
        }
        Assert.Equal(0.5, ClippedShare.Compute(SyntheticImages.Prepared(image)), 6);
    }

    [Fact]
    public void FftMatchesTheDirectDft()
    {
        var random = new Random(2);
        const int n = 16;
        double[] re = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())];
        double[] im = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())];
        double[] fr = (double[])re.Clone(), fi = (double[])im.Clone();
        Fft.Forward(fr, fi);
        for (int k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++)
            {
                double a = -2 * Math.PI * k * t / n;
                sr += re[t] * Math.Cos(a) - im[t] * Math.Sin(a);
                si += re[t] * Math.Sin(a) + im[t] * Math.Cos(a);
            }
            Assert.Equal(sr, fr[k], 9);
            Assert.Equal(si, fi[k], 9);
        }
    }

    [Fact]
    public void WhiteNoiseHasTheHighFrequencyShareOfItsArea()
    {
        // Flat spectrum: the share above 0.25 cycles/px is the area outside that disc, 1 - pi/16.
        double ratio = HighFrequencyEnergy.Ratio(SyntheticImages.Prepared(SyntheticImages.Noise(5)).Luma);
        Assert.Equal(1 - Math.PI / 16, ratio, 1);
        double smooth = HighFrequencyEnergy.Ratio(SyntheticImages.PlaneFrom(256, 256, (x, y) => 128 + 60 * Math.Sin(x * 0.05 + y * 0.03)));
        Assert.True(smooth < 0.01, $"smooth {smooth}");
    }

    [Fact]
    public void GradientEnergyOfARampIsItsSlopeSquared()
    {
        Assert.Equal(4.0, GradientEnergy.Compute(SyntheticImages.PlaneFrom(64, 64, (x, _) => 2 * x)), 9);
    }
}
