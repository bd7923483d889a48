using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Tests.Transformer;

/// <summary>FLUX.1-dev's layout (guidance embed, qkv bias, 2x2 patches) at a tiny width, two blocks of each kind.</summary>
internal static class TinyDevLayout
{
    public static readonly FluxParams Params = FluxPresets.Dev with
    {
        VecInDim = 24,
        ContextInDim = 20,
        HiddenSize = 64,
        NumHeads = 2,
        Depth = 2,
        DepthSingleBlocks = 2,
        AxesDim = [4, 14, 14],
    };
}
