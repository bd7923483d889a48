using EpochCompare.Tensors;

namespace EpochCompare.Flux.TextEncoding.OwnEngine;

/// <summary>
/// What the transformer reads from the prompt: <c>txt</c>, the context sequence [B, T, context_in]
/// (T5 last_hidden_state for FLUX.1), and <c>y</c>/<c>vec</c>, the pooled vector [B, vec_in] (CLIP-L pooled).
/// </summary>
public sealed record TextConditioning(Tensor Context, Tensor Pooled)
{
    public int Batch => Context.Size(0);

    public int Tokens => Context.Size(1);
}
