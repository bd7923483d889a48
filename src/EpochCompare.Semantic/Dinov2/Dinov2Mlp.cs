using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>fc1, exact (erf) GELU, fc2 (<c>mlp</c>).</summary>
public sealed class Dinov2Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public Dinov2Mlp(int hidden, int intermediate, Device? device = null) : base(nameof(Dinov2Mlp))
    {
        fc1 = nn.Linear(hidden, intermediate, device: device);
        fc2 = nn.Linear(intermediate, hidden, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => fc2.forward(nn.functional.gelu(fc1.forward(x)));
}
