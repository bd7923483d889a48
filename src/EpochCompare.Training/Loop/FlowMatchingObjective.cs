using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Training.Noise;
using EpochCompare.Training.Timesteps;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The rectified-flow loss as FLUX trainers compute it: x0 = encode(image), noise ~ N(0, 1) (plus the
/// optional offset/pyramid noise), sigma from the timestep sampler, x_t = (1 - sigma) x0 + sigma noise,
/// target = noise - x0, loss = mean((model(x_t, sigma) - target)^2) ("raw" prediction, l2).
/// </summary>
public sealed class FlowMatchingObjective(TrainingModel model, TimestepSampler timesteps, NoiseOptions noise, float guidance, ulong seed)
{
    private readonly Dictionary<string, TextConditioning> _frozenText = new(StringComparer.Ordinal);

    /// <summary>The loss tensor of one micro-batch (call Backward on it, scaled as the step needs).</summary>
    public Tensor Loss(MicroBatch batch, int width, int height)
    {
        int b = batch.Count;
        IImageAutoencoder ae = model.Autoencoder;
        int channels = ae.LatentChannels;
        int lh = height / ae.PixelsPerLatent, lw = width / ae.PixelsPerLatent;
        float[] x0 = ae.Encode(batch.Pixels, b, height, width);
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
            int start = i * channels * lh * lw, end = start + channels * lh * lw;
            for (int j = start; j < end; j++)
            {
                noisy[j] = (1f - s) * x0[j] + s * noiseValues[j];
                target[j] = noiseValues[j] - x0[j];
            }
        }
        var (th, tw) = LatentPacking.TokenGrid(lh, lw);
        int tokens = th * tw, tokenChannels = channels * 4;
        Tensor img = Tensor.Wrap(LatentPacking.Pack(noisy, b, channels, lh, lw), b, tokens, tokenChannels);
        Tensor targetTokens = Tensor.Wrap(LatentPacking.Pack(target, b, channels, lh, lw), b, tokens, tokenChannels);
        Tensor imgIds = Tensor.Wrap(LatentPacking.ImageIds(b, th, tw), b, tokens, 3);

        TextConditioning text = Encode(batch.Captions);
        int textTokens = text.Context.Size(1);
        Tensor txtIds = Tensor.Wrap(LatentPacking.TextIds(b, textTokens), b, textTokens, 3);
        float[]? guidanceValues = model.Params.GuidanceEmbed ? Enumerable.Repeat(guidance, b).ToArray() : null;
        Tensor prediction = model.Flux.Forward(new FluxInputs(img, imgIds, text.Context, txtIds, sigmas, text.Pooled, guidanceValues));
        return Ops.MseLoss(prediction, targetTokens);
    }

    private TextConditioning Encode(IReadOnlyList<string> captions)
    {
        if (model.TrainsText)
        {
            return model.Text.Encode(captions);
        }
        var parts = captions.Select(Frozen).ToArray();
        return parts.Length == 1
            ? parts[0]
            : new TextConditioning(Ops.Concat(parts.Select(p => p.Context).ToArray(), 0), Ops.Concat(parts.Select(p => p.Pooled).ToArray(), 0));
    }

    /// <summary>A frozen encoder gives the same conditioning every time: encode each caption once.</summary>
    private TextConditioning Frozen(string caption)
    {
        if (!_frozenText.TryGetValue(caption, out TextConditioning? cond))
        {
            using (new NoGrad())
            {
                cond = model.Text.Encode([caption]);
            }
            _frozenText[caption] = cond;
        }
        return cond;
    }
}
