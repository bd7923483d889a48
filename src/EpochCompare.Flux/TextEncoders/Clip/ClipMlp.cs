using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary><c>mlp.fc2(act(mlp.fc1(x)))</c>.</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    // Held for the process: a temporary Scalar finalized mid-op can crash LibTorch.
    private static readonly Scalar QuickGeluSlope = 1.702;

    [ComponentName(Name = "fc1")]
    private readonly Linear _fc1;
    [ComponentName(Name = "fc2")]
    private readonly Linear _fc2;
    private readonly ClipActivation _activation;

    public ClipMlp(int width, int intermediate, ClipActivation activation, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ClipMlp))
    {
        _activation = activation;
        _fc1 = nn.Linear(width, intermediate, device: device, dtype: dtype);
        _fc2 = nn.Linear(intermediate, width, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor hidden = _fc1.call(x);
        Tensor activated = _activation == ClipActivation.QuickGelu
            ? hidden * torch.sigmoid(hidden * QuickGeluSlope)
            : nn.functional.gelu(hidden);
        return _fc2.call(activated).MoveToOuterDisposeScope();
    }
}
