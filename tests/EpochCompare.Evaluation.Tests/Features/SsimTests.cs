using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Tests.Features;

public class SsimTests
{
    [Fact]
    public void IdenticalPlanesScoreOne()
    {
        Plane a = SyntheticImages.Prepared(SyntheticImages.Scene(1)).Luma;
        Assert.Equal(1.0, Ssim.Compute(a, a), 10);
    }

    [Fact]
    public void MatchesAPlainPerWindowReference()
    {
        var random = new Random(3);
        Plane a = SyntheticImages.PlaneFrom(20, 17, (_, _) => random.Next(256));
        Plane b = SyntheticImages.PlaneFrom(20, 17, (x, y) => a[x, y] * 0.7 + random.Next(60));
        Assert.Equal(ReferenceSsim(a, b), Ssim.Compute(a, b), 6);
    }

    [Fact]
    public void IsSymmetricAndFallsWithNoise()
    {
        var scene = SyntheticImages.Scene(5);
        Plane a = SyntheticImages.Prepared(scene).Luma;
        Plane mild = SyntheticImages.Prepared(SyntheticImages.AddNoise(scene, 1, 10)).Luma;
        Plane strong = SyntheticImages.Prepared(SyntheticImages.AddNoise(scene, 1, 80)).Luma;
        Assert.Equal(Ssim.Compute(a, mild), Ssim.Compute(mild, a), 10);
        Assert.True(Ssim.Compute(a, mild) > Ssim.Compute(a, strong));
        Assert.True(Ssim.Compute(a, strong) < 0.9);
    }

    [Fact]
    public void MsSsimIsOneForIdenticalAndLowerForUnrelated()
    {
        Plane a = SyntheticImages.Prepared(SyntheticImages.Scene(1)).Luma;
        Plane b = SyntheticImages.Prepared(SyntheticImages.Scene(2)).Luma;
        MsSsimResult same = MsSsim.Compute(a, a);
        Assert.Equal(1.0, same.Value, 9);
        Assert.Equal(5, same.ScaleTerms.Count);
        MsSsimResult other = MsSsim.Compute(a, b);
        Assert.True(other.Value < 0.8, $"unrelated MS-SSIM {other.Value}");
        Assert.Equal(other.Value, MsSsim.Compute(b, a).Value, 9);
    }

    [Fact]
    public void MsSsimRejectsPlanesTooSmallForFiveScales()
    {
        var small = new Plane(100, 100);
        var ex = Assert.Throws<ArgumentException>(() => MsSsim.Compute(small, small));
        Assert.Contains("176", ex.Message);
    }

    /// <summary>Direct definition: 2-D Gaussian weights per window, no separability, no shared sums.</summary>
    private static double ReferenceSsim(Plane a, Plane b)
    {
        const int taps = 11;
        double c1 = Math.Pow(0.01 * 255, 2), c2 = Math.Pow(0.03 * 255, 2);
        var g = new double[taps];
        for (int i = 0; i < taps; i++)
        {
            g[i] = Math.Exp(-(i - 5) * (i - 5) / (2 * 1.5 * 1.5));
        }
        double norm = g.Sum() * g.Sum();
        double total = 0;
        int count = 0;
        for (int y0 = 0; y0 + taps <= a.Height; y0++)
        {
            for (int x0 = 0; x0 + taps <= a.Width; x0++)
            {
                double mx = 0, my = 0;
                for (int j = 0; j < taps; j++)
                {
                    for (int i = 0; i < taps; i++)
                    {
                        double w = g[i] * g[j] / norm;
                        mx += w * a[x0 + i, y0 + j];
                        my += w * b[x0 + i, y0 + j];
                    }
                }
                double vx = 0, vy = 0, cov = 0;
                for (int j = 0; j < taps; j++)
                {
                    for (int i = 0; i < taps; i++)
                    {
                        double w = g[i] * g[j] / norm;
                        double dx = a[x0 + i, y0 + j] - mx, dy = b[x0 + i, y0 + j] - my;
                        vx += w * dx * dx;
                        vy += w * dy * dy;
                        cov += w * dx * dy;
                    }
                }
                total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                count++;
            }
        }
        return total / count;
    }
}
