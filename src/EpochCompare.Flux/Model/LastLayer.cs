using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>final_layer: adaLN (shift first, then scale) and a Linear to the output channels.</summary>
public sealed class LastLayer : Module
{
    public LastLayer(string path, int hidden, int outChannels)
        : base(path)
    {
        // BFL's Sequential(SiLU, Linear): the Linear is element 1.
        AdaLnModulation = Child(new Linear(ChildPath("adaLN_modulation.1"), hidden, 2 * hidden));
        Linear = Child(new Linear(ChildPath("linear"), hidden, outChannels));
    }

    public Linear AdaLnModulation { get; }

    public Linear Linear { get; }

    public Tensor Forward(Tensor x, Tensor vec)
    {
        Tensor[] shiftScale = Ops.Chunk(AdaLnModulation.Forward(Ops.Silu(vec)), 2, -1);
        return Linear.Forward(Ops.LayerNormModulate(x, shiftScale[0], shiftScale[1]));
    }
}
