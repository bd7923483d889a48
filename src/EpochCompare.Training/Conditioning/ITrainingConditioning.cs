using EpochCompare.Flux.TextEncoding;
using EpochCompare.Training.Loop;

namespace EpochCompare.Training.Conditioning;

/// <summary>
/// What the objective needs besides the transformer: the clean latents x0 of a micro-batch and its captions'
/// conditioning. flux-tiny computes both live; the real FLUX.1 path looks both up in caches filled before the
/// transformer loaded (kohya's <c>cache_latents</c> and <c>cache_text_encoder_outputs</c>).
/// </summary>
public interface ITrainingConditioning : IDisposable
{
    int LatentChannels { get; }

    int PixelsPerLatent { get; }

    /// <summary>x0 as float32 (B, C, H / f, W / f).</summary>
    float[] Latents(MicroBatch batch, int width, int height);

    /// <summary>Context (B, T, D) and pooled (B, P) on the model's device; new tensors the caller's scope may free.</summary>
    TextConditioning Text(IReadOnlyList<string> captions);
}
