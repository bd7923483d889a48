using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>BFL's <c>SelfAttention</c> parameters: the fused qkv projection, the q/k norm and the output projection (the blocks run the attention).</summary>
public sealed class SelfAttention : nn.Module
{
    private readonly Linear qkv;
    private readonly QKNorm norm;
    private readonly Linear proj;

    public SelfAttention(long dim, int numHeads, bool qkvBias, Device? device = null, ScalarType? dtype = null)
        : base(nameof(SelfAttention))
    {
        NumHeads = numHeads;
        qkv = nn.Linear(dim, dim * 3, hasBias: qkvBias, device: device, dtype: dtype);
        norm = new QKNorm(dim / numHeads, device, dtype);
        proj = nn.Linear(dim, dim, hasBias: true, device: device, dtype: dtype);
        RegisterComponents();
    }

    public int NumHeads { get; }

    public Linear Qkv => qkv;

    public QKNorm Norm => norm;

    public Linear Proj => proj;

    /// <summary>q, k (normalised) and v per head, [B, H, L, D], from the already modulated stream.</summary>
    public (Tensor Q, Tensor K, Tensor V) Project(Tensor modulated)
    {
        using var scope = NewDisposeScope();
        (Tensor q, Tensor k, Tensor v) = Attention.SplitHeads(qkv.call(modulated), NumHeads);
        (q, k) = norm.call(q, k, v);
        return (q.MoveToOuterDisposeScope(), k.MoveToOuterDisposeScope(), v.MoveToOuterDisposeScope());
    }
}
