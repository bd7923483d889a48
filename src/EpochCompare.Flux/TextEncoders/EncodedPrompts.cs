using EpochCompare.Flux.TextEncoding;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders;

/// <summary>
/// The sampler's text boundary for FLUX.1 once the encoders are gone: every prompt of the run encoded up front by
/// <see cref="FluxPromptEncoder.EncodeAll"/> (T5-XXL and CLIP-L freed before the transformer loads), looked up here.
/// A prompt that was not encoded is a programming error, not a silent re-encode.
/// </summary>
public sealed class EncodedPrompts(IReadOnlyDictionary<string, FluxTextConditioning> encodings) : ITextConditioner, IDisposable
{
    public int ContextDim => (int)encodings.Values.First().Txt.shape[2];

    public int PooledDim => (int)encodings.Values.First().Vec.shape[1];

    public TextConditioning Encode(IReadOnlyList<string> prompts)
    {
        FluxTextConditioning[] found = prompts
            .Select(p => encodings.TryGetValue(p, out FluxTextConditioning? e) ? e : throw new InvalidOperationException($"prompt was not encoded before the text encoders were freed: '{p}'"))
            .ToArray();
        // New tensors (cat of views): the caller's dispose scope may free them, never the cached encodings.
        return new TextConditioning(cat(found.Select(f => f.Txt).ToArray(), 0), cat(found.Select(f => f.Vec).ToArray(), 0));
    }

    public void Dispose()
    {
        foreach (FluxTextConditioning encoding in encodings.Values)
        {
            encoding.Dispose();
        }
    }
}
