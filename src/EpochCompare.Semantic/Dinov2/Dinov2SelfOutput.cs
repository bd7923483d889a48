using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>The attention's output projection (<c>attention.output.dense</c>).</summary>
public sealed class Dinov2SelfOutput : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public Dinov2SelfOutput(int hidden, Device? device = null) : base(nameof(Dinov2SelfOutput))
    {
        dense = nn.Linear(hidden, hidden, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => dense.forward(x);
}
