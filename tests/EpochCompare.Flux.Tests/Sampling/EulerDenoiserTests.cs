using EpochCompare.Flux.Sampling.OwnEngine;
using CheckpointColumnSampler = EpochCompare.Flux.Sampling.OwnEngine.CheckpointColumnSampler;
using EulerDenoiser = EpochCompare.Flux.Sampling.OwnEngine.EulerDenoiser;
using FluxSampler = EpochCompare.Flux.Sampling.OwnEngine.FluxSampler;
using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Tests.Sampling;

public class EulerDenoiserTests
{
    /// <summary>
    /// The exact rectified-flow velocity towards a target x0 = y[b, 0] (every value of sample b):
    /// v = (x - x0) / t. Euler on this field walks the straight line from the noise to x0, so the loop
    /// must end at x0 whatever the schedule.
    /// </summary>
    private sealed class StraightLineModel(bool guidanceEmbedded) : IVelocityModel
    {
        public List<float[]> Timesteps { get; } = [];
        public List<float[]?> Guidance { get; } = [];
        public List<int> Batches { get; } = [];

        public bool GuidanceEmbedded => guidanceEmbedded;

        public Tensor Forward(FluxInputs inputs)
        {
            (Tensor img, Tensor y, float[] timesteps) = (inputs.Img, inputs.Y, inputs.Timesteps);
            Timesteps.Add(timesteps);
            Guidance.Add(inputs.Guidance);
            Batches.Add(img.Size(0));
            int perSample = img.Size(1) * img.Size(2);
            var v = new float[img.Count];
            ReadOnlySpan<float> x = img.Span;
            for (int b = 0; b < img.Size(0); b++)
            {
                float target = y.Span[b * y.Size(1)];
                float t = timesteps[b];
                for (int i = b * perSample; i < (b + 1) * perSample; i++)
                {
                    v[i] = (x[i] - target) / t;
                }
            }
            return Tensor.Wrap(v, img.Shape.ToArray());
        }
    }

    private static TextConditioning Conditioning(params float[] targets) =>
        new(Tensor.Zeros(targets.Length, 3, 4), Tensor.FromArray(targets.SelectMany(t => new[] { t, 0f }).ToArray(), targets.Length, 2));

    private static Tensor Noise(int batch) =>
        Tensor.Wrap(TorchRandn.Sample(11, [batch, 4, 8], NoiseDType.Float32), batch, 4, 8);

    [Fact]
    public void EulerOnTheExactVelocityLandsOnTheTarget()
    {
        var model = new StraightLineModel(guidanceEmbedded: false);
        double[] schedule = FluxSchedule.Get(20, 256, shift: true);

        Tensor final = EulerDenoiser.Denoise(model, Noise(2), Tensor.Zeros(2, 4, 3), Conditioning(0.25f, -0.5f), null, schedule, GuidanceSettings.None);

        Assert.All(final.ToArray()[..32], v => Assert.Equal(0.25f, v, 1e-4f));
        Assert.All(final.ToArray()[32..], v => Assert.Equal(-0.5f, v, 1e-4f));
        Assert.Equal(20, model.Timesteps.Count);
        Assert.All(model.Guidance, g => Assert.Null(g));
    }

    [Fact]
    public void ModelSeesEachScheduleTimeAsFloatAndTheDistilledGuidance()
    {
        var model = new StraightLineModel(guidanceEmbedded: true);
        double[] schedule = FluxSchedule.Get(4, 16, shift: true);

        EulerDenoiser.Denoise(model, Noise(2), Tensor.Zeros(2, 4, 3), Conditioning(0f, 0f), null, schedule, new GuidanceSettings(3.5));

        for (int step = 0; step < 4; step++)
        {
            Assert.Equal([(float)schedule[step], (float)schedule[step]], model.Timesteps[step]);
            Assert.Equal([3.5f, 3.5f], model.Guidance[step]!);
        }
    }

    [Fact]
    public void TrueCfgExtrapolatesFromUncondTowardsCondInOneDoubleBatch()
    {
        // Velocities are linear in the target, so CFG walks to uncond + scale * (cond - uncond).
        var model = new StraightLineModel(guidanceEmbedded: false);
        double[] schedule = FluxSchedule.Get(8, 64, shift: false);

        Tensor final = EulerDenoiser.Denoise(model, Noise(1), Tensor.Zeros(1, 4, 3),
            Conditioning(0.5f), Conditioning(0.1f), schedule, new GuidanceSettings(CfgScale: 3.0));

        Assert.All(final.ToArray(), v => Assert.Equal(0.1f + 3f * (0.5f - 0.1f), v, 1e-4f));
        Assert.All(model.Batches, b => Assert.Equal(2, b));
    }

    [Fact]
    public void CfgWithoutUnconditionalPromptIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => EulerDenoiser.Denoise(new StraightLineModel(false), Noise(1),
            Tensor.Zeros(1, 4, 3), Conditioning(0f), null, [1.0, 0.0], new GuidanceSettings(CfgScale: 2.0)));
        Assert.Contains("unconditional", ex.Message);
    }
}
