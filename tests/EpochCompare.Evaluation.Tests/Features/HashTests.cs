using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Tests.Features;

public class HashTests
{
    [Fact]
    public void DctMatchesTheDirectDoubleSum()
    {
        var random = new Random(11);
        const int n = 8;
        var block = new double[n, n];
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                block[y, x] = random.NextDouble() * 255;
            }
        }
        double[,] fast = Dct2D.Forward(block);
        for (int v = 0; v < n; v++)
        {
            for (int u = 0; u < n; u++)
            {
                double direct = 0;
                for (int y = 0; y < n; y++)
                {
                    for (int x = 0; x < n; x++)
                    {
                        direct += block[y, x] * Math.Cos(Math.PI * (2 * x + 1) * u / (2.0 * n)) * Math.Cos(Math.PI * (2 * y + 1) * v / (2.0 * n));
                    }
                }
                Assert.Equal(direct, fast[v, u], 8);
            }
        }
    }

    [Fact]
    public void HammingCountsDifferingBits()
    {
        Assert.Equal(0, HammingDistance.Between(0xDEADBEEFUL, 0xDEADBEEFUL));
        Assert.Equal(64, HammingDistance.Between(0UL, ulong.MaxValue));
        Assert.Equal(3, HammingDistance.Between(0b1011UL, 0b0000UL));
    }

    [Fact]
    public void PerceptualHashSurvivesResizeAndRequantisation()
    {
        var original = SyntheticImages.Scene(21, 320);
        var copy = SyntheticImages.Quantize(SyntheticImages.ResizeNearest(original, 203, 203), 16);
        ulong a = PerceptualHash.Compute(SyntheticImages.Prepared(original).Luma);
        ulong b = PerceptualHash.Compute(SyntheticImages.Prepared(copy).Luma);
        Assert.True(HammingDistance.Between(a, b) <= 4, $"distance {HammingDistance.Between(a, b)}");
    }

    [Fact]
    public void PerceptualHashSeparatesUnrelatedImages()
    {
        var distances = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            ulong a = PerceptualHash.Compute(SyntheticImages.Prepared(SyntheticImages.Scene(100 + i)).Luma);
            ulong b = PerceptualHash.Compute(SyntheticImages.Prepared(SyntheticImages.Scene(200 + i)).Luma);
            distances.Add(HammingDistance.Between(a, b));
        }
        Assert.True(distances.Min() > 10, $"distances {string.Join(",", distances)}");
    }

    [Fact]
    public void DifferenceHashEncodesTheHorizontalGradientSign()
    {
        Plane rising = SyntheticImages.PlaneFrom(256, 256, (x, _) => x);
        Plane falling = SyntheticImages.PlaneFrom(256, 256, (x, _) => 255 - x);
        Assert.Equal(ulong.MaxValue, DifferenceHash.Compute(rising));
        Assert.Equal(0UL, DifferenceHash.Compute(falling));
    }

    [Fact]
    public void DifferenceHashIgnoresABrightnessOffset()
    {
        Plane a = SyntheticImages.Prepared(SyntheticImages.Scene(8)).Luma;
        Plane brighter = SyntheticImages.PlaneFrom(256, 256, (x, y) => a[x, y] + 20);
        Assert.Equal(DifferenceHash.Compute(a), DifferenceHash.Compute(brighter));
        Assert.Equal(PerceptualHash.Compute(a), PerceptualHash.Compute(brighter));
    }
}
