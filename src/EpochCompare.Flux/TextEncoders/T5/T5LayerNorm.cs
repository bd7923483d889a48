using EpochCompare.Flux.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>T5's RMS norm: <c>weight * x / sqrt(mean(x^2) + eps)</c>, no mean, no bias; the variance in float32 whatever the model dtype (as HF).
/// The math is <see cref="Transformer.RMSNorm.Normalize"/>; the scale is named <c>weight</c> as in T5 checkpoints.</summary>
public sealed class T5LayerNorm : nn.Module<Tensor, Tensor>
{
    // Named for the checkpoint key: TorchSharp registers Parameter fields by their name.
    private Parameter weight;
    private readonly Scalar _eps; // held for the model's life: a temporary Scalar can be finalized mid-op

    public T5LayerNorm(long width, double eps, Device? device = null, ScalarType? dtype = null)
        : base(nameof(T5LayerNorm))
    {
        _eps = eps.ToScalar();
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
        // HF casts back to the weight's dtype before scaling.
        return (weight * RMSNorm.Normalize(x, _eps, weight.dtype)).MoveToOuterDisposeScope();
    }
}
