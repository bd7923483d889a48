using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// Text to image for one grid column: all seeds in one batch. Noise per seed (torch-exact), 2x2 packing,
/// the FLUX schedule, the Euler loop with the requested guidance, unpacking and decoding. The model, text
/// encoder and autoencoder are held, not owned, so a grid can merge a LoRA into the same base weights between
/// columns and call this again. Every call runs inside its own dispose scope and under no-grad.
/// </summary>
public sealed class FluxSampler(FluxTransformer model, ITextConditioner text, IImageAutoencoder autoencoder)
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
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Device device = model.parameters().First().device;

        Tensor img = InitialNoise.Tokens(request.Seeds, geometry, request.NoiseDType, device);
        using Tensor cpuIds = tensor(LatentPacking.ImageIds(batch, geometry.TokenHeight, geometry.TokenWidth), [batch, geometry.ImageTokens, 3]);
        Tensor imgIds = cpuIds.to(device);
        double[] schedule = FluxSchedule.Get(request.Steps, geometry.ImageTokens, request.Shift);

        TextConditioning cond = text.Encode([request.Prompt]).Repeat(batch);
        TextConditioning? uncond = request.Guidance.UsesCfg ? text.Encode([request.NegativePrompt]).Repeat(batch) : null;
        Tensor final = EulerDenoiser.Denoise(model, img, imgIds, cond, uncond, schedule, request.Guidance, onStep);

        float[] tokens = final.cpu().contiguous().data<float>().ToArray();
        float[] latent = LatentPacking.Unpack(tokens, batch, geometry.LatentChannels, geometry.LatentHeight, geometry.LatentWidth);
        float[] pixels = autoencoder.Decode(latent, batch, geometry.LatentHeight, geometry.LatentWidth);
        int imageSize = 3 * request.Width * request.Height;
        return Enumerable.Range(0, batch).Select(b => pixels.AsSpan(b * imageSize, imageSize).ToArray()).ToArray();
    }
}
