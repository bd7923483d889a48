using EpochCompare.Evaluation.Features;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Tests.Features;

public class HistogramTests
{
    [Fact]
    public void HsvBinsFollowHueSaturationValue()
    {
        // Red: hue 0, full saturation and value.
        Assert.Equal((0 * 4 + 3) * 4 + 3, HsvHistogram.BinOf(255, 0, 0));
        // Blue: hue 240 -> bin 240/360*16 = 10.
        Assert.Equal((10 * 4 + 3) * 4 + 3, HsvHistogram.BinOf(0, 0, 255));
        // Greys have no hue: bin 0 for hue and saturation, only value varies.
        Assert.Equal(HsvHistogram.BinOf(128, 128, 128), HsvHistogram.BinOf(130, 128, 126));
    }

    [Fact]
    public void SolidImageFillsOneBin()
    {
        float[] h = HsvHistogram.Compute(SyntheticImages.Prepared(RgbaImage.Filled(64, 64, new Rgba32(0, 200, 0))));
        Assert.Equal(1f, h.Max(), 6);
        Assert.Equal(1.0, h.Sum(), 5);
    }

    [Fact]
    public void DistancesSpanIdenticalToDisjoint()
    {
        float[] red = HsvHistogram.Compute(SyntheticImages.Prepared(RgbaImage.Filled(32, 32, new Rgba32(255, 0, 0))));
        float[] blue = HsvHistogram.Compute(SyntheticImages.Prepared(RgbaImage.Filled(32, 32, new Rgba32(0, 0, 255))));
        Assert.Equal(0, HistogramDistance.Hellinger(red, red), 6);
        Assert.Equal(0, HistogramDistance.ChiSquare(red, red), 6);
        Assert.Equal(1, HistogramDistance.Intersection(red, red), 6);
        Assert.Equal(1, HistogramDistance.Hellinger(red, blue), 6);
        Assert.Equal(1, HistogramDistance.ChiSquare(red, blue), 6);
        Assert.Equal(0, HistogramDistance.Intersection(red, blue), 6);
    }

    [Fact]
    public void HellingerOfHalfOverlapMatchesTheFormula()
    {
        float[] p = [0.5f, 0.5f, 0f];
        float[] q = [0f, 0.5f, 0.5f];
        Assert.Equal(Math.Sqrt(1 - 0.5), HistogramDistance.Hellinger(p, q), 6);
        Assert.Equal(0.5 * (0.25 / 0.5 + 0 + 0.25 / 0.5), HistogramDistance.ChiSquare(p, q), 6);
    }
}
