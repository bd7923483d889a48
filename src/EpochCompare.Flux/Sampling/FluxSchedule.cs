using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// The FLUX timestep schedule, <c>get_schedule(num_steps, image_seq_len, base_shift, max_shift, shift)</c>
/// from BFL <c>sampling.py</c>: linspace(1, 0, steps + 1), optionally warped by
/// time_shift(mu, 1, t) = e^mu / (e^mu + (1/t - 1)) with mu linear in the image token count
/// (base_shift at 256 tokens, max_shift at 4096).
/// </summary>
/// <remarks>
/// Computed as the reference computes it, with LibTorch's float32 kernels in the reference's op order, so the
/// values equal its <c>.tolist()</c> bit for bit: mu and e^mu are Python doubles; <c>1 / t</c> and <c>e^mu / x</c>
/// are torch's <c>__rtruediv__</c>, i.e. reciprocal(x) * scalar; <c>** 1.0</c> is the identity. Only linspace is
/// not LibTorch 2.10's: its kernel rounds differently from the reference's PyTorch (see <see cref="ReferenceLinspace"/>).
/// </remarks>
public static class FluxSchedule
{
    public const double DefaultBaseShift = 0.5;
    public const double DefaultMaxShift = 1.15;

    public static double[] Get(int steps, int imageSeqLen, bool shift,
        double baseShift = DefaultBaseShift, double maxShift = DefaultMaxShift)
    {
        if (steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "schedule: steps must be at least 1");
        }
        if (imageSeqLen < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(imageSeqLen), imageSeqLen, "schedule: image sequence length must be at least 1");
        }
        using var scope = NewDisposeScope();
        Tensor timesteps = tensor(ReferenceLinspace.OneToZero(steps + 1));
        if (shift)
        {
            // Scalars held for the ops: a temporary one finalized while LibTorch reads it is a crash (see KeptScalars).
            using Scalar one = 1.0.ToScalar(), expMu = Math.Exp(Mu(imageSeqLen, baseShift, maxShift)).ToScalar();
            Tensor odds = timesteps.reciprocal().sub(one);
            timesteps = odds.add(expMu).reciprocal().mul(expMu);
        }
        return [.. timesteps.data<float>().Select(v => (double)v)];
    }

    /// <summary>mu = m * seq_len + b on the line through (256, base_shift) and (4096, max_shift), in double.</summary>
    public static double Mu(int imageSeqLen, double baseShift = DefaultBaseShift, double maxShift = DefaultMaxShift)
    {
        double slope = (maxShift - baseShift) / (4096 - 256);
        double intercept = baseShift - slope * 256;
        return slope * imageSeqLen + intercept;
    }
}
