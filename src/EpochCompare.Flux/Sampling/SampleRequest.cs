namespace EpochCompare.Flux.Sampling;

/// <summary>
/// One column of a grid: one prompt, several seeds, shared settings.
/// </summary>
/// <param name="Prompt">Positive prompt.</param>
/// <param name="NegativePrompt">Unconditional prompt for CFG ("" = the empty prompt, as trained with caption dropout).</param>
/// <param name="Seeds">One image per seed; each seed draws its own noise [1, C, h, w] exactly as torch.randn would.</param>
/// <param name="Width">Pixels; a multiple of the autoencoder's patch grid.</param>
/// <param name="Height">Pixels; a multiple of the autoencoder's patch grid.</param>
/// <param name="Steps">Euler steps.</param>
/// <param name="Guidance">Distilled guidance and CFG scale.</param>
/// <param name="Shift">Resolution-dependent schedule shift (BFL: on for dev, off for schnell; kohya: always on).</param>
/// <param name="NoiseDType">dtype torch would draw the noise in (the BFL CLI uses bfloat16, ComfyUI float32).</param>
public sealed record SampleRequest(
    string Prompt,
    string NegativePrompt,
    IReadOnlyList<ulong> Seeds,
    int Width,
    int Height,
    int Steps,
    GuidanceSettings Guidance,
    bool Shift = true,
    NoiseDType NoiseDType = NoiseDType.Float32);
