using EpochCompare.Training.Noise;

namespace EpochCompare.Training.Tests.Noise;

public class OffsetNoiseTests
{
    [Fact]
    public void OffsetAddsAConstantPerChannelWithVarianceOffsetSquared()
    {
        var shape = new NoiseShape(64, 16, 16, 16);
        var random = new SystemRandomSource(3);
        var noise = new float[shape.Count];
        random.FillNormal(noise);
        var before = (float[])noise.Clone();
        new OffsetNoise(0.1).Apply(noise, shape, random);

        // The change is the same value over a whole (sample, channel) plane.
        var shifts = new double[shape.Planes];
        for (int plane = 0; plane < shape.Planes; plane++)
        {
            int start = plane * shape.PlaneSize;
            double shift = noise[start] - before[start];
            for (int i = 1; i < shape.PlaneSize; i++)
            {
                Assert.Equal(shift, noise[start + i] - before[start + i], 1e-5);
            }
            shifts[plane] = shift;
        }
        // Those constants are N(0, 0.1^2): mean 0, std 0.1 (1024 planes: std of the estimate ~ 0.0022).
        double mean = shifts.Average();
        double std = Math.Sqrt(shifts.Select(s => (s - mean) * (s - mean)).Sum() / (shifts.Length - 1));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.093, 0.107);

        // So the whole noise has variance 1 + 0.1^2.
        double all = Math.Sqrt(noise.Select(v => (double)v * v).Average());
        Assert.InRange(all, Math.Sqrt(1.01) - 0.004, Math.Sqrt(1.01) + 0.004);
    }

    [Fact]
    public void RandomStrengthScalesTheOffsetDown()
    {
        var shape = new NoiseShape(1, 4, 2, 2);
        double full = 0, random = 0;
        for (int seed = 0; seed < 400; seed++)
        {
            var a = new float[shape.Count];
            new OffsetNoise(1.0).Apply(a, shape, new SystemRandomSource(seed));
            var b = new float[shape.Count];
            new OffsetNoise(1.0, RandomStrength: true).Apply(b, shape, new SystemRandomSource(seed));
            full += a.Select(v => (double)v * v).Average();
            random += b.Select(v => (double)v * v).Average();
        }
        // E[(U x)^2] = E[U^2] E[x^2] = 1/3 of the plain offset's.
        Assert.InRange(random / full, 0.25, 0.42);
    }
}
