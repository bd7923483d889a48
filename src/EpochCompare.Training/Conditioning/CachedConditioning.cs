using EpochCompare.Flux.TextEncoders;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Training.Loop;

namespace EpochCompare.Training.Conditioning;

/// <summary>
/// The real FLUX.1 path's inputs, computed before the transformer loaded and looked up each step: one latent
/// per (image, mirrored) and one T5 + CLIP encoding per distinct caption. The encoders are gone by then, so a
/// missing entry is a programming error, never a silent re-encode.
/// </summary>
public sealed class CachedConditioning(IReadOnlyDictionary<(int Image, bool Flipped), float[]> latents, EncodedPrompts captions,
    int latentChannels, int pixelsPerLatent) : ITrainingConditioning
{
    public int LatentChannels => latentChannels;

    public int PixelsPerLatent => pixelsPerLatent;

    /// <summary>How many latents and caption encodings are held (each computed once).</summary>
    public int LatentCount => latents.Count;

    public EncodedPrompts Captions => captions;

    /// <summary>The cached (1, C, h, w) latent of one dataset image, as the autoencoder produced it.</summary>
    public float[] LatentOf(int image, bool flipped) =>
        latents.TryGetValue((image, flipped), out float[]? latent)
            ? latent
            : throw new InvalidOperationException($"no cached latent for image {image}{(flipped ? " (mirrored)" : "")}.");

    public float[] Latents(MicroBatch batch, int width, int height)
    {
        int perSample = latentChannels * (height / pixelsPerLatent) * (width / pixelsPerLatent);
        var x0 = new float[batch.Count * perSample];
        for (int i = 0; i < batch.Count; i++)
        {
            LatentOf(batch.Images[i], batch.Flipped[i]).CopyTo(x0.AsSpan(i * perSample, perSample));
        }
        return x0;
    }

    public TextConditioning Text(IReadOnlyList<string> captionsOfBatch) => captions.Encode(captionsOfBatch);

    public void Dispose() => captions.Dispose();
}
