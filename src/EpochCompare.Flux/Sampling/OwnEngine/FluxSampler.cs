using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Sampling.OwnEngine;

/// <summary>
/// Text to image for one grid column: all seeds in one batch. Noise per seed (torch-exact), 2x2 packing,
/// the FLUX schedule, the Euler loop with the requested guidance, unpacking and decoding.
/// The model, text encoder and autoencoder are held, not owned, so a grid can swap a LoRA on the same
/// base weights between columns and call this again.
/// </summary>
public sealed class FluxSampler(IVelocityModel model, ITextConditioner text, IImageAutoencoder autoencoder)
{
    /// <summary>Decoded images, one [3, H, W] array in [-1, 1] per seed, in seed order.</summary>
    public IReadOnlyList<float[]> SampleColumn(SampleRequest request, Action<int, int>? onStep = null)
    {
        if (request.Seeds.Count == 0)
        {
            throw new ArgumentException("sample: no seeds given");
        }
        if (request.Steps < 1)
        {
            throw new ArgumentException($"sample: steps must be at least 1, got {request.Steps}");
        }
        SampleGeometry geometry = SampleGeometry.For(autoencoder, request.Width, request.Height);
        int batch = request.Seeds.Count;

        Tensor img = InitialTokens(request, geometry);
        Tensor imgIds = Tensor.Wrap(LatentPacking.ImageIds(batch, geometry.TokenHeight, geometry.TokenWidth),
            batch, geometry.ImageTokens, 3);
        double[] schedule = FluxSchedule.Get(request.Steps, geometry.ImageTokens, request.Shift);

        Tensor final;
        using (new NoGrad())
        {
            TextConditioning cond = Repeat(text.Encode([request.Prompt]), batch);
            TextConditioning? uncond = request.Guidance.UsesCfg ? Repeat(text.Encode([request.NegativePrompt]), batch) : null;
            final = EulerDenoiser.Denoise(model, img, imgIds, cond, uncond, schedule, request.Guidance, onStep);
        }

        float[] latent = LatentPacking.Unpack(final.Span, batch, geometry.LatentChannels, geometry.LatentHeight, geometry.LatentWidth);
        float[] pixels = autoencoder.Decode(latent, batch, geometry.LatentHeight, geometry.LatentWidth);
        int imageSize = 3 * request.Width * request.Height;
        return Enumerable.Range(0, batch).Select(b => pixels.AsSpan(b * imageSize, imageSize).ToArray()).ToArray();
    }

    /// <summary>Packed noise [B, L, C]: seed b's torch.randn(1, C, h, w), packed, at row b.</summary>
    public static Tensor InitialTokens(SampleRequest request, SampleGeometry geometry)
    {
        int batch = request.Seeds.Count;
        int perSeed = geometry.ImageTokens * geometry.TokenChannels;
        var tokens = new float[batch * perSeed];
        for (int b = 0; b < batch; b++)
        {
            float[] noise = TorchRandn.Sample(request.Seeds[b], geometry.NoiseShape, request.NoiseDType);
            float[] packed = LatentPacking.Pack(noise, 1, geometry.LatentChannels, geometry.LatentHeight, geometry.LatentWidth);
            packed.CopyTo(tokens, b * perSeed);
        }
        return Tensor.Wrap(tokens, batch, geometry.ImageTokens, geometry.TokenChannels);
    }

    private static TextConditioning Repeat(TextConditioning single, int batch) =>
        batch == 1
            ? single
            : new TextConditioning(
                Ops.Concat(Enumerable.Repeat(single.Context, batch).ToArray(), 0),
                Ops.Concat(Enumerable.Repeat(single.Pooled, batch).ToArray(), 0));
}
