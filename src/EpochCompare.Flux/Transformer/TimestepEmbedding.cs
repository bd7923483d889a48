using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// BFL's <c>timestep_embedding</c>: sinusoidal features [cos | sin] of 1000 * t, computed in float32 with the
/// reference's op order (so it rounds as PyTorch does), then cast to the model's dtype.
/// </summary>
public static class TimestepEmbedding
{
    public const int Features = 256;
    private const double TimeFactor = 1000.0;
    private const double MaxPeriod = 10_000.0;

    public static Tensor Embed(Tensor t, int dim, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using Scalar timeFactor = TimeFactor.ToScalar(); // held for the op (see KeptScalars)
        Tensor scaled = t.to_type(ScalarType.Float32).mul(timeFactor);
        int half = dim / 2;
        using Scalar logPeriod = (-Math.Log(MaxPeriod)).ToScalar(), halfDim = ((double)half).ToScalar();
        Tensor freqs = torch.arange(0, half, dtype: ScalarType.Float32, device: t.device).mul(logPeriod).div(halfDim).exp();
        Tensor args = scaled.unsqueeze(1) * freqs.unsqueeze(0);
        Tensor embedding = torch.cat([args.cos(), args.sin()], -1);
        if (dim % 2 == 1)
        {
            embedding = torch.cat([embedding, torch.zeros_like(embedding[.., ..1])], -1);
        }
        return embedding.to_type(dtype).MoveToOuterDisposeScope();
    }
}
