using EpochCompare.Flux.Sampling;
using EpochCompare.Training.Conditioning;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;
using EpochCompare.Training.Noise;
using EpochCompare.Training.Timesteps;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The rectified-flow loss as FLUX trainers compute it: x0 = encode(image), noise ~ N(0, 1) (plus the
/// optional offset/pyramid noise), sigma from the timestep sampler, x_t = (1 - sigma) x0 + sigma noise,
/// target = noise - x0, loss = mean((model(x_t, sigma) - target)^2) in float32 ("raw" prediction, l2).
/// Noise and timesteps are drawn on the CPU from streams keyed by (seed, sample position), so a batch's draws do not
/// depend on the batch size, the device or how many steps ran before: what makes resume exact.
/// </summary>
public sealed class FlowMatchingObjective(TrainingModel model, TimestepSampler timesteps, NoiseOptions noise, float guidance, ulong seed)
{
    /// <summary>The loss (a float32 scalar) of one micro-batch; call backward on it, scaled as the step needs.</summary>
    public Tensor Loss(MicroBatch batch, int width, int height)
    {
        int b = batch.Count;
        ITrainingConditioning inputs = model.Conditioning;
        int channels = inputs.LatentChannels;
        int lh = height / inputs.PixelsPerLatent, lw = width / inputs.PixelsPerLatent;
        float[] x0 = inputs.Latents(batch, width, height);
        var shape = new NoiseShape(b, channels, lh, lw);

        // Noise and sigma per sample position; the batch-level noise options draw from the batch's first position.
        var noiseValues = new float[shape.Count];
        var sigmas = new float[b];
        int perSample = channels * lh * lw;
        for (int i = 0; i < b; i++)
        {
            long position = batch.Range.Start + i;
            RandomStreams.Create(seed, RandomStreams.Purpose.Noise, position).FillNormal(noiseValues.AsSpan(i * perSample, perSample));
            sigmas[i] = timesteps.Sample(1, lh, lw, RandomStreams.Create(seed, RandomStreams.Purpose.Timesteps, position))[0];
        }
        if (!noise.IsPlain)
        {
            noise.Apply(noiseValues, shape, RandomStreams.Create(seed, RandomStreams.Purpose.BatchNoise, batch.Range.Start));
        }

        var noisy = new float[shape.Count];
        var target = new float[shape.Count];
        for (int i = 0; i < b; i++)
        {
            float s = sigmas[i];
            for (int j = i * perSample, end = j + perSample; j < end; j++)
            {
                noisy[j] = (1f - s) * x0[j] + s * noiseValues[j];
                target[j] = noiseValues[j] - x0[j];
            }
        }
        Device device = model.Device;
        var (th, tw) = LatentPacking.TokenGrid(lh, lw);
        long tokens = th * tw, tokenChannels = channels * 4;
        Tensor img = tensor(LatentPacking.Pack(noisy, b, channels, lh, lw), [b, tokens, tokenChannels], device: device);
        Tensor targetTokens = tensor(LatentPacking.Pack(target, b, channels, lh, lw), [b, tokens, tokenChannels], device: device);
        Tensor imgIds = tensor(LatentPacking.ImageIds(b, th, tw), [b, tokens, 3], device: device);

        TextConditioning text = inputs.Text(batch.Captions);
        Tensor txtIds = zeros([b, text.Tokens, 3], device: device);
        Tensor sigma = tensor(sigmas, device: device);
        Tensor? guidanceVector = model.Params.GuidanceEmbed ? full([b], guidance, ScalarType.Float32, device) : null;
        Tensor prediction = model.Flux.call(new FluxInput(img, imgIds, text.Context, txtIds, sigma, text.Pooled, guidanceVector));
        return nn.functional.mse_loss(prediction.to_type(ScalarType.Float32), targetTokens);
    }
}
