using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>in_layer -> SiLU -> out_layer; embeds timesteps, guidance and the pooled text vector.</summary>
public sealed class MlpEmbedder : Module
{
    public MlpEmbedder(string path, int inDim, int hiddenDim)
        : base(path)
    {
        InLayer = Child(new Linear(ChildPath("in_layer"), inDim, hiddenDim));
        OutLayer = Child(new Linear(ChildPath("out_layer"), hiddenDim, hiddenDim));
    }

    public Linear InLayer { get; }

    public Linear OutLayer { get; }

    public Tensor Forward(Tensor x) => OutLayer.Forward(Ops.Silu(InLayer.Forward(x)));
}
