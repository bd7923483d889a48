using EpochCompare.Flux.Config;
using EpochCompare.Flux.TextEncoders.T5;

namespace EpochCompare.Flux.RealModel;

/// <summary>FLUX.1-dev or FLUX.1-schnell: the sampling defaults BFL's reference CLI uses for each.</summary>
public sealed record FluxVariant(string Name, bool GuidanceEmbedded, int T5Length, int DefaultSteps, bool Shift, string FileHint)
{
    /// <summary>Guidance-distilled (guidance 3.5 embedded), shifted schedule, T5 at 512 tokens.</summary>
    public static FluxVariant Dev { get; } = new(FluxPresets.DevName, true, T5Tokenizer.DevLength, 20, true, "dev");

    /// <summary>Timestep-distilled for 1-4 steps: plain linear schedule, T5 at 256 tokens, no guidance input.</summary>
    public static FluxVariant Schnell { get; } = new(FluxPresets.SchnellName, false, T5Tokenizer.SchnellLength, 4, false, "schnell");

    public static FluxVariant? TryGet(string name) => name switch
    {
        FluxPresets.DevName => Dev,
        FluxPresets.SchnellName => Schnell,
        _ => null,
    };
}
