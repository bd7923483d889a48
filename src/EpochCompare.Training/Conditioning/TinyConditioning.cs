using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Training.Loop;
using static TorchSharp.torch;

namespace EpochCompare.Training.Conditioning;

/// <summary>
/// flux-tiny's inputs: the pixel-unshuffle autoencoder runs per batch (it is a reshape), the tiny text encoder
/// runs live in full mode (it trains) and once per caption otherwise (frozen: the same output every time).
/// </summary>
public sealed class TinyConditioning(TrainingModel model) : ITrainingConditioning
{
    private readonly Dictionary<string, TextConditioning> _frozenText = new(StringComparer.Ordinal);
    private readonly IImageAutoencoder _autoencoder = TrainingModel.CreateAutoencoder();

    public int LatentChannels => _autoencoder.LatentChannels;

    public int PixelsPerLatent => _autoencoder.PixelsPerLatent;

    public float[] Latents(MicroBatch batch, int width, int height) => _autoencoder.Encode(batch.Pixels, batch.Count, height, width);

    public TextConditioning Text(IReadOnlyList<string> captions)
    {
        if (model.TrainsText)
        {
            return model.Text.Encode(captions);
        }
        TextConditioning[] parts = captions.Select(Frozen).ToArray();
        // New tensors (cat, or a view for one caption) so the step's scope never frees the cached ones.
        return new TextConditioning(cat(parts.Select(p => p.Context).ToArray(), 0), cat(parts.Select(p => p.Pooled).ToArray(), 0));
    }

    private TextConditioning Frozen(string caption)
    {
        if (!_frozenText.TryGetValue(caption, out TextConditioning? cond))
        {
            using (no_grad())
            {
                TextConditioning encoded = model.Text.Encode([caption]);
                cond = new TextConditioning(encoded.Context.DetachFromDisposeScope(), encoded.Pooled.DetachFromDisposeScope());
            }
            _frozenText[caption] = cond;
        }
        return cond;
    }

    public void Dispose()
    {
        foreach (TextConditioning cond in _frozenText.Values)
        {
            cond.Context.Dispose();
            cond.Pooled.Dispose();
        }
        _frozenText.Clear();
    }
}
