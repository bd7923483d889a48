using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>BFL's <c>QKNorm</c>: separate RMSNorms for queries and keys, both returned in v's dtype.</summary>
public sealed class QKNorm : nn.Module<Tensor, Tensor, Tensor, (Tensor Q, Tensor K)>
{
    private readonly RMSNorm query_norm;
    private readonly RMSNorm key_norm;

    public QKNorm(long dim, Device? device = null, ScalarType? dtype = null)
        : base(nameof(QKNorm))
    {
        query_norm = new RMSNorm(dim, device, dtype);
        key_norm = new RMSNorm(dim, device, dtype);
        RegisterComponents();
    }

    public override (Tensor Q, Tensor K) forward(Tensor q, Tensor k, Tensor v)
    {
        using var scope = NewDisposeScope();
        Tensor qn = query_norm.call(q).to_type(v.dtype), kn = key_norm.call(k).to_type(v.dtype);
        return (qn.MoveToOuterDisposeScope(), kn.MoveToOuterDisposeScope());
    }
}
