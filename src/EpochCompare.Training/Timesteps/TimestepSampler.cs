using EpochCompare.Training.Noise;

namespace EpochCompare.Training.Timesteps;

/// <summary>
/// Draws the noise level sigma in (0, 1) per sample, as sd-scripts' <c>get_noisy_model_input_and_timesteps</c>
/// does for FLUX; the model sees timestep sigma (the reference multiplies by 1000 and the model divides again).
/// </summary>
public sealed record TimestepSampler
{
    public TimestepSamplingMode Mode { get; init; } = TimestepSamplingMode.FluxShift;

    /// <summary><c>--sigmoid_scale</c>: the std of the logit; larger spreads sigma towards 0 and 1.</summary>
    public double SigmoidScale { get; init; } = 1.0;

    /// <summary><c>--discrete_flow_shift</c> S for <see cref="TimestepSamplingMode.Shift"/> (3.1582 = flux_shift at 1024^2).</summary>
    public double DiscreteFlowShift { get; init; } = 3.0;

    /// <summary>
    /// Sigmas for a batch of <paramref name="batch"/> latents of <paramref name="latentHeight"/> x <paramref name="latentWidth"/>
    /// (the packed FLUX sequence has (h/2)(w/2) image tokens, which flux_shift uses).
    /// </summary>
    public float[] Sample(int batch, int latentHeight, int latentWidth, IRandomSource random)
    {
        var draws = new float[batch];
        if (Mode == TimestepSamplingMode.Uniform)
        {
            random.FillUniform(draws);
            return draws;
        }
        random.FillNormal(draws);
        double mu = FluxShift.Mu((latentHeight / 2) * (latentWidth / 2));
        for (int i = 0; i < batch; i++)
        {
            double u = Sigmoid(SigmoidScale * draws[i]);
            draws[i] = (float)(Mode switch
            {
                TimestepSamplingMode.Sigmoid => u,
                TimestepSamplingMode.Shift => DiscreteShift(u, DiscreteFlowShift),
                TimestepSamplingMode.FluxShift => FluxShift.TimeShift(mu, u),
                _ => throw new InvalidOperationException($"Unknown timestep sampling {Mode}."),
            });
        }
        return draws;
    }

    /// <summary>sd-scripts' shift mode: S u / (1 + (S - 1) u).</summary>
    public static double DiscreteShift(double u, double shift) => u * shift / (1.0 + (shift - 1.0) * u);

    internal static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
