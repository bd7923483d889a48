using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>BFL's <c>rope</c> and <c>apply_rope</c> (flux/math.py): rotation matrices per position and frequency pair.</summary>
public static class Rope
{
    /// <summary>pos [..., n] to [..., n, dim/2, 2, 2] rotations [[cos, -sin], [sin, cos]]; angles in float64, result float32.</summary>
    public static Tensor Embed(Tensor pos, int dim, double theta)
    {
        using var scope = NewDisposeScope();
        using Scalar dimension = ((double)dim).ToScalar(), thetaValue = theta.ToScalar(); // held for the ops (see KeptScalars)
        Tensor scale = arange(0, dim, 2, dtype: ScalarType.Float64, device: pos.device).div(dimension);
        Tensor omega = full_like(scale, thetaValue).pow(scale).reciprocal();
        Tensor angles = pos.to_type(ScalarType.Float64).unsqueeze(-1) * omega;
        Tensor cos = angles.cos(), sin = angles.sin();
        Tensor rotations = stack([cos, -sin, sin, cos], -1);
        long[] shape = [.. rotations.shape[..^1], 2, 2];
        return rotations.view(shape).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Rotates query and key pairs in float32 and returns them in their own dtype.</summary>
    public static (Tensor Q, Tensor K) Apply(Tensor xq, Tensor xk, Tensor freqs)
    {
        using var scope = NewDisposeScope();
        Tensor q = Rotate(xq, freqs), k = Rotate(xk, freqs);
        return (q.MoveToOuterDisposeScope(), k.MoveToOuterDisposeScope());
    }

    private static Tensor Rotate(Tensor x, Tensor freqs)
    {
        long[] pairs = [.. x.shape[..^1], -1, 1, 2];
        Tensor x2 = x.to_type(ScalarType.Float32).reshape(pairs);
        Tensor rotated = (freqs[TensorIndex.Ellipsis, 0] * x2[TensorIndex.Ellipsis, 0]).Plus(freqs[TensorIndex.Ellipsis, 1] * x2[TensorIndex.Ellipsis, 1]);
        return rotated.reshape(x.shape).to_type(x.dtype);
    }
}
