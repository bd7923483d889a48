using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>T5's RMS norm: <c>weight * x / sqrt(mean(x^2) + eps)</c>, no mean, no bias; the variance in float32 whatever the model dtype (as HF).</summary>
public sealed class T5LayerNorm : nn.Module<Tensor, Tensor>
{
    // Named for the checkpoint key: TorchSharp registers Parameter fields by their name.
    private Parameter weight;
    private readonly double _eps;

    public T5LayerNorm(long width, double eps, Device? device = null, ScalarType? dtype = null)
        : base(nameof(T5LayerNorm))
    {
        _eps = eps;
        weight = new Parameter(torch.ones(width, dtype: dtype ?? ScalarType.Float32, device: device));
        RegisterComponents();
    }

    /// <summary>The learned scale; setting it re-registers it (loading replaces meta placeholders).</summary>
    public Parameter Weight
    {
        get => weight;
        set
        {
            weight = value;
            ConditionallyRegisterParameter(nameof(weight), value);
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor x32 = x.to_type(ScalarType.Float32);
        Tensor normed = x32 * torch.rsqrt(x32.pow(2).mean([-1], keepdim: true) + _eps);
        // HF casts back to the weight's dtype before scaling.
        return (weight * normed.to_type(weight.dtype)).MoveToOuterDisposeScope();
    }
}
