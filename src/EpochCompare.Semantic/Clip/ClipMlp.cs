using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Clip;

/// <summary>CLIP's feed-forward (<c>mlp</c>): fc1, quick-GELU x·sigmoid(1.702x), fc2.</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public ClipMlp(int hidden, int intermediate, Device? device = null) : base(nameof(ClipMlp))
    {
        fc1 = nn.Linear(hidden, intermediate, device: device);
        fc2 = nn.Linear(intermediate, hidden, device: device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        Tensor h = fc1.forward(x);
        return fc2.forward(h * sigmoid(h * 1.702));
    }
}
