using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// BFL's <c>RMSNorm</c> (LibTorch 2.10 via TorchSharp 0.107 has none): normalised in float32, eps 1e-6, back to
/// the input dtype, times the learned <c>scale</c>.
/// </summary>
public sealed class RMSNorm : nn.Module<Tensor, Tensor>
{
    private Parameter scale;

    public RMSNorm(long dim, Device? device = null, ScalarType? dtype = null)
        : base(nameof(RMSNorm))
    {
        scale = new Parameter(torch.ones(dim, dtype: dtype, device: device));
        RegisterComponents();
    }

    /// <summary>The learned scale; setting it re-registers it (weight loading replaces meta parameters).</summary>
    public Parameter Scale
    {
        get => scale;
        set
        {
            scale = value;
            ConditionallyRegisterParameter(nameof(scale), value);
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return (Normalize(x, KeptScalars.NormEps, x.dtype) * scale).MoveToOuterDisposeScope();
    }

    /// <summary><c>x / sqrt(mean(x^2) + eps)</c> over the last axis, computed in float32 and returned in <paramref name="dtype"/>
    /// (BFL's and T5's norms differ only in the scale's name and where it is cast).</summary>
    public static Tensor Normalize(Tensor x, Scalar eps, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        Tensor x32 = x.to_type(ScalarType.Float32);
        Tensor rrms = torch.rsqrt(x32.pow(KeptScalars.Two).mean([-1], keepdim: true).add(eps));
        return (x32 * rrms).to_type(dtype).MoveToOuterDisposeScope();
    }
}
