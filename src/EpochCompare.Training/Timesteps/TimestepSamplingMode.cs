namespace EpochCompare.Training.Timesteps;

/// <summary>sd-scripts' <c>--timestep_sampling</c> modes for FLUX (see flux-spec 5.1).</summary>
public enum TimestepSamplingMode
{
    /// <summary>sigma = U(0, 1).</summary>
    Uniform,

    /// <summary>sigma = sigmoid(scale x N(0, 1)): logit-normal (x-flux style).</summary>
    Sigmoid,

    /// <summary>Logit-normal u, then the discrete flow shift S: sigma = S u / (1 + (S - 1) u).</summary>
    Shift,

    /// <summary>Logit-normal u, then FLUX's resolution-dependent shift: sigma = time_shift(mu(tokens), 1, u).</summary>
    FluxShift,
}
