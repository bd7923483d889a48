namespace EpochCompare.Flux.Sampling;

/// <summary>
/// How a sample is steered towards its prompt. Two independent knobs, as in kohya's sampler:
/// <see cref="Distilled"/> is the value fed to a guidance-embedded model (dev; --g, ignored by models
/// without the embedding such as schnell and flux-tiny); <see cref="CfgScale"/> is true classifier-free
/// guidance (--l): when not 1, each step also runs the unconditional prompt and
/// v = v_uncond + scale * (v_cond - v_uncond). flux-tiny, trained with caption dropout, uses CFG.
/// </summary>
public sealed record GuidanceSettings(double Distilled = GuidanceSettings.DefaultDistilled, double CfgScale = 1.0)
{
    public const double DefaultDistilled = 3.5;

    public bool UsesCfg => CfgScale != 1.0;

    public static GuidanceSettings None { get; } = new(0.0, 1.0);
}
