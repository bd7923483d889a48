using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>The blocks' parameter-free LayerNorm (elementwise_affine=False, eps 1e-6); LibTorch accumulates in float32.</summary>
public static class LayerNorms
{
    public static Tensor Plain(Tensor x) => nn.functional.layer_norm(x, [x.shape[^1]], eps: 1e-6);
}
