using EpochCompare.Flux.Sampling;

namespace EpochCompare.Training.Timesteps;

/// <summary>
/// FLUX's resolution-dependent shift (BFL <c>get_schedule</c>, reused by sd-scripts' flux_shift sampling):
/// mu grows linearly with the image token count, from 0.5 at 256 tokens to 1.15 at 4096.
/// </summary>
public static class FluxShift
{
    /// <summary>get_lin_function(x1=256, y1=0.5, x2=4096, y2=1.15)(tokens): the sampler's schedule mu.</summary>
    public static double Mu(int imageTokens) => FluxSchedule.Mu(imageTokens);

    /// <summary>time_shift(mu, 1, t) = e^mu / (e^mu + (1/t - 1)) = e^mu t / (1 + (e^mu - 1) t).</summary>
    public static double TimeShift(double mu, double t)
    {
        double s = Math.Exp(mu);
        return s * t / (1.0 + (s - 1.0) * t);
    }
}
