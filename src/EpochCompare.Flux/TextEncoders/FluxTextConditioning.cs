using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders;

/// <summary>One prompt's conditioning for the FLUX transformer: <see cref="Txt"/> (1, T, T5 width; T5's last hidden state) and <see cref="Vec"/> (1, CLIP width; CLIP's pooled output).</summary>
public sealed class FluxTextConditioning(Tensor txt, Tensor vec) : IDisposable
{
    public Tensor Txt { get; } = txt;

    public Tensor Vec { get; } = vec;

    public void Dispose()
    {
        Txt.Dispose();
        Vec.Dispose();
    }
}
