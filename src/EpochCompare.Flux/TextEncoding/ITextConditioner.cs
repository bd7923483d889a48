namespace EpochCompare.Flux.TextEncoding;

/// <summary>
/// The text-conditioning boundary: prompts in, <see cref="TextConditioning"/> out. FLUX.1 fills it with
/// T5-XXL (context) and CLIP-L (pooled); flux-tiny with its own <see cref="TinyTextEncoder"/>.
/// The empty prompt is the unconditional input of classifier-free guidance.
/// </summary>
public interface ITextConditioner
{
    int ContextDim { get; }

    int PooledDim { get; }

    /// <summary>One row per prompt, in order, on the encoder's device. Records a graph only when gradients are enabled.</summary>
    TextConditioning Encode(IReadOnlyList<string> prompts);
}
