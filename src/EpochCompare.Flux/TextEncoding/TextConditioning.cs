using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoding;

/// <summary>
/// What the transformer reads from the prompt: <c>txt</c>, the context sequence [B, T, context_in]
/// (T5 last_hidden_state for FLUX.1), and <c>y</c>/<c>vec</c>, the pooled vector [B, vec_in] (CLIP-L pooled).
/// </summary>
public sealed record TextConditioning(Tensor Context, Tensor Pooled)
{
    public long Batch => Context.shape[0];

    public long Tokens => Context.shape[1];

    /// <summary>Each row repeated <paramref name="times"/> (one prompt for a column of seeds).</summary>
    public TextConditioning Repeat(int times) =>
        times == 1 ? this : new TextConditioning(Context.repeat(times, 1, 1), Pooled.repeat(times, 1));
}
