using EpochCompare.Flux.RealModel;

namespace EpochCompare.Training.Config;

/// <summary><c>train --model flux-dev|flux-schnell</c>: which FLUX.1 and its four files (as <c>sample</c> finds them).</summary>
public sealed record RealFluxModel(FluxVariant Variant, FluxModelFiles Files)
{
    /// <summary>kohya's recommended FLUX.1 LoRA settings: logit-normal timesteps shifted by 3.1582 (flux_shift's value at 1024x1024).</summary>
    public const double KohyaDiscreteFlowShift = 3.1582;

    /// <summary>The defaults a real run starts from before the config file and the command line apply.</summary>
    public static TrainSettings Defaults() => new()
    {
        TimestepSampling = Timesteps.TimestepSamplingMode.Shift,
        DiscreteFlowShift = KohyaDiscreteFlowShift,
        GuidanceScale = 1.0,
        Width = 1024,
        Height = 1024,
    };
}
