using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>
/// T5's bidirectional relative-position buckets: half the buckets per direction, the first half of
/// those exact distances, the rest log-spaced up to the max distance (computed in float32, as HF does).
/// </summary>
public static class T5RelativePosition
{
    /// <summary>The bucket of each relative position (memory - query), same shape as <paramref name="relative"/> (int64).</summary>
    public static Tensor Bucket(Tensor relative, int buckets, int maxDistance)
    {
        using var scope = torch.NewDisposeScope();
        int half = buckets / 2;
        int maxExact = half / 2;
        Tensor offset = relative.gt(0).to_type(ScalarType.Int64) * half;
        Tensor distance = relative.abs();
        Tensor isSmall = distance.lt(maxExact);
        Tensor logBucket = maxExact + (torch.log(distance.to_type(ScalarType.Float32) / maxExact)
            / Math.Log((double)maxDistance / maxExact) * (half - maxExact)).to_type(ScalarType.Int64);
        logBucket = torch.minimum(logBucket, torch.full_like(logBucket, half - 1));
        return (offset + torch.where(isSmall, distance, logBucket)).MoveToOuterDisposeScope();
    }

    /// <summary>(queries, keys) buckets for a sequence of <paramref name="length"/> tokens.</summary>
    public static Tensor Buckets(long length, int buckets, int maxDistance, Device? device = null)
    {
        using var scope = torch.NewDisposeScope();
        Tensor positions = torch.arange(length, dtype: ScalarType.Int64, device: device);
        Tensor relative = positions.unsqueeze(0) - positions.unsqueeze(1);
        return Bucket(relative, buckets, maxDistance).MoveToOuterDisposeScope();
    }
}
