using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary><see cref="LastHiddenState"/> (after the final norm: FLUX's <c>txt</c>) and, when asked, each block's output before it.</summary>
public sealed class T5EncoderOutput(Tensor lastHiddenState, IReadOnlyList<Tensor> blockOutputs) : IDisposable
{
    public Tensor LastHiddenState { get; } = lastHiddenState;

    public IReadOnlyList<Tensor> BlockOutputs { get; } = blockOutputs;

    public void Dispose()
    {
        LastHiddenState.Dispose();
        foreach (Tensor output in BlockOutputs)
        {
            output.Dispose();
        }
    }
}
