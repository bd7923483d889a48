using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary>
/// What the CLIP text model gives: <see cref="LastHiddenState"/> (after the final norm), <see cref="Pooled"/>
/// (that state at the EOS position: FLUX's <c>vec</c>) and, when asked, every layer's output
/// (<c>HiddenStates[0]</c> = embeddings, <c>[i+1]</c> = layer i; HF <c>output_hidden_states</c>).
/// </summary>
public sealed class ClipTextOutput(Tensor lastHiddenState, Tensor pooled, IReadOnlyList<Tensor> hiddenStates) : IDisposable
{
    public Tensor LastHiddenState { get; } = lastHiddenState;

    public Tensor Pooled { get; } = pooled;

    public IReadOnlyList<Tensor> HiddenStates { get; } = hiddenStates;

    public void Dispose()
    {
        LastHiddenState.Dispose();
        Pooled.Dispose();
        foreach (Tensor state in HiddenStates)
        {
            state.Dispose();
        }
    }
}
