using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>FLUX's attention(q, k, v, pe): RoPE on q and k, SDPA, heads merged back to [B, L, H*D].</summary>
public static class RopeAttention
{
    public static Tensor Forward(Tensor q, Tensor k, Tensor v, Tensor pe) =>
        Ops.MergeHeads(Ops.Attention(Ops.ApplyRope(q, pe), Ops.ApplyRope(k, pe), v));
}
