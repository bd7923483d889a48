namespace EpochCompare.Flux.Sampling;

/// <summary>
/// The FLUX timestep schedule, <c>get_schedule(num_steps, image_seq_len, base_shift, max_shift, shift)</c>
/// from BFL <c>sampling.py</c>: linspace(1, 0, steps + 1), optionally warped by
/// time_shift(mu, 1, t) = e^mu / (e^mu + (1/t - 1)) with mu linear in the image token count
/// (base_shift at 256 tokens, max_shift at 4096).
/// </summary>
/// <remarks>
/// The reference does this on a float32 tensor, so we reproduce its float roundings exactly
/// (the values then match its <c>.tolist()</c> bit for bit): mu and e^mu are double and e^mu is rounded
/// to float once; linspace is torch's float kernel (8-wide vector chunks counting from a base);
/// 1/t is a float reciprocal, and <c>e^mu / x</c> is evaluated as reciprocal(x) * e^mu (torch's __rtruediv__).
/// </remarks>
public static class FluxSchedule
{
    public const double DefaultBaseShift = 0.5;
    public const double DefaultMaxShift = 1.15;

    /// <summary>torch.linspace on CPU fills contiguous float output 8 lanes at a time (AVX2), each lane base + k*step.</summary>
    private const int LinspaceLanes = 8;

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

        float[] timesteps = LinspaceOneToZero(steps + 1);
        if (shift)
        {
            float expMu = (float)Math.Exp(Mu(imageSeqLen, baseShift, maxShift));
            for (int i = 0; i < timesteps.Length; i++)
            {
                timesteps[i] = TimeShift(expMu, timesteps[i]);
            }
        }

        var result = new double[timesteps.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = timesteps[i];
        }
        return result;
    }

    /// <summary>mu = m * seq_len + b on the line through (256, base_shift) and (4096, max_shift), in double.</summary>
    public static double Mu(int imageSeqLen, double baseShift = DefaultBaseShift, double maxShift = DefaultMaxShift)
    {
        double slope = (maxShift - baseShift) / (4096 - 256);
        double intercept = baseShift - slope * 256;
        return slope * imageSeqLen + intercept;
    }

    /// <summary>time_shift(mu, 1, t) in the reference's float order; t = 0 gives 0 through 1/0 = inf.</summary>
    private static float TimeShift(float expMu, float t)
    {
        float odds = 1f / t - 1f;
        float denominator = expMu + odds;
        return 1f / denominator * expMu;
    }

    private static float[] LinspaceOneToZero(int count)
    {
        var values = new float[count];
        if (count == 1)
        {
            values[0] = 1f;
            return values;
        }
        const float start = 1f;
        const float end = 0f;
        float step = (end - start) / (count - 1);
        int halfway = count / 2;
        float FromNearestEnd(int index) =>
            index < halfway ? start + step * index : end - step * (count - index - 1);

        // The vector loop fills two 8-lane chunks per iteration, each counted from its own base;
        // what is left after the last pair is filled one value at a time.
        int i = 0;
        for (; i + 2 * LinspaceLanes <= count; i += 2 * LinspaceLanes)
        {
            for (int chunk = i; chunk < i + 2 * LinspaceLanes; chunk += LinspaceLanes)
            {
                float chunkBase = FromNearestEnd(chunk);
                for (int lane = 0; lane < LinspaceLanes; lane++)
                {
                    values[chunk + lane] = chunkBase + lane * step;
                }
            }
        }
        for (; i < count; i++)
        {
            values[i] = FromNearestEnd(i);
        }
        return values;
    }
}
