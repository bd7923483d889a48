using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>BFL's <c>attention</c>: RoPE on q and k, LibTorch's fused SDPA, heads merged back ("B H L D -> B L (H D)").</summary>
public static class Attention
{
    public static Tensor Forward(Tensor q, Tensor k, Tensor v, Tensor pe)
    {
        using var scope = NewDisposeScope();
        (Tensor qr, Tensor kr) = Rope.Apply(q, k, pe);
        Tensor x = nn.functional.scaled_dot_product_attention(qr, kr, v);
        long b = x.shape[0], h = x.shape[1], l = x.shape[2], d = x.shape[3];
        return x.transpose(1, 2).reshape(b, l, h * d).MoveToOuterDisposeScope();
    }

    /// <summary>"B L (K H D) -> K B H L D": the fused qkv projection split into per-head q, k, v.</summary>
    public static (Tensor Q, Tensor K, Tensor V) SplitHeads(Tensor qkv, int heads)
    {
        long b = qkv.shape[0], l = qkv.shape[1], d = qkv.shape[2] / (3 * heads);
        Tensor[] parts = qkv.view(b, l, 3, heads, d).permute(2, 0, 3, 1, 4).unbind(0);
        return (parts[0], parts[1], parts[2]);
    }
}
