namespace EpochCompare.Flux.Sampling;

/// <summary>
/// One line of a kohya sample-prompt file. Options left out stay null so the caller's defaults apply.
/// </summary>
/// <param name="Prompt">The positive prompt.</param>
/// <param name="NegativePrompt">--n: the prompt of the unconditional pass of true CFG (empty if absent).</param>
/// <param name="Width">--w: image width in pixels.</param>
/// <param name="Height">--h: image height in pixels.</param>
/// <param name="Seed">--d: seed of the starting noise.</param>
/// <param name="Steps">--s: denoising steps.</param>
/// <param name="CfgScale">--l (or --scale): true classifier-free guidance scale; 1 disables it.</param>
/// <param name="Guidance">--g: distilled guidance value for guidance-embedded models.</param>
public sealed record SamplePrompt(
    string Prompt,
    string NegativePrompt = "",
    int? Width = null,
    int? Height = null,
    ulong? Seed = null,
    int? Steps = null,
    double? CfgScale = null,
    double? Guidance = null);
