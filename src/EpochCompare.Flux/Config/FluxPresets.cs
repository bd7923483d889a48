namespace EpochCompare.Flux.Config;

/// <summary>Named FLUX configs: the two released models (BFL <c>util.py</c>) and our small embedded one.</summary>
public static class FluxPresets
{
    public const string DevName = "flux-dev";
    public const string SchnellName = "flux-schnell";
    public const string TinyName = "flux-tiny";

    public static FluxParams Dev { get; } = new()
    {
        InChannels = 64,
        OutChannels = 64,
        VecInDim = 768,
        ContextInDim = 4096,
        HiddenSize = 3072,
        MlpRatio = 4.0,
        NumHeads = 24,
        Depth = 19,
        DepthSingleBlocks = 38,
        AxesDim = [16, 56, 56],
        Theta = 10_000,
        QkvBias = true,
        GuidanceEmbed = true,
    };

    /// <summary>Same network as dev without the guidance embedder (schnell is distilled for 1-4 steps).</summary>
    public static FluxParams Schnell { get; } = Dev with { GuidanceEmbed = false };

    /// <summary>
    /// Our embedded default, small enough to train in minutes on 2 cores: 12 latent channels in
    /// 2x2 patches (48), 256 image tokens at 32x32 latents, classifier-free guidance instead of a
    /// guidance embedding.
    /// </summary>
    public static FluxParams Tiny { get; } = new()
    {
        InChannels = 48,
        OutChannels = 48,
        VecInDim = 128,
        ContextInDim = 128,
        HiddenSize = 128,
        MlpRatio = 4.0,
        NumHeads = 2,
        Depth = 2,
        DepthSingleBlocks = 4,
        AxesDim = [16, 24, 24],
        Theta = 10_000,
        QkvBias = true,
        GuidanceEmbed = false,
    };

    public static IReadOnlyList<string> Names { get; } = [DevName, SchnellName, TinyName];

    public static FluxParams Get(string name) => TryGet(name, out FluxParams? found)
        ? found
        : throw new ArgumentException($"unknown FLUX model '{name}'; known: {string.Join(", ", Names)}.");

    public static bool TryGet(string name, out FluxParams found)
    {
        found = name switch
        {
            DevName => Dev,
            SchnellName => Schnell,
            TinyName => Tiny,
            _ => null!,
        };
        return found is not null;
    }
}
