using EpochCompare.Training.Noise;
using EpochCompare.Training.Timesteps;

namespace EpochCompare.Training.Tests.Timesteps;

public class TimestepSamplerTests
{
    private const int Count = 40000;

    private static float[] Draw(TimestepSampler sampler, int latentSize = 128) =>
        sampler.Sample(Count, latentSize, latentSize, new SystemRandomSource(7));

    [Fact]
    public void UniformHasMeanHalfAndVarianceOneTwelfth()
    {
        float[] t = Draw(new TimestepSampler { Mode = TimestepSamplingMode.Uniform });
        Assert.All(t, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(0.5, t.Average(), 2);
        Assert.Equal(1.0 / 12, t.Select(v => (v - 0.5) * (v - 0.5)).Average(), 2);
    }

    [Fact]
    public void SigmoidIsLogitNormalWithTheGivenScale()
    {
        float[] t = Draw(new TimestepSampler { Mode = TimestepSamplingMode.Sigmoid, SigmoidScale = 2.0 });
        double[] logits = t.Select(v => Math.Log(v / (1.0 - v))).ToArray();
        double mean = logits.Average();
        double std = Math.Sqrt(logits.Select(l => (l - mean) * (l - mean)).Average());
        Assert.Equal(0.0, mean, 1);
        Assert.Equal(2.0, std, 1);
    }

    [Fact]
    public void ShiftMovesTheMedianFromHalfToShiftOverOnePlusShift()
    {
        // The logit-normal median is 0.5; S*0.5/(1+(S-1)*0.5) = S/(S+1).
        float[] t = Draw(new TimestepSampler { Mode = TimestepSamplingMode.Shift, DiscreteFlowShift = 3.0 });
        Array.Sort(t);
        Assert.Equal(0.75, t[Count / 2], 2);
    }

    [Fact]
    public void FluxShiftAt1024SquaredEqualsDiscreteShiftOf3Point1582()
    {
        // flux-spec 5.1: a 1024^2 image has a 128x128 latent, 4096 tokens, mu = 1.15 and e^1.15 = 3.1582.
        Assert.Equal(1.15, FluxShift.Mu(4096), 12);
        Assert.Equal(0.5, FluxShift.Mu(256), 12);
        Assert.Equal(0.63, FluxShift.Mu(1024), 2);
        for (double u = 0.05; u < 1; u += 0.1)
        {
            Assert.Equal(TimestepSampler.DiscreteShift(u, Math.Exp(1.15)), FluxShift.TimeShift(1.15, u), 12);
        }
        float[] flux = Draw(new TimestepSampler { Mode = TimestepSamplingMode.FluxShift }, latentSize: 128);
        float[] shift = Draw(new TimestepSampler { Mode = TimestepSamplingMode.Shift, DiscreteFlowShift = 3.158192909689768 });
        for (int i = 0; i < Count; i++)
        {
            Assert.Equal(shift[i], flux[i], 5);
        }
    }

    [Fact]
    public void FluxShiftDependsOnResolution()
    {
        double Median(int latent)
        {
            float[] t = Draw(new TimestepSampler { Mode = TimestepSamplingMode.FluxShift }, latent);
            Array.Sort(t);
            return t[Count / 2];
        }
        double small = Median(32);
        double large = Median(128);
        Assert.True(large > small, $"larger images should be noisier: {large} vs {small}");
        // The median u = 0.5 maps to e^mu / (1 + e^mu).
        double expected = Math.Exp(FluxShift.Mu(16 * 16)) / (1 + Math.Exp(FluxShift.Mu(16 * 16)));
        Assert.Equal(expected, small, 2);
    }

    [Fact]
    public void ShiftKeepsTheEndpoints()
    {
        Assert.Equal(0.0, TimestepSampler.DiscreteShift(0, 3.0));
        Assert.Equal(1.0, TimestepSampler.DiscreteShift(1, 3.0), 15);
        Assert.Equal(1.0, FluxShift.TimeShift(0.9, 1.0), 15);
    }

    /// <summary>Hands out the given normals (sd-scripts' torch.randn draws), so each sigma can be checked by hand.</summary>
    private sealed class FixedNormals(params float[] normals) : IRandomSource
    {
        public void FillNormal(Span<float> destination) => normals.AsSpan(0, destination.Length).CopyTo(destination);

        public void FillUniform(Span<float> destination) => throw new InvalidOperationException("shift draws normals only");

        public double NextDouble() => throw new InvalidOperationException("shift draws normals only");
    }

    [Fact]
    public void KohyaFluxShiftMatchesTheFormulaOnHandComputedValues()
    {
        // sd-scripts' shift: u = sigmoid(sigmoid_scale * n), sigma = S u / (1 + (S - 1) u), S = 3.1582.
        // n = 0: u = 0.5, sigma = 1.5791 / 2.0791 = 0.759511327; n = 1: u = 0.731058579, sigma = 0.895668987;
        // n = -2: u = 0.119202922, sigma = 0.299433328.
        var sampler = new TimestepSampler { Mode = TimestepSamplingMode.Shift, DiscreteFlowShift = 3.1582, SigmoidScale = 1.0 };
        float[] sigmas = sampler.Sample(3, 128, 128, new FixedNormals(0f, 1f, -2f));
        Assert.Equal(0.759511327, sigmas[0], 6);
        Assert.Equal(0.895668987, sigmas[1], 6);
        Assert.Equal(0.299433328, sigmas[2], 6);

        // The sigmoid scale multiplies the normal first: n = -1 at scale 2 is n = -2 at scale 1.
        float[] scaled = (sampler with { SigmoidScale = 2.0 }).Sample(1, 128, 128, new FixedNormals(-1f));
        Assert.Equal(0.299433328, scaled[0], 6);
    }
}
