using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.Clip;

/// <summary><c>mlp.fc2(act(mlp.fc1(x)))</c>.</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    private const double QuickGeluSlope = 1.702;

    [ComponentName(Name = "fc1")]

    private readonly Linear _fc1;
    [ComponentName(Name = "fc2")]
    private readonly Linear _fc2;
    private readonly ClipActivation _activation;

    public ClipMlp(ClipTextConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(ClipMlp))
    {
        _activation = config.Activation;
        _fc1 = nn.Linear(config.HiddenSize, config.IntermediateSize, device: device, dtype: dtype);
        _fc2 = nn.Linear(config.IntermediateSize, config.HiddenSize, device: device, dtype: dtype);
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
