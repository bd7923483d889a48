using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>RMSNorm over the head dim with a learned <c>scale</c> (eps 1e-6).</summary>
public sealed class RmsNorm : Module
{
    public RmsNorm(string path, int dim)
        : base(path) => Scale = Parameter("scale", dim);

    public ParameterSlot Scale { get; }

    public Tensor Forward(Tensor x) => Ops.RmsNorm(x, Scale.Value);
}
